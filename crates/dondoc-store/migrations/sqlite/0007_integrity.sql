-- The rules of a task's life, held by the database itself: one completion
-- claim awaiting appraisal per task, one deadline request awaiting decision
-- per task. Duplicates that earlier versions let through under races are
-- closed first (the oldest stays pending), with a note saying why.

UPDATE completions
   SET appraisal = 'sent_back', appraised_by = 'dondoc',
       appraised_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       appraisal_note = 'Đóng tự động khi nâng cấp: báo cáo hoàn thành trùng lặp'
 WHERE appraisal = 'pending'
   AND (id NOT IN (SELECT MIN(id) FROM completions WHERE appraisal = 'pending' GROUP BY task_id)
        OR task_id IN (SELECT id FROM tasks WHERE completed_on IS NOT NULL));
CREATE UNIQUE INDEX completions_one_pending ON completions(task_id) WHERE appraisal = 'pending';

UPDATE deadline_changes
   SET decision = 'rejected', decided_by = 'dondoc',
       decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       note = 'Đóng tự động khi nâng cấp: đề nghị gia hạn trùng lặp'
 WHERE decision = 'pending'
   AND id NOT IN (SELECT MIN(id) FROM deadline_changes WHERE decision = 'pending' GROUP BY task_id);
CREATE UNIQUE INDEX deadline_changes_one_pending ON deadline_changes(task_id) WHERE decision = 'pending';

-- Calendar feeds end with the account that made them (lock, password change)
-- or when revoked.
ALTER TABLE feed_tokens ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE feed_tokens ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0;
UPDATE feed_tokens SET created_by = user_id WHERE user_id IS NOT NULL;
