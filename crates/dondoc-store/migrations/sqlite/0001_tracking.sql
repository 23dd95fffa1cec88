-- Tracking core: agencies, directives, tasks and everything that happens to them.
-- Dates are ISO-8601 TEXT (YYYY-MM-DD; timestamps with offset), the one date
-- representation both SQLite and PostgreSQL share through sqlx's Any driver.
-- Status is never stored: it is derived from due dates, completion and flags.
-- (WAL mode is set when connecting: a pragma cannot change it inside a migration.)

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES agencies(id),
    aliases     TEXT NOT NULL DEFAULT '',   -- '|'-separated, as in the registry file
    codes       TEXT NOT NULL DEFAULT '',
    search_key  TEXT NOT NULL               -- folded name: lowercase, no diacritics
);

CREATE TABLE directives (
    id           INTEGER PRIMARY KEY,
    number       TEXT,
    symbol       TEXT,
    kind         TEXT,
    issuer       TEXT,
    issued_on    TEXT,
    title        TEXT,
    signer       TEXT,
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL UNIQUE,      -- re-ingesting the same file is a no-op
    file_bytes   BLOB NOT NULL,             -- the original, kept
    body_text    TEXT NOT NULL,             -- the extracted text the lines refer to
    state        TEXT NOT NULL CHECK (state IN ('draft', 'confirmed')),
    ingested_at  TEXT NOT NULL,
    ingested_by  TEXT NOT NULL
);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    directive_id  INTEGER NOT NULL REFERENCES directives(id),
    parent_id     INTEGER REFERENCES tasks(id),
    first_line    INTEGER NOT NULL,
    last_line     INTEGER NOT NULL,
    text          TEXT NOT NULL,
    search_text   TEXT NOT NULL,            -- folded text, for search without diacritics
    deliverable   TEXT,
    due_original  TEXT,                     -- as the directive set it; never changed
    due_precision TEXT,
    due_text      TEXT,
    due_effective TEXT,                     -- after approved deadline changes
    recurrence    TEXT,
    area_tags     TEXT NOT NULL DEFAULT '',
    paused        INTEGER NOT NULL DEFAULT 0,
    cancelled     INTEGER NOT NULL DEFAULT 0,
    completed_on  TEXT,                     -- date of the accepted completion claim
    last_update_on TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX tasks_directive ON tasks(directive_id);
CREATE INDEX tasks_due ON tasks(due_effective) WHERE completed_on IS NULL;

CREATE TABLE task_agencies (
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    role       TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    PRIMARY KEY (task_id, agency_id, role)
);
CREATE INDEX task_agencies_agency ON task_agencies(agency_id, role, task_id);

-- Every directive that states (or restates) a task.
CREATE TABLE task_mentions (
    task_id       INTEGER NOT NULL REFERENCES tasks(id),
    directive_id  INTEGER NOT NULL REFERENCES directives(id),
    first_line    INTEGER NOT NULL,
    last_line     INTEGER NOT NULL,
    PRIMARY KEY (task_id, directive_id, first_line)
);

-- A new task that restates an open one: proposed at ingest, decided at review.
CREATE TABLE link_proposals (
    task_id          INTEGER NOT NULL REFERENCES tasks(id),
    existing_task_id INTEGER NOT NULL REFERENCES tasks(id),
    score            REAL NOT NULL,
    PRIMARY KEY (task_id, existing_task_id)
);

CREATE TABLE updates (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    agency_id  INTEGER NOT NULL REFERENCES agencies(id),
    on_date    TEXT NOT NULL,
    percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    body       TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '',    -- cited document numbers, '|'-separated
    by_user    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX updates_task ON updates(task_id, on_date);

CREATE TABLE evidence_files (
    id         INTEGER PRIMARY KEY,
    update_id  INTEGER NOT NULL REFERENCES updates(id),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    bytes      BLOB NOT NULL
);

CREATE TABLE deadline_changes (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks(id),
    requested_due TEXT NOT NULL,
    reason        TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
    decided_by    TEXT,
    decided_at    TEXT,
    note          TEXT
);
CREATE INDEX deadline_changes_task ON deadline_changes(task_id);

CREATE TABLE completions (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    claimed_on  TEXT NOT NULL,
    claimed_by  TEXT NOT NULL,
    note        TEXT NOT NULL,
    appraisal   TEXT NOT NULL DEFAULT 'pending' CHECK (appraisal IN ('pending', 'accepted', 'sent_back')),
    appraised_by TEXT,
    appraised_at TEXT,
    appraisal_note TEXT
);
CREATE INDEX completions_task ON completions(task_id);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- Search without diacritics: an FTS5 index over the folded text.
CREATE VIRTUAL TABLE tasks_fts USING fts5(search_text, content='tasks', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO tasks_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF search_text ON tasks BEGIN
    INSERT INTO tasks_fts(tasks_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO tasks_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
