-- A reviewer who returns a record says why; the inspector sees it until the next submission.
ALTER TABLE records ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';
