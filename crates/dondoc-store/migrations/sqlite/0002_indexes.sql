-- Indexes for the dashboard and the inbox at national scale (~340,000 tasks):
-- a province's summary starts from its agencies (parent_id), and date-range
-- lists use the deadline whether or not the task is done (the partial index
-- of 0001 served only open tasks).
CREATE INDEX agencies_parent ON agencies(parent_id);
DROP INDEX tasks_due;
CREATE INDEX tasks_due ON tasks(due_effective);
