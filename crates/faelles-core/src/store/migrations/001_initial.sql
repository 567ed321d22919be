-- Fælles Team schema, version 1. Ids are UUID text; times are UTC RFC 3339 text; dates are
-- ISO 'YYYY-MM-DD'. Nothing is deleted that users entered, except a case removed before it
-- was held.

CREATE TABLE team (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    municipality    TEXT NOT NULL,
    region_partner  TEXT NOT NULL DEFAULT '',
    chair_id        TEXT REFERENCES participant(id),
    coordinator_id  TEXT REFERENCES participant(id),
    created_at      TEXT NOT NULL
);

CREATE TABLE participant (
    id            TEXT PRIMARY KEY,
    team_id       TEXT NOT NULL REFERENCES team(id),
    fixed         INTEGER NOT NULL CHECK (fixed IN (0, 1)),
    role          TEXT NOT NULL,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    phone         TEXT,
    email         TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX participant_team ON participant(team_id);

CREATE TABLE citizen (
    id           TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL REFERENCES team(id),
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    screen_name  TEXT,
    cpr          TEXT NOT NULL CHECK (length(cpr) = 10),
    contact_id   TEXT REFERENCES participant(id),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL,
    UNIQUE (team_id, cpr)
);

CREATE TABLE consent (
    id            TEXT PRIMARY KEY,
    citizen_id    TEXT NOT NULL REFERENCES citizen(id),
    given_on      TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('skriftligt', 'mundtligt')),
    scope         TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    withdrawn_on  TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX consent_citizen ON consent(citizen_id);

CREATE TABLE theme_wheel (
    team_id  TEXT NOT NULL REFERENCES team(id),
    year     INTEGER NOT NULL,
    slot     INTEGER NOT NULL CHECK (slot >= 1),
    title    TEXT NOT NULL,
    PRIMARY KEY (team_id, year, slot)
);

CREATE TABLE meeting (
    id                TEXT PRIMARY KEY,
    team_id           TEXT NOT NULL REFERENCES team(id),
    starts_at         TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes > 0),
    place             TEXT NOT NULL DEFAULT '',
    video_link        TEXT NOT NULL DEFAULT '',
    theme_override    TEXT,
    status            TEXT NOT NULL CHECK (status IN ('planned', 'running', 'closed', 'cancelled')),
    cancel_reason     TEXT,
    template_version  TEXT NOT NULL,
    started_at        TEXT,
    closed_at         TEXT,
    current_item      TEXT,
    theme_notes       TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL
);
CREATE INDEX meeting_team_start ON meeting(team_id, starts_at);

CREATE TABLE meeting_reopening (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meeting(id),
    at          TEXT NOT NULL,
    reason      TEXT NOT NULL
);

CREATE TABLE agenda_timing (
    meeting_id       TEXT NOT NULL REFERENCES meeting(id),
    key              TEXT NOT NULL,
    started_at       TEXT,
    elapsed_seconds  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, key)
);

CREATE TABLE meeting_attendance (
    meeting_id      TEXT NOT NULL REFERENCES meeting(id),
    participant_id  TEXT NOT NULL REFERENCES participant(id),
    attendance      TEXT NOT NULL CHECK (attendance IN ('present', 'virtual', 'absent')),
    PRIMARY KEY (meeting_id, participant_id)
);

CREATE TABLE "case" (
    id                  TEXT PRIMARY KEY,
    meeting_id          TEXT NOT NULL REFERENCES meeting(id),
    citizen_id          TEXT NOT NULL REFERENCES citizen(id),
    position            INTEGER NOT NULL,
    planned_minutes     INTEGER,
    citizen_invited     INTEGER NOT NULL DEFAULT 1 CHECK (citizen_invited IN (0, 1)),
    citizen_expected    TEXT CHECK (citizen_expected IN ('present', 'virtual', 'absent')),
    citizen_attendance  TEXT CHECK (citizen_attendance IN ('present', 'virtual', 'absent')),
    created_at          TEXT NOT NULL,
    UNIQUE (meeting_id, citizen_id)
);
CREATE INDEX case_citizen ON "case"(citizen_id);

CREATE TABLE case_participant (
    case_id         TEXT NOT NULL REFERENCES "case"(id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL REFERENCES participant(id),
    attendance      TEXT CHECK (attendance IN ('present', 'virtual', 'absent')),
    PRIMARY KEY (case_id, participant_id)
);

CREATE TABLE section_note (
    case_id     TEXT NOT NULL REFERENCES "case"(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    text        TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (case_id, key)
);

CREATE TABLE agreement (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES "case"(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    what        TEXT NOT NULL,
    who         TEXT,   -- JSON of domain::Who
    due         TEXT,   -- JSON of domain::Due
    status      TEXT NOT NULL CHECK (status IN ('open', 'done', 'continues', 'dropped')),
    created_at  TEXT NOT NULL
);
CREATE INDEX agreement_case ON agreement(case_id);

CREATE TABLE agreement_review (
    case_id       TEXT NOT NULL REFERENCES "case"(id) ON DELETE CASCADE,
    agreement_id  TEXT NOT NULL REFERENCES agreement(id),
    outcome       TEXT NOT NULL CHECK (outcome IN ('done', 'continues', 'dropped')),
    comment       TEXT NOT NULL DEFAULT '',
    reviewed_at   TEXT NOT NULL,
    PRIMARY KEY (case_id, agreement_id)
);

CREATE TABLE citizen_evaluation (
    case_id       TEXT PRIMARY KEY REFERENCES "case"(id) ON DELETE CASCADE,
    involved      TEXT NOT NULL,
    ownership     TEXT NOT NULL,
    common_goals  TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT NOT NULL
);

CREATE TABLE meeting_evaluation (
    meeting_id   TEXT PRIMARY KEY REFERENCES meeting(id),
    effects      TEXT NOT NULL DEFAULT '',
    experiences  TEXT NOT NULL DEFAULT '',
    learning     TEXT NOT NULL DEFAULT '',
    coherent     TEXT CHECK (coherent IN ('ja', 'delvist', 'nej')),
    recorded_at  TEXT NOT NULL
);

CREATE TABLE export_record (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meeting(id),
    case_id     TEXT REFERENCES "case"(id),
    kind        TEXT NOT NULL CHECK (kind IN ('citizen', 'minutes')),
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
