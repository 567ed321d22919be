-- Version 8: each recipient gets only what is theirs.
--
-- A consent names who may receive information about the citizen: the organisations of the
-- fixed team (from the template: kommunen, regionspsykiatrien) and the template's ad hoc
-- kinds (psykiater, praktiserende_laege, vaerested, netvaerk, anden), as space-separated keys.
-- The free text (`scope`) stays for what the form says. Every consent recorded before said
-- «kommunen og regionspsykiatrien …» (the template's text): the fixed team's organisations.
ALTER TABLE consent ADD COLUMN recipients TEXT NOT NULL DEFAULT '';
UPDATE consent SET recipients = 'kommunen regionspsykiatrien';

-- Every file made records for whom it was made: the citizen, the fixed team, or one named
-- ad hoc participant (`participant_id`). Calendar files of a case are recorded too (kind
-- 'calendar'). SQLite cannot change a CHECK constraint in place: export_record is rebuilt
-- with its rows. Earlier records get the recipient their kind had: the summary and the
-- invitation the citizen, the minutes and the agenda the fixed team, the extract the case's
-- ad hoc participants (who, was not recorded: `participant_id` stays empty).
CREATE TABLE export_record_new (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meeting(id),
    case_id         TEXT REFERENCES "case"(id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('citizen', 'minutes', 'invitation', 'agenda', 'extract',
                                    'calendar')),
    path            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    handed_over_at  TEXT,
    draft           INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
    recipient       TEXT NOT NULL DEFAULT 'team'
                    CHECK (recipient IN ('citizen', 'team', 'participant')),
    participant_id  TEXT REFERENCES participant(id)
);
INSERT INTO export_record_new (id, meeting_id, case_id, kind, path, sha256, created_at,
                               handed_over_at, draft, recipient)
    SELECT id, meeting_id, case_id, kind, path, sha256, created_at, handed_over_at, draft,
           CASE kind WHEN 'citizen' THEN 'citizen' WHEN 'invitation' THEN 'citizen'
                     WHEN 'extract' THEN 'participant' ELSE 'team' END
    FROM export_record;
DROP TABLE export_record;
ALTER TABLE export_record_new RENAME TO export_record;
CREATE INDEX export_record_meeting ON export_record(meeting_id, created_at);
CREATE INDEX export_record_case ON export_record(case_id);
