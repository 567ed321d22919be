-- Version 10: personal data as the law asks (issue 32). Purely additive.
--
-- 1. The team's retention periods, set by the municipality: how many days a citizen's data is
--    kept after their last case (or after they left: consent withdrawn), and how many days a
--    backup is kept. Defaults and their reasons: README.md, docs/DATABESKYTTELSE.md.
ALTER TABLE team ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 365
    CHECK (retention_days BETWEEN 30 AND 3650);
ALTER TABLE team ADD COLUMN backup_retention_days INTEGER NOT NULL DEFAULT 30
    CHECK (backup_retention_days BETWEEN 1 AND 365);

-- 2. A deleted citizen keeps their row (the cases, attendance, answers and agreements'
--    statuses that the evaluation counts point at it), without name, CPR number or any text:
--    when and why it was deleted ('frist': the retention period ran out; 'anmodning': at the
--    citizen's request, GDPR art. 17).
ALTER TABLE citizen ADD COLUMN deleted_at TEXT;
ALTER TABLE citizen ADD COLUMN deleted_reason TEXT
    CHECK (deleted_reason IN ('frist', 'anmodning'));

-- 3. Files about a citizen that belong to no meeting (the access request's PDF), recorded as
--    made by the app like export_record, so a deletion can name them.
CREATE TABLE citizen_file (
    id          TEXT PRIMARY KEY,
    citizen_id  TEXT NOT NULL REFERENCES citizen(id),
    kind        TEXT NOT NULL CHECK (kind IN ('access')),
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX citizen_file_citizen ON citizen_file(citizen_id);
