-- An answered explanation request on an indicator waits in the
-- secretariat's queue until someone has read the answer, as on tasks.
ALTER TABLE indicator_explanations ADD COLUMN reviewed_by TEXT;
ALTER TABLE indicator_explanations ADD COLUMN reviewed_at TEXT;
CREATE INDEX indicator_explanation_unreviewed ON indicator_explanations(answered_at) WHERE answer IS NOT NULL AND reviewed_at IS NULL;
