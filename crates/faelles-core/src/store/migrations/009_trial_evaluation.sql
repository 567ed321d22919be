-- Version 9: the trial's evaluation as its description asks (Bilag 1's two indicators).
--
-- 1. The citizen is asked two more questions (template faelles-team-2026.2): how it was to
--    be at the meeting (Godt / Blandet / Svært) and whether they experience coherence in
--    their course (Ja / Delvist / Nej). NULL means «not asked»: every evaluation recorded
--    before was made without them, so they stay NULL there — never «Nej».
ALTER TABLE citizen_evaluation ADD COLUMN experience TEXT
    CHECK (experience IN ('godt', 'blandet', 'svaert', 'ubesvaret'));
ALTER TABLE citizen_evaluation ADD COLUMN coherence TEXT
    CHECK (coherence IN ('ja', 'delvist', 'nej', 'ubesvaret'));

-- 2. The actors evaluate each meeting by organisation: kommunen, regionspsykiatrien, andre
--    (e.g. the citizen's GP or a drop-in centre that took part). The one record per meeting
--    of earlier versions becomes the team's joint answer ('faelles'), with its texts and
--    their revisions (its notes keep their keys `eval:<field>`; an organisation's are
--    `eval:<org>:<field>`).
CREATE TABLE actor_evaluation (
    meeting_id            TEXT NOT NULL REFERENCES meeting(id),
    org                   TEXT NOT NULL CHECK (org IN ('faelles', 'kommune', 'region', 'andre')),
    effects               TEXT NOT NULL DEFAULT '',
    experiences           TEXT NOT NULL DEFAULT '',
    learning              TEXT NOT NULL DEFAULT '',
    coherent              TEXT CHECK (coherent IN ('ja', 'delvist', 'nej')),
    recorded_at           TEXT NOT NULL,
    effects_revision      INTEGER NOT NULL DEFAULT 0,
    experiences_revision  INTEGER NOT NULL DEFAULT 0,
    learning_revision     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, org)
);
INSERT INTO actor_evaluation (meeting_id, org, effects, experiences, learning, coherent,
                              recorded_at, effects_revision, experiences_revision,
                              learning_revision)
SELECT meeting_id, 'faelles', effects, experiences, learning, coherent, recorded_at,
       effects_revision, experiences_revision, learning_revision
  FROM meeting_evaluation;
DROP TABLE meeting_evaluation;

-- 3. A meeting keeps the template it was held with. Planned meetings have not been held:
--    they take the new template (the citizen's five questions, the organisations' answers).
UPDATE meeting SET template_version = 'faelles-team-2026.2'
 WHERE status = 'planned' AND template_version = 'faelles-team-2026.1';

-- 4. The trial's period, set once in the team's settings (the report's «Forsøgsperioden»).
ALTER TABLE team ADD COLUMN trial_start TEXT;
ALTER TABLE team ADD COLUMN trial_end TEXT;

-- 5. Free texts the chair has read through and ticked for the evaluation file (the
--    citizen's own words, the actors' effects, experiences and learning points): the tick
--    holds the SHA-256 of the text as read, so a text changed after its tick is not ticked.
CREATE TABLE eval_text_cleared (
    owner_id    TEXT NOT NULL,
    note_key    TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    cleared_at  TEXT NOT NULL,
    PRIMARY KEY (owner_id, note_key)
);

-- 6. How it was before the trial, entered by hand (each figure may be unknown: NULL).
CREATE TABLE baseline (
    team_id        TEXT PRIMARY KEY REFERENCES team(id),
    period_from    TEXT NOT NULL,
    period_to      TEXT NOT NULL,
    meetings_held  INTEGER CHECK (meetings_held >= 0),
    cases          INTEGER CHECK (cases >= 0),
    citizens       INTEGER CHECK (citizens >= 0),
    attended       INTEGER CHECK (attended >= 0),
    absent         INTEGER CHECK (absent >= 0),
    answered       INTEGER CHECK (answered >= 0),
    involved_yes   INTEGER CHECK (involved_yes >= 0),
    coherent_yes   INTEGER CHECK (coherent_yes >= 0),
    note           TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);
