-- Version 4: the citizen's invitation and the hand-over after the meeting.
-- A case remembers when its invitation letter was made (the letter is the invitation:
-- "Borgeren er inviteret" is no longer assumed). The export record knows the new document
-- kinds (invitation, the participants' agenda, an ad hoc participant's extract) and when a
-- file was handed over for e-Boks (the app sends nothing itself). SQLite cannot change a
-- CHECK constraint in place: export_record is rebuilt with its rows.
ALTER TABLE "case" ADD COLUMN invited_on TEXT;

-- The calendar files' SEQUENCE: raised each time a meeting moves, changes place or is
-- cancelled, so calendars replace the event they hold.
ALTER TABLE meeting ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

CREATE TABLE export_record_new (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meeting(id),
    case_id         TEXT REFERENCES "case"(id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('citizen', 'minutes', 'invitation', 'agenda', 'extract')),
    path            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    handed_over_at  TEXT
);
INSERT INTO export_record_new (id, meeting_id, case_id, kind, path, sha256, created_at)
    SELECT id, meeting_id, case_id, kind, path, sha256, created_at FROM export_record;
DROP TABLE export_record;
ALTER TABLE export_record_new RENAME TO export_record;
CREATE INDEX export_record_meeting ON export_record(meeting_id, created_at);
