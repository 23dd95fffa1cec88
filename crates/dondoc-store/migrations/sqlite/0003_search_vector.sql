-- PostgreSQL stores a search vector in 0003; SQLite's FTS5 index (0001) already
-- holds the folded text. Nothing to change here.
SELECT 1;
