-- The follow-up engine: one reminder digest per agency per day, the tasks it
-- named, the outbox that delivers it (e-mail, webhook) exactly as stored,
-- explanation requests, and calendar feed tokens.

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    on_date     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL,
    html_body   TEXT NOT NULL,
    payload     TEXT NOT NULL,              -- the webhook's JSON
    created_at  TEXT NOT NULL,
    UNIQUE (agency_id, on_date)             -- a day's run twice is one digest
);

CREATE TABLE reminder_items (
    reminder_id INTEGER NOT NULL REFERENCES reminders(id),
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    kind        TEXT NOT NULL,              -- due_in, due_today, overdue, duty
    days        INTEGER NOT NULL,
    PRIMARY KEY (reminder_id, task_id, kind)
);
CREATE INDEX reminder_items_task ON reminder_items(task_id);

-- Delivery: claimed with a lease, so that a crash mid-send is retried after
-- the lease; Message-ID is stable per row, so a resend is recognisable.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    reminder_id   INTEGER NOT NULL REFERENCES reminders(id),
    channel       TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    recipient     TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  TEXT NOT NULL,
    lease_until   TEXT,
    last_error    TEXT,
    sent_at       TEXT,
    UNIQUE (reminder_id, channel, recipient)
);
CREATE INDEX outbox_due ON outbox(state, next_attempt);

CREATE TABLE explanation_requests (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks(id),
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    question      TEXT NOT NULL,
    answer_by     TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    answer        TEXT,
    answered_by   TEXT,
    answered_at   TEXT
);
CREATE INDEX explanation_task ON explanation_requests(task_id);

CREATE TABLE feed_tokens (
    token_sha256  TEXT PRIMARY KEY,
    user_id       INTEGER REFERENCES users(id),
    agency_id     INTEGER REFERENCES agencies(id),
    created_at    TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (agency_id IS NULL))
);

-- Where an agency's digests go besides its officers' e-mail.
CREATE TABLE agency_channels (
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    recipient   TEXT NOT NULL,
    PRIMARY KEY (agency_id, channel, recipient)
);
