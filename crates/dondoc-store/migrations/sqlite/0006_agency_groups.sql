-- Which agencies a group addressee ("các sở, ban, ngành") stands for, so that
-- its tasks reach each member's inbox and reminders. Rebuilt from the
-- agencies' kinds whenever the registry changes (dondoc_domain::groups).
CREATE TABLE agency_groups (
    group_id   INTEGER NOT NULL REFERENCES agencies(id),
    member_id  INTEGER NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX agency_groups_member ON agency_groups(member_id);
