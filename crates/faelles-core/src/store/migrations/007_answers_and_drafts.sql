-- Version 7: every evaluation answer saves itself like a note, and only a final letter can be
-- handed over.
--
-- The texts of the evaluations (the citizen's own words, the professionals' effects,
-- experiences and learning points) are notes now: each has a revision, so a save names the
-- revision it was typed on and text typed on an older one is kept beside it, never written
-- over newer text. Text already there is revision 1.
ALTER TABLE citizen_evaluation ADD COLUMN comment_revision INTEGER NOT NULL DEFAULT 0;
UPDATE citizen_evaluation SET comment_revision = 1 WHERE comment <> '';
ALTER TABLE meeting_evaluation ADD COLUMN effects_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_evaluation ADD COLUMN experiences_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_evaluation ADD COLUMN learning_revision INTEGER NOT NULL DEFAULT 0;
UPDATE meeting_evaluation SET effects_revision = 1 WHERE effects <> '';
UPDATE meeting_evaluation SET experiences_revision = 1 WHERE experiences <> '';
UPDATE meeting_evaluation SET learning_revision = 1 WHERE learning <> '';

-- A file made while its meeting was not closed is a draft (it carries «UDKAST»). Earlier
-- versions did not record this; it is read from the times: a summary, minutes or extract made
-- before the meeting's (latest) close, or of a meeting not closed now, is a draft. A file made
-- after an earlier close that was later reopened counts as a draft too (only the latest close
-- time is kept): the safe side, since a draft never counts as handed over and its mark shows
-- as outdated.
ALTER TABLE export_record ADD COLUMN draft INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1));
UPDATE export_record SET draft = 1
 WHERE kind IN ('citizen', 'minutes', 'extract')
   AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = export_record.meeting_id
               AND (m.status <> 'closed' OR m.closed_at IS NULL
                    OR export_record.created_at < m.closed_at));
