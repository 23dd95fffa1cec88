-- The secretariat's queue ("việc chờ xử lý"): an answered explanation
-- request waits until someone of the secretariat has read the answer.
ALTER TABLE explanation_requests ADD COLUMN reviewed_by TEXT;
ALTER TABLE explanation_requests ADD COLUMN reviewed_at TEXT;
CREATE INDEX explanation_unreviewed ON explanation_requests(answered_at) WHERE answer IS NOT NULL AND reviewed_at IS NULL;
CREATE INDEX directives_draft ON directives(ingested_at) WHERE state = 'draft';

-- What the reader said of a directive's file (e.g. that its text was
-- recognised by OCR from a scan): shown on the review screen.
ALTER TABLE directives ADD COLUMN notes TEXT NOT NULL DEFAULT '';
