-- People and machines that use dondoc: users with a role (and an agency for
-- officers), their browser sessions, and API tokens for integrations.
-- Secrets are never stored: sessions and tokens by their SHA-256, passwords
-- as argon2id PHC strings.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'leader', 'officer')),
    agency_id     INTEGER REFERENCES agencies(id),
    email         TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    CHECK (role <> 'officer' OR agency_id IS NOT NULL)
);

CREATE TABLE sessions (
    token_sha256  TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    csrf          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0
);

-- Tasks dropped at review leave the search index with them.
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO tasks_fts(tasks_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
