-- Money and targets (giải ngân, chỉ tiêu).
--
-- Projects and funds with their allocation for a year (kế hoạch vốn giao)
-- and, per month, the disbursement plan and what was disbursed: amounts in
-- whole đồng as 64-bit integers, never floating point. A project is keyed by
-- (code, year), the key of the finance department's workbook, so that the
-- same import twice changes nothing. Sources and programmes are stored as
-- the domain's codes (`CapitalSource::code`, `Programme::code`).

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    name        TEXT NOT NULL,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),   -- chủ đầu tư / đơn vị thực hiện
    source      TEXT NOT NULL,                              -- nguồn vốn
    programme   TEXT NOT NULL,                              -- S&T, digital transformation, other
    allocation  BIGINT NOT NULL,                            -- đồng
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (code, year)
);
CREATE INDEX projects_agency ON projects(agency_id, year);
CREATE INDEX projects_year ON projects(year, agency_id);

-- Twelve rows per project: each month's own amount (not cumulative).
CREATE TABLE project_months (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    plan        BIGINT NOT NULL DEFAULT 0,
    actual      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, month)
);

-- The tasks a project serves (a task can have projects; a project shows its tasks).
CREATE TABLE project_tasks (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (project_id, task_id)
);
CREATE INDEX project_tasks_task ON project_tasks(task_id);

-- Imported workbooks, kept; a file is imported once (its SHA-256).
CREATE TABLE money_imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('disbursement', 'indicator')),
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    file_bytes   BLOB NOT NULL,
    row_count    INTEGER NOT NULL,
    created      INTEGER NOT NULL,
    updated      INTEGER NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    UNIQUE (kind, file_sha256)
);

-- A year's budget spending and the share science and technology must reach
-- (Resolution 57: at least 3 % of budget spending), per deployment scope
-- (the province's agency id, 0 for all).
CREATE TABLE budget_years (
    scope_id     INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    total        BIGINT NOT NULL,          -- đồng
    required_bp  BIGINT NOT NULL,          -- basis points: 300 = 3 %
    PRIMARY KEY (scope_id, year)
);

-- Indicators (chỉ tiêu) with their owner agency; figures are the domain's
-- `Figure` in ten-thousandths (BIGINT); units, directions and periods as
-- the domain's codes.
CREATE TABLE indicators (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    search_key    TEXT NOT NULL,           -- folded name (imports by name)
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    unit          TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline      BIGINT,
    baseline_year INTEGER,
    source        TEXT NOT NULL DEFAULT '',
    frequency     TEXT NOT NULL DEFAULT 'year' CHECK (frequency IN ('year', 'half', 'quarter', 'month')),
    directive_id  INTEGER REFERENCES directives(id),   -- the directive that set it
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX indicators_agency ON indicators(agency_id);

CREATE TABLE indicator_targets (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    period        TEXT NOT NULL,           -- Period::code: 2026, 2026-Q3
    kind          TEXT NOT NULL CHECK (kind IN ('reach', 'improve', 'reference')),
    value         BIGINT,
    value_max     BIGINT,
    strict        INTEGER NOT NULL DEFAULT 0,
    label         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);

-- One value per indicator and period; a correction replaces it (the audit
-- log keeps the old one).
CREATE TABLE indicator_values (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES indicators(id),
    period          TEXT NOT NULL,
    period_end      TEXT NOT NULL,         -- YYYY-MM-DD, for ordering and reminders
    value           BIGINT NOT NULL,
    document_number TEXT NOT NULL DEFAULT '',
    document_date   TEXT,
    file_name       TEXT,
    file_sha256     TEXT,
    file_bytes      BLOB,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    UNIQUE (indicator_id, period)
);

-- Explanation requests on an indicator, as on a task (answered once).
CREATE TABLE indicator_explanations (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    question      TEXT NOT NULL,
    answer_by     TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    answer        TEXT,
    answered_by   TEXT,
    answered_at   TEXT
);
CREATE INDEX indicator_explanations_indicator ON indicator_explanations(indicator_id);
CREATE INDEX indicator_explanations_open ON indicator_explanations(agency_id) WHERE answer IS NULL;

-- What a digest named besides tasks: a project behind plan, an indicator
-- waiting for its value (at most every few days, see dondoc-notify).
CREATE TABLE reminder_money_items (
    reminder_id   INTEGER NOT NULL REFERENCES reminders(id),
    project_id    INTEGER REFERENCES projects(id),
    indicator_id  INTEGER REFERENCES indicators(id),
    kind          TEXT NOT NULL CHECK (kind IN ('behind_plan', 'value_due')),
    CHECK ((project_id IS NULL) <> (indicator_id IS NULL))
);
CREATE INDEX reminder_money_items_project ON reminder_money_items(project_id);
CREATE INDEX reminder_money_items_indicator ON reminder_money_items(indicator_id);
