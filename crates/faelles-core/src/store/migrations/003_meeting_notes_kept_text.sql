-- Version 3: a meeting's own notes (Månedens tema) get revisions like a case's sections, and
-- text that could not be saved where it was typed (the stored text was newer, or the meeting
-- had been closed) is kept for the chair to merge instead of being dropped.
CREATE TABLE meeting_note (
    meeting_id  TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    text        TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, key)
);
INSERT INTO meeting_note (meeting_id, key, text, revision, updated_at)
    SELECT id, 'tema', theme_notes, 1, created_at FROM meeting WHERE theme_notes <> '';
ALTER TABLE meeting DROP COLUMN theme_notes;

CREATE TABLE kept_text (
    id             TEXT PRIMARY KEY,
    meeting_id     TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    case_id        TEXT REFERENCES "case"(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    text           TEXT NOT NULL,
    reason         TEXT NOT NULL,
    base_revision  INTEGER NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX kept_text_note ON kept_text(meeting_id, case_id, key);
