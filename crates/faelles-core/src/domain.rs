//! The domain: the words of SPEC.md as types. Plain data; the rules live in `Core`'s area
//! files (`team`, `citizens`, `meetings`, `cases`, `run`, ...) and the SQL in `store`.

use crate::cpr::Cpr;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub type Id = Uuid;

pub fn new_id() -> Id {
    Uuid::new_v4()
}

/// An enum stored as a short text code in the database and in JSON.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn from_code(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

str_enum!(
    /// How a person takes part: in the room, by video, or not at all.
    Attendance { Present = "present", Virtual = "virtual", Absent = "absent" }
);
str_enum!(ConsentMethod { Written = "skriftligt", Oral = "mundtligt" });
str_enum!(MeetingStatus {
    Planned = "planned",
    Running = "running",
    Closed = "closed",
    Cancelled = "cancelled",
});
str_enum!(
    /// An answer to an evaluation question, on the question's scale ([`Scale`]): Ja /
    /// Delvist / Nej, or Godt / Blandet / Svært; "Ikke besvaret" on either.
    Answer {
        Yes = "ja",
        Partly = "delvist",
        No = "nej",
        Unanswered = "ubesvaret",
        Good = "godt",
        Mixed = "blandet",
        Hard = "svaert",
    }
);
str_enum!(
    /// The answers a question can have (the template's `scale`).
    Scale { YesPartlyNo = "ja_delvist_nej", GoodMixedHard = "godt_blandet_svaert" }
);

impl Scale {
    /// The answers in the order they are shown, "Ikke besvaret" last.
    pub fn answers(self) -> [Answer; 4] {
        match self {
            Scale::YesPartlyNo => [Answer::Yes, Answer::Partly, Answer::No, Answer::Unanswered],
            Scale::GoodMixedHard => [
                Answer::Good,
                Answer::Mixed,
                Answer::Hard,
                Answer::Unanswered,
            ],
        }
    }
    /// Whether `a` is an answer on this scale.
    pub fn allows(self, a: Answer) -> bool {
        self.answers().contains(&a)
    }
}

str_enum!(
    /// Who gives an actors' evaluation of a meeting: one organisation of the team (the
    /// template's `meeting_evaluation.organisations`), or the team jointly — the one record
    /// per meeting of meetings held before the organisations answered each on their own.
    Org { Joint = "faelles", Kommune = "kommune", Region = "region", Other = "andre" }
);

impl Org {
    pub fn label_da(self) -> &'static str {
        match self {
            Org::Joint => "Teamets fælles svar",
            Org::Kommune => "Kommunen",
            Org::Region => "Regionspsykiatrien",
            Org::Other => "Andre deltagere",
        }
    }
    /// The key of one of its evaluation texts as a meeting's note: `eval:<field>` for the
    /// joint record (as before version 9), `eval:<org>:<field>` for an organisation.
    pub fn note_key(self, field: &str) -> String {
        match self {
            Org::Joint => format!("eval:{field}"),
            org => format!("eval:{}:{field}", org.code()),
        }
    }
    /// The organisation and field of a meeting's evaluation note key (`eval:region:learning`).
    pub fn of_note_key(key: &str) -> Option<(Org, &str)> {
        let rest = key.strip_prefix("eval:")?;
        match rest.split_once(':') {
            Some((org, field)) => Some((Org::from_code(org).filter(|o| *o != Org::Joint)?, field)),
            None => Some((Org::Joint, rest)),
        }
    }
}
/// The keys of the bundled templates' questions to the citizen (a team's template may add
/// its own: answers are stored by key, `citizen_answer`).
pub mod question {
    pub const EXPERIENCE: &str = "experience";
    pub const INVOLVED: &str = "involved";
    pub const OWNERSHIP: &str = "ownership";
    pub const COMMON_GOALS: &str = "common_goals";
    pub const COHERENCE: &str = "coherence";
}

str_enum!(AgreementStatus {
    Open = "open",
    Done = "done",
    Continues = "continues",
    Dropped = "dropped",
});
str_enum!(ExportKind {
    CitizenSummary = "citizen",
    Minutes = "minutes",
    Invitation = "invitation",
    Agenda = "agenda",
    Extract = "extract",
    Calendar = "calendar",
});
str_enum!(
    /// For whom a file was made: the citizen, the team's fixed members, or one named ad hoc
    /// participant of the case (`ExportRecord::participant_id`).
    Recipient { Citizen = "citizen", Team = "team", Participant = "participant" }
);

impl Attendance {
    pub fn label_da(self) -> &'static str {
        match self {
            Attendance::Present => "Til stede",
            Attendance::Virtual => "Virtuelt",
            Attendance::Absent => "Fraværende",
        }
    }
}

impl Answer {
    pub fn label_da(self) -> &'static str {
        match self {
            Answer::Yes => "Ja",
            Answer::Partly => "Delvist",
            Answer::No => "Nej",
            Answer::Unanswered => "Ikke besvaret",
            Answer::Good => "Godt",
            Answer::Mixed => "Blandet",
            Answer::Hard => "Svært",
        }
    }
}

impl AgreementStatus {
    pub fn label_da(self) -> &'static str {
        match self {
            AgreementStatus::Open => "Åben",
            AgreementStatus::Done => "Udført",
            AgreementStatus::Continues => "Fortsætter",
            AgreementStatus::Dropped => "Droppet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub id: Id,
    pub name: String,
    pub municipality: String,
    pub region_partner: String,
    pub chair_id: Option<Id>,
    pub coordinator_id: Option<Id>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: Id,
    pub team_id: Id,
    /// A fixed member of the team (else ad hoc, for one or more cases).
    pub fixed: bool,
    /// A fixed role key or an ad hoc kind key from the template.
    pub role: String,
    pub name: String,
    pub organisation: String,
    pub title: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citizen {
    pub id: Id,
    pub team_id: Id,
    pub first_name: String,
    pub last_name: String,
    /// The name shown on the citizen screen instead of the first name (kaldenavn).
    pub screen_name: Option<String>,
    /// Serialises masked.
    pub cpr: Cpr,
    pub contact_id: Option<Id>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl Citizen {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
    /// What the screen and the citizen's own PDF call the citizen.
    pub fn display_first_name(&self) -> &str {
        self.screen_name.as_deref().unwrap_or(&self.first_name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub id: Id,
    pub citizen_id: Id,
    pub given_on: NaiveDate,
    pub method: ConsentMethod,
    /// What the form says, as written.
    pub scope: String,
    /// Who may receive information, as data: keys of the template's consent recipients
    /// (`Template::consent_recipients`: the fixed team's organisations, the ad hoc kinds).
    pub recipients: Vec<String>,
    pub recorded_by: String,
    pub withdrawn_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl Consent {
    /// Valid on `date`: given on or before it and not withdrawn on or before it.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.given_on <= date && self.withdrawn_on.is_none_or(|w| w > date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Id,
    pub team_id: Id,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub place: String,
    pub video_link: String,
    /// Overrides the annual wheel's theme for this meeting.
    pub theme_override: Option<String>,
    pub status: MeetingStatus,
    pub cancel_reason: Option<String>,
    pub template_version: String,
    pub started_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The agenda item the chair is at (`velkomst`, `tema`, `case:<id>`, ...).
    pub current_item: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Raised each time the meeting moves, changes place or is cancelled (iCalendar SEQUENCE).
    pub sequence: u32,
}

impl MeetingStatus {
    /// Ok while the meeting takes changes: closed → `MeetingLocked` (until it is reopened),
    /// cancelled → `MeetingCancelled`.
    pub fn ensure_open(self) -> crate::error::Result<()> {
        match self {
            MeetingStatus::Closed => Err(crate::error::CoreError::MeetingLocked),
            MeetingStatus::Cancelled => Err(crate::error::CoreError::MeetingCancelled),
            MeetingStatus::Planned | MeetingStatus::Running => Ok(()),
        }
    }
}

/// The date of the first not cancelled meeting after `after` in `meetings` (oldest first):
/// what "Inden næste møde" means for an agreement made at `after`.
pub fn next_meeting_after(meetings: &[Meeting], after: DateTime<Utc>) -> Option<NaiveDate> {
    meetings
        .iter()
        .find(|o| o.starts_at > after && o.status != MeetingStatus::Cancelled)
        .map(|o| crate::calendar::local(o.starts_at).date_naive())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingReopening {
    pub id: Id,
    pub meeting_id: Id,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// Timing of one agenda item of one meeting (`key` as in `Meeting::current_item`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItemTiming {
    pub meeting_id: Id,
    pub key: String,
    pub started_at: Option<DateTime<Utc>>,
    /// Accumulated seconds from earlier visits to this item.
    pub elapsed_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeEntry {
    pub team_id: Id,
    pub year: i32,
    /// 1-based: the n-th meeting of the year.
    pub slot: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: Id,
    pub meeting_id: Id,
    pub citizen_id: Id,
    pub position: u32,
    /// `None`: an equal share of the Borgersager time.
    pub planned_minutes: Option<u32>,
    pub citizen_invited: bool,
    /// When the invitation letter was made (making it records the case as invited).
    pub invited_on: Option<NaiveDate>,
    pub citizen_expected: Option<Attendance>,
    pub citizen_attendance: Option<Attendance>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseParticipant {
    pub case_id: Id,
    pub participant_id: Id,
    pub attendance: Option<Attendance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingAttendance {
    pub meeting_id: Id,
    pub participant_id: Id,
    pub attendance: Attendance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionNote {
    pub case_id: Id,
    pub key: String,
    pub text: String,
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
}

/// Where a note is written: one section of a case, or one of a meeting's own notes
/// (`tema`: the notes of Månedens tema). Every note has a revision; a save names the revision
/// it was typed on and is refused on top of newer text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum NoteRef {
    Case { case_id: Id, key: String },
    Meeting { meeting_id: Id, key: String },
}

impl NoteRef {
    pub fn section(case_id: Id, key: &str) -> NoteRef {
        NoteRef::Case {
            case_id,
            key: key.to_string(),
        }
    }

    pub fn theme(meeting_id: Id) -> NoteRef {
        NoteRef::Meeting {
            meeting_id,
            key: THEME_NOTE.to_string(),
        }
    }

    /// The citizen's own words in the evaluation of their case.
    pub fn eval_comment(case_id: Id) -> NoteRef {
        NoteRef::Case {
            case_id,
            key: EVAL_COMMENT_NOTE.to_string(),
        }
    }

    pub fn key(&self) -> &str {
        match self {
            NoteRef::Case { key, .. } | NoteRef::Meeting { key, .. } => key,
        }
    }

    pub fn case_id(&self) -> Option<Id> {
        match self {
            NoteRef::Case { case_id, .. } => Some(*case_id),
            NoteRef::Meeting { .. } => None,
        }
    }
}

/// The key of a meeting's notes on Månedens tema.
pub const THEME_NOTE: &str = "tema";
/// The key of the notes of Eventuelt (a meeting's own notes, like the theme's).
pub const EVENTUELT_NOTE: &str = "eventuelt";

/// The citizen's own words in their evaluation: a case's note (stored in
/// `citizen_evaluation.comment`), saved as typed like the sections. The `eval:` prefix cannot
/// be a section key of a template (those are `[a-z_]`).
pub const EVAL_COMMENT_NOTE: &str = "eval:comment";

/// The actors' evaluation texts (item 4): a meeting's notes, stored in `actor_evaluation`,
/// keyed by [`Org::note_key`] and the template's field keys (the joint record's
/// `eval:<field>`, an organisation's `eval:<org>:<field>`).
pub const EVAL_FIELDS: &[&str] = &["effects", "experiences", "learning"];

/// A meeting's own note (see [`NoteRef::Meeting`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingNote {
    pub meeting_id: Id,
    pub key: String,
    pub text: String,
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
}

str_enum!(
    /// Why typed text was kept beside its note instead of saved into it: the stored text had
    /// changed since the text was typed on it (`Newer`), or the meeting had been closed or
    /// cancelled before it was saved (`Closed`).
    KeptReason { Newer = "newer", Closed = "closed" }
);

/// Text that could not be saved where it was typed without overwriting newer text, kept for
/// the chair to merge. Never dropped but by the chair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptText {
    pub id: Id,
    pub meeting_id: Id,
    pub note: NoteRef,
    pub text: String,
    pub reason: KeptReason,
    /// The revision the text was typed on.
    pub base_revision: i64,
    pub created_at: DateTime<Utc>,
}

/// Who carries an agreement out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Who {
    Participant { id: Id },
    Organisation { name: String },
    Citizen,
}

/// By when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    Date {
        date: NaiveDate,
    },
    /// "Inden næste møde": resolves to the next meeting's date.
    NextMeeting,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: Id,
    /// The case where the agreement was made.
    pub case_id: Id,
    pub position: u32,
    pub what: String,
    pub who: Option<Who>,
    pub due: Option<Due>,
    pub status: AgreementStatus,
    pub created_at: DateTime<Utc>,
}

/// An earlier agreement reviewed under "Siden sidst" in a later case, or between meetings in
/// the Opfølgning view (`case_id` is the citizen's next case then, or none when they have no
/// coming case).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementReview {
    pub case_id: Option<Id>,
    pub agreement_id: Id,
    pub outcome: AgreementStatus,
    pub comment: String,
    pub reviewed_at: DateTime<Utc>,
}

/// The citizen's evaluation of a case: an answer per question key the case's meeting's
/// template asked (schema 11: `citizen_answer`; a key without an answer was not asked, «Ikke
/// stillet»), and their own words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitizenEvaluation {
    pub case_id: Id,
    pub answers: std::collections::BTreeMap<String, Answer>,
    pub comment: String,
    pub recorded_at: DateTime<Utc>,
}

impl CitizenEvaluation {
    /// An evaluation with these answers (the demo data, tests).
    pub fn new(
        case_id: Id,
        answers: &[(&str, Answer)],
        comment: &str,
        recorded_at: DateTime<Utc>,
    ) -> CitizenEvaluation {
        CitizenEvaluation {
            case_id,
            answers: answers.iter().map(|(k, a)| (k.to_string(), *a)).collect(),
            comment: comment.into(),
            recorded_at,
        }
    }
    /// The answer to question `key`; `None`: the question was not asked.
    pub fn answer(&self, key: &str) -> Option<Answer> {
        self.answers.get(key).copied()
    }
}

/// One actors' evaluation of a meeting: an organisation's, or the team's joint one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingEvaluation {
    pub meeting_id: Id,
    pub org: Org,
    pub effects: String,
    pub experiences: String,
    pub learning: String,
    /// "Bidrog mødet til et mere sammenhængende forløb?" (Ja / Delvist / Nej)
    pub coherent: Option<Answer>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRecord {
    pub id: Id,
    pub meeting_id: Id,
    pub case_id: Option<Id>,
    pub kind: ExportKind,
    pub path: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    /// When the chair marked this file as handed over for e-Boks (the app sends nothing).
    pub handed_over_at: Option<DateTime<Utc>>,
    /// Made while its meeting was not closed: it carries «UDKAST» and is never handed over.
    pub draft: bool,
    /// For whom it was made.
    pub recipient: Recipient,
    /// The ad hoc participant it was made for (`Recipient::Participant`; empty in records
    /// from before schema 8, which did not say who).
    pub participant_id: Option<Id>,
}

/// Why a citizen was erased (stored as the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeletionReason {
    /// The retention period ran out («frist»).
    Period,
    /// The citizen asked (art. 17, «anmodning»).
    Request,
}

impl DeletionReason {
    pub fn from_code(code: &str) -> DeletionReason {
        match code {
            "anmodning" => DeletionReason::Request,
            _ => DeletionReason::Period,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DeletionReason::Period => "frist",
            DeletionReason::Request => "anmodning",
        }
    }
}
