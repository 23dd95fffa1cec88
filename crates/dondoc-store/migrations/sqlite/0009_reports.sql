-- Periodic reports (báo cáo định kỳ), their consolidation, and scores.
--
-- A round (đợt báo cáo) covers a period and has a due day; each agency it
-- expects has one report row from the opening, in state 'draft' until filed.
-- Transitions are guarded in the store (conditional on the state they
-- leave): draft → submitted → accepted | returned → submitted … Scores are
-- computed from dated facts as of a period's end: report_events below,
-- deadline decisions and appraisals with their timestamps.

-- A deadline moved for an objective cause (lý do khách quan) is judged by
-- its new deadline when scoring.
ALTER TABLE deadline_changes ADD COLUMN objective INTEGER NOT NULL DEFAULT 0 CHECK (objective IN (0, 1));
-- Scoring starts from the tasks whose deadline falls in a period.
CREATE INDEX tasks_due_original ON tasks(due_original);
CREATE INDEX deadline_changes_approved_due ON deadline_changes(requested_due) WHERE decision = 'approved';

CREATE TABLE report_rounds (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'half-yearly', 'yearly', 'ad-hoc')),
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    title         TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    duty_task_id  INTEGER REFERENCES tasks(id),     -- the recurring duty that opened it
    opened_by     TEXT NOT NULL,
    opened_at     TEXT NOT NULL,
    CHECK (period_start <= period_end)
);
-- One round per kind and period; ad hoc rounds may share a period.
CREATE UNIQUE INDEX report_rounds_one_per_period ON report_rounds(kind, period_start) WHERE kind <> 'ad-hoc';
CREATE INDEX report_rounds_due ON report_rounds(due_on);

CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    round_id           INTEGER NOT NULL REFERENCES report_rounds(id),
    agency_id          INTEGER NOT NULL REFERENCES agencies(id),
    state              TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    highlights         TEXT NOT NULL DEFAULT '',   -- kết quả nổi bật
    difficulties       TEXT NOT NULL DEFAULT '',   -- khó khăn, vướng mắc
    proposals          TEXT NOT NULL DEFAULT '',   -- đề xuất, kiến nghị
    first_submitted_on TEXT,                       -- province date of the first filing: on time or late
    submitted_at       TEXT,                       -- the latest filing
    submitted_by       TEXT,
    decided_at         TEXT,
    decided_by         TEXT,
    decision_note      TEXT,
    saved_at           TEXT,
    saved_by           TEXT,
    UNIQUE (round_id, agency_id)
);
CREATE INDEX reports_agency ON reports(agency_id, state);

-- Every filing, acceptance and return, dated in the province: the scores
-- count returns and first filings as of a period's end.
CREATE TABLE report_events (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    action     TEXT NOT NULL CHECK (action IN ('submit', 'accept', 'return')),
    on_date    TEXT NOT NULL,
    at         TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events(report_id, on_date);

-- Per task: the result and a short assessment; its filing writes the
-- task's progress update (update_id) in the same transaction.
CREATE TABLE report_items (
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    percent    INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
    result     TEXT NOT NULL DEFAULT '',
    assessment TEXT NOT NULL DEFAULT '',
    update_id  INTEGER REFERENCES updates(id),
    PRIMARY KEY (report_id, task_id)
);
CREATE INDEX report_items_task ON report_items(task_id);

CREATE TABLE report_files (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE INDEX report_files_report ON report_files(report_id);

-- The consolidated report of a round as the secretariat edited it (JSON
-- sections) and the figures as of its drafting (JSON), kept so that the
-- next round compares with what this one said.
CREATE TABLE round_summaries (
    round_id   INTEGER PRIMARY KEY REFERENCES report_rounds(id),
    sections   TEXT NOT NULL,
    figures    TEXT NOT NULL,
    as_of      TEXT NOT NULL,
    edited_by  TEXT NOT NULL,
    edited_at  TEXT NOT NULL
);

-- Reports named in a day's reminder digest (before and after the due day).
CREATE TABLE report_reminders (
    reminder_id INTEGER NOT NULL REFERENCES reminders(id),
    report_id   INTEGER NOT NULL REFERENCES reports(id),
    kind        TEXT NOT NULL,
    days        INTEGER NOT NULL,
    PRIMARY KEY (reminder_id, report_id)
);
CREATE INDEX report_reminders_report ON report_reminders(report_id);

-- The committee's criteria sets (bộ tiêu chí), every version kept: the text
-- as written and the canonical form the scores were computed with.
CREATE TABLE criteria_sets (
    id         INTEGER PRIMARY KEY,
    version    TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    canonical  TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A period's result as fixed by the secretariat, with the criteria used.
CREATE TABLE score_runs (
    id               INTEGER PRIMARY KEY,
    period_kind      TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    scope_id         INTEGER REFERENCES agencies(id),
    criteria_version TEXT NOT NULL,
    criteria         TEXT NOT NULL,
    result           TEXT NOT NULL,
    computed_by      TEXT NOT NULL,
    computed_at      TEXT NOT NULL
);
CREATE INDEX score_runs_period ON score_runs(period_kind, period_start);
