-- Version 11: the team's own templates, versioned, and the answers by question key.
--
-- 1. Every version of the team's template, as data. `id` is what meeting.template_version
--    holds: the bundled ones keep their names (faelles-team-2026.1, -2026.2), a saved one is
--    `v<number>-<hash of number and body>` (templates::saved_version_id). A version never
--    changes after it is saved; the newest (highest number) is the one new meetings get.
--    The bundled versions a database needs are written by the code when it opens
--    (store::templates::ensure_bundled): SQL cannot read the app's assets.
CREATE TABLE template_version (
    id          TEXT PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE CHECK (number >= 1),
    body        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    based_on    TEXT REFERENCES template_version(id)
);

-- 2. The citizen's answers by the template's question key, one row per question asked (a
--    question the case's meeting's template did not ask has no row: «Ikke stillet»). The
--    answers move here from citizen_evaluation's fixed columns, which go: a question the
--    team adds in its template is stored like the first three.
CREATE TABLE citizen_answer (
    case_id       TEXT NOT NULL REFERENCES "case"(id) ON DELETE CASCADE,
    question_key  TEXT NOT NULL,
    answer        TEXT NOT NULL,
    PRIMARY KEY (case_id, question_key)
);
INSERT INTO citizen_answer (case_id, question_key, answer)
    SELECT case_id, 'experience', experience FROM citizen_evaluation WHERE experience IS NOT NULL
    UNION ALL SELECT case_id, 'involved', involved FROM citizen_evaluation
    UNION ALL SELECT case_id, 'ownership', ownership FROM citizen_evaluation
    UNION ALL SELECT case_id, 'common_goals', common_goals FROM citizen_evaluation
    UNION ALL SELECT case_id, 'coherence', coherence FROM citizen_evaluation WHERE coherence IS NOT NULL;

CREATE TABLE citizen_evaluation_new (
    case_id           TEXT PRIMARY KEY REFERENCES "case"(id) ON DELETE CASCADE,
    comment           TEXT NOT NULL DEFAULT '',
    recorded_at       TEXT NOT NULL,
    comment_revision  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO citizen_evaluation_new (case_id, comment, recorded_at, comment_revision)
    SELECT case_id, comment, recorded_at, comment_revision FROM citizen_evaluation;
DROP TABLE citizen_evaluation;
ALTER TABLE citizen_evaluation_new RENAME TO citizen_evaluation;
