//! The core's error type. Every refused action has a stable `kind` (the UI branches on it)
//! and a Danish message that says what to do. Messages never contain a CPR number.

use serde::Serialize;
use thiserror::Error;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What kind of refusal an error is: stable names the UI branches on (serialised as the
/// variant's name, e.g. `"ConsentMissing"`), never the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorKind {
    EmptyField,
    TooLong,
    InvalidValue,
    InvalidCpr,
    DuplicateCpr,
    InvalidDate,
    MeetingClash,
    ConsentMissing,
    ConsentWithdrawn,
    ConsentScope,
    DuplicateCase,
    NotFound,
    StaleRevision,
    MeetingLocked,
    MeetingCancelled,
    MeetingNotComing,
    AlreadySetUp,
    DatabaseTooNew,
    DatabaseCorrupt,
    BackupDamaged,
    BackupNotListed,
    DiskFull,
    ReadOnly,
    Storage,
    Io,
    Template,
    Pdf,
    EditOutOfStep,
    NotFinal,
    CitizenAbsent,
    EvalFileRefused,
    EvalFileTooNew,
    TemplateInvalid,
    TemplateFileRefused,
    TemplateFileTooNew,
    CitizenOnComingMeeting,
    CitizenDeleted,
    PassphraseTooShort,
    WrongPassphrase,
    TransferDamaged,
    TransferTooNew,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::EmptyField => "EmptyField",
            ErrorKind::TooLong => "TooLong",
            ErrorKind::InvalidValue => "InvalidValue",
            ErrorKind::InvalidCpr => "InvalidCpr",
            ErrorKind::DuplicateCpr => "DuplicateCpr",
            ErrorKind::InvalidDate => "InvalidDate",
            ErrorKind::MeetingClash => "MeetingClash",
            ErrorKind::ConsentMissing => "ConsentMissing",
            ErrorKind::ConsentWithdrawn => "ConsentWithdrawn",
            ErrorKind::ConsentScope => "ConsentScope",
            ErrorKind::DuplicateCase => "DuplicateCase",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::StaleRevision => "StaleRevision",
            ErrorKind::MeetingLocked => "MeetingLocked",
            ErrorKind::MeetingCancelled => "MeetingCancelled",
            ErrorKind::MeetingNotComing => "MeetingNotComing",
            ErrorKind::AlreadySetUp => "AlreadySetUp",
            ErrorKind::DatabaseTooNew => "DatabaseTooNew",
            ErrorKind::DatabaseCorrupt => "DatabaseCorrupt",
            ErrorKind::BackupDamaged => "BackupDamaged",
            ErrorKind::BackupNotListed => "BackupNotListed",
            ErrorKind::DiskFull => "DiskFull",
            ErrorKind::ReadOnly => "ReadOnly",
            ErrorKind::Storage => "Storage",
            ErrorKind::Io => "Io",
            ErrorKind::Template => "Template",
            ErrorKind::Pdf => "Pdf",
            ErrorKind::EditOutOfStep => "EditOutOfStep",
            ErrorKind::NotFinal => "NotFinal",
            ErrorKind::CitizenAbsent => "CitizenAbsent",
            ErrorKind::EvalFileRefused => "EvalFileRefused",
            ErrorKind::EvalFileTooNew => "EvalFileTooNew",
            ErrorKind::TemplateInvalid => "TemplateInvalid",
            ErrorKind::TemplateFileRefused => "TemplateFileRefused",
            ErrorKind::TemplateFileTooNew => "TemplateFileTooNew",
            ErrorKind::CitizenOnComingMeeting => "CitizenOnComingMeeting",
            ErrorKind::CitizenDeleted => "CitizenDeleted",
            ErrorKind::PassphraseTooShort => "PassphraseTooShort",
            ErrorKind::WrongPassphrase => "WrongPassphrase",
            ErrorKind::TransferDamaged => "TransferDamaged",
            ErrorKind::TransferTooNew => "TransferTooNew",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Error)]
pub enum CoreError {
    #[error("field {field} is empty")]
    EmptyField { field: &'static str },
    #[error("field {field} is too long ({len} > {max} characters)")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("invalid value for {field}")]
    InvalidValue { field: &'static str, reason: String },
    #[error("invalid CPR number: {0}")]
    InvalidCpr(#[from] crate::cpr::CprError),
    #[error("a citizen with this CPR number already exists")]
    DuplicateCpr,
    #[error("invalid date in {field}")]
    InvalidDate { field: &'static str },
    /// A time of day that is not `HH:MM` or does not exist (the hour skipped when summer
    /// time begins). Its kind is `InvalidDate`.
    #[error("invalid time in {field}")]
    InvalidTime { field: &'static str },
    #[error("the team already has a meeting at that time")]
    MeetingClash { other: String },
    #[error("citizen has no consent valid on the meeting date")]
    ConsentMissing { name: String },
    #[error("citizen's consent was withdrawn")]
    ConsentWithdrawn { name: String, on: String },
    #[error("citizen's consent does not cover a recipient")]
    ConsentScope { name: String, missing: String },
    #[error("citizen already has a case in this meeting")]
    DuplicateCase { name: String },
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("stale revision: given {given}, current {current}")]
    StaleRevision { given: i64, current: i64 },
    #[error("meeting is closed")]
    MeetingLocked,
    #[error("the edit does not fit the text it was made on")]
    EditOutOfStep,
    #[error("meeting is cancelled")]
    MeetingCancelled,
    #[error("the meeting is not a coming meeting after this case")]
    MeetingNotComing,
    #[error("only the final document of a closed meeting can be handed over")]
    NotFinal { meeting_closed: bool },
    #[error("the citizen is registered absent and cannot have answered")]
    CitizenAbsent,
    #[error("evaluation file refused: {reason}")]
    EvalFileRefused { reason: String },
    #[error("evaluation file format {found} is newer than supported {supported}")]
    EvalFileTooNew { found: u64, supported: u32 },
    /// A template that breaks the rules of a template (each problem in Danish, where it is).
    #[error("template invalid: {}", problems.join("; "))]
    TemplateInvalid { problems: Vec<String> },
    /// A template file that is not one, or not a valid one (the reason in Danish).
    #[error("template file refused: {reason}")]
    TemplateFileRefused { reason: String },
    #[error("template file format {found} is newer than {supported}")]
    TemplateFileTooNew { found: u64, supported: u32 },
    #[error("the team is already set up")]
    AlreadySetUp,
    #[error("database schema version {found} is newer than supported {supported}")]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("database file is not a valid Fælles Team database: {path}")]
    DatabaseCorrupt { path: String },
    #[error("the backup file is damaged or not a database")]
    BackupDamaged,
    #[error("only a backup from the app's own backup folder can be restored")]
    BackupNotListed,
    #[error("the citizen has a case on a meeting not held yet")]
    CitizenOnComingMeeting { date: String },
    #[error("the citizen is deleted")]
    CitizenDeleted,
    #[error("the passphrase is shorter than {min} characters")]
    PassphraseTooShort { min: usize },
    #[error("the passphrase does not open the file")]
    WrongPassphrase,
    #[error("the hand-over file is damaged, cut short or not a hand-over file")]
    TransferDamaged,
    #[error("the hand-over file is from a newer version (schema {found} > {supported})")]
    TransferTooNew { found: i64, supported: i64 },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("template error: {0}")]
    Template(String),
    #[error("PDF error: {0}")]
    Pdf(#[from] faelles_pdf::PdfError),
}

impl CoreError {
    /// Stable machine-readable kind; the UI matches on this, never on text.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::EmptyField { .. } => ErrorKind::EmptyField,
            CoreError::TooLong { .. } => ErrorKind::TooLong,
            CoreError::InvalidValue { .. } => ErrorKind::InvalidValue,
            CoreError::InvalidCpr(_) => ErrorKind::InvalidCpr,
            CoreError::DuplicateCpr => ErrorKind::DuplicateCpr,
            CoreError::InvalidDate { .. } | CoreError::InvalidTime { .. } => ErrorKind::InvalidDate,
            CoreError::MeetingClash { .. } => ErrorKind::MeetingClash,
            CoreError::ConsentMissing { .. } => ErrorKind::ConsentMissing,
            CoreError::ConsentWithdrawn { .. } => ErrorKind::ConsentWithdrawn,
            CoreError::ConsentScope { .. } => ErrorKind::ConsentScope,
            CoreError::DuplicateCase { .. } => ErrorKind::DuplicateCase,
            CoreError::NotFound { .. } => ErrorKind::NotFound,
            CoreError::StaleRevision { .. } => ErrorKind::StaleRevision,
            CoreError::MeetingLocked => ErrorKind::MeetingLocked,
            CoreError::MeetingCancelled => ErrorKind::MeetingCancelled,
            CoreError::MeetingNotComing => ErrorKind::MeetingNotComing,
            CoreError::NotFinal { .. } => ErrorKind::NotFinal,
            CoreError::CitizenAbsent => ErrorKind::CitizenAbsent,
            CoreError::EvalFileRefused { .. } => ErrorKind::EvalFileRefused,
            CoreError::EvalFileTooNew { .. } => ErrorKind::EvalFileTooNew,
            CoreError::TemplateInvalid { .. } => ErrorKind::TemplateInvalid,
            CoreError::TemplateFileRefused { .. } => ErrorKind::TemplateFileRefused,
            CoreError::TemplateFileTooNew { .. } => ErrorKind::TemplateFileTooNew,
            CoreError::AlreadySetUp => ErrorKind::AlreadySetUp,
            CoreError::DatabaseTooNew { .. } => ErrorKind::DatabaseTooNew,
            CoreError::DatabaseCorrupt { .. } => ErrorKind::DatabaseCorrupt,
            CoreError::BackupDamaged => ErrorKind::BackupDamaged,
            CoreError::BackupNotListed => ErrorKind::BackupNotListed,
            CoreError::CitizenOnComingMeeting { .. } => ErrorKind::CitizenOnComingMeeting,
            CoreError::CitizenDeleted => ErrorKind::CitizenDeleted,
            CoreError::PassphraseTooShort { .. } => ErrorKind::PassphraseTooShort,
            CoreError::WrongPassphrase => ErrorKind::WrongPassphrase,
            CoreError::TransferDamaged => ErrorKind::TransferDamaged,
            CoreError::TransferTooNew { .. } => ErrorKind::TransferTooNew,
            CoreError::Db(e) if is_disk_full(e) => ErrorKind::DiskFull,
            CoreError::Db(e) if is_read_only(e) => ErrorKind::ReadOnly,
            CoreError::Db(_) => ErrorKind::Storage,
            CoreError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => ErrorKind::DiskFull,
            CoreError::Io(e) if is_io_read_only(e) => ErrorKind::ReadOnly,
            CoreError::Io(_) => ErrorKind::Io,
            CoreError::EditOutOfStep => ErrorKind::EditOutOfStep,
            CoreError::Template(_) => ErrorKind::Template,
            CoreError::Pdf(_) => ErrorKind::Pdf,
        }
    }

    /// Danish message for the user: what happened and what to do.
    pub fn message_da(&self) -> String {
        match self {
            CoreError::EmptyField { field } => format!("Udfyld feltet »{field}«."),
            CoreError::TooLong { field, max, .. } => {
                format!("Feltet »{field}« er for langt. Højst {max} tegn.")
            }
            CoreError::InvalidValue { field, reason } => {
                format!("Ugyldig værdi i »{field}«: {reason}")
            }
            CoreError::InvalidCpr(e) => format!(
                "CPR-nummeret er ikke gyldigt: {}. Skriv det som ddmmåå-xxxx eller 10 cifre.",
                e.message_da()
            ),
            CoreError::DuplicateCpr => {
                "Der findes allerede en borger med dette CPR-nummer. Søg efter borgeren i listen."
                    .into()
            }
            CoreError::InvalidTime { field } => {
                format!("»{field}« skal være et klokkeslæt, der findes, skrevet som fx 13:00.")
            }
            CoreError::InvalidDate { field } => {
                format!("»{field}« skal være en dato, der findes, skrevet som dag.måned.år, fx 24.12.2026.")
            }
            CoreError::MeetingClash { other } => format!(
                "Teamet har allerede et møde {other}. Vælg et andet tidspunkt."
            ),
            CoreError::ConsentMissing { name } => format!(
                "{name} har ikke et samtykke, der gælder på mødedatoen. Registrér samtykket under Borgere; indtil da kan sagen ikke tilføjes, vises, behandles eller eksporteres."
            ),
            CoreError::ConsentWithdrawn { name, on } => format!(
                "{name} har trukket sit samtykke tilbage ({on}). Sagen kan ikke vises, behandles eller eksporteres, før der er givet nyt samtykke under Borgere. Det, der allerede er skrevet, er bevaret."
            ),
            CoreError::ConsentScope { name, missing } => format!(
                "Samtykket fra {name} dækker ikke: {missing}. Oplysninger om borgeren må ikke gå dertil. Registrér et nyt samtykke under Borgere, hvor {missing} er krydset af, hvis borgeren siger ja til det."
            ),
            CoreError::DuplicateCase { name } => {
                format!("{name} er allerede på dagsordenen for dette møde.")
            }
            CoreError::NotFound { what } => format!("{what} blev ikke fundet. Prøv at genindlæse."),
            CoreError::StaleRevision { .. } => "Teksten var ændret et andet sted. Den nyeste udgave er hentet, og din tekst er bevaret under feltet, så du kan flette den ind.".into(),
            CoreError::MeetingLocked => {
                "Mødet er afsluttet, og noterne er låst. Genåbn mødet for at rette.".into()
            }
            CoreError::MeetingCancelled => "Mødet er aflyst.".into(),
            CoreError::MeetingNotComing => "Borgeren kan kun sættes på et kommende møde efter dette. Vælg et af de møder, der står under «Borgerens næste møde».".into(),
            CoreError::NotFinal { meeting_closed: false } => "Et udkast kan ikke markeres som overdraget til e-Boks. Afslut mødet, og lav den endelige PDF til borgeren; den kan markeres.".into(),
            CoreError::NotFinal { meeting_closed: true } => "Der er ingen endelig PDF til borgeren endnu. Lav PDF'en (den er endelig, nu mødet er afsluttet), og markér den så.".into(),
            CoreError::EvalFileRefused { reason } => format!("Evalueringsdata kan ikke bruges: {reason}"),
            CoreError::EvalFileTooNew { .. } => "Evalueringsdata er lavet af en nyere version af Fælles Team, end denne kan læse. Opdatér programmet, eller bed teamet om en fil fra samme version.".into(),
            CoreError::TemplateInvalid { problems } => match problems.as_slice() {
                [one] => format!("Skabelonen kan ikke gemmes: {one}"),
                many => format!("Skabelonen kan ikke gemmes: {}", many.join(" ")),
            },
            CoreError::TemplateFileRefused { reason } => format!("Skabelonfilen kan ikke bruges: {reason} Intet er ændret."),
            CoreError::TemplateFileTooNew { .. } => "Skabelonfilen er lavet af en nyere version af Fælles Team, end denne kan læse. Intet er ændret. Opdatér programmet, eller bed om en fil fra samme version.".into(),
            CoreError::CitizenAbsent => "Borgeren er registreret som fraværende, så der kan ikke registreres svar. Er borgeren med alligevel, så ret fremmødet først.".into(),
            CoreError::EditOutOfStep => "Teksten sendes igen i sin helhed.".into(),
            CoreError::AlreadySetUp => "Teamet er allerede oprettet.".into(),
            CoreError::DatabaseTooNew { .. } => "Databasen er lavet af en nyere version af Fælles Team. Opdatér programmet. Filen er ikke ændret.".into(),
            CoreError::DatabaseCorrupt { path } => format!(
                "Databasen kan ikke læses og er ikke ændret. Den ligger her: {path}. Gendan fra en sikkerhedskopi."
            ),
            CoreError::BackupDamaged => "Sikkerhedskopien er beskadiget og kan ikke gendannes. Dine data er ikke ændret. Vælg en anden kopi.".into(),
            CoreError::BackupNotListed => "Vælg en sikkerhedskopi fra listen: kun kopier i Fælles Teams egen mappe til sikkerhedskopier kan gendannes. Dine data er ikke ændret.".into(),
            CoreError::CitizenOnComingMeeting { date } => format!("Borgeren står på mødet {date}, som ikke er holdt endnu. Fjern borgerens sag fra mødet først; så kan borgeren slettes. Intet er slettet."),
            CoreError::CitizenDeleted => "Borgeren er slettet. Der er ingen oplysninger tilbage at vise eller ændre.".into(),
            CoreError::PassphraseTooShort { min } => format!("Adgangskoden skal være på mindst {min} tegn. Intet er gemt eller ændret."),
            CoreError::WrongPassphrase => "Adgangskoden passer ikke til filen. Dine data er ikke ændret. Prøv igen med den adgangskode, filen blev lavet med.".into(),
            CoreError::TransferDamaged => "Filen er beskadiget, ufuldstændig eller ikke en datafil fra Fælles Team. Dine data er ikke ændret. Bed om en ny fil.".into(),
            CoreError::TransferTooNew { .. } => "Filen er lavet af en nyere version af Fælles Team. Opdatér programmet på denne computer, og prøv igen. Dine data er ikke ændret.".into(),
            CoreError::Db(e) if is_disk_full(e) => DISK_FULL.into(),
            CoreError::Db(e) if is_read_only(e) => READ_ONLY.into(),
            CoreError::Db(_) => "Der opstod en fejl i databasen. Teksten er bevaret i vinduet; prøv igen.".into(),
            CoreError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => DISK_FULL.into(),
            CoreError::Io(e) if is_io_read_only(e) => READ_ONLY.into(),
            CoreError::Io(_) => "En fil kunne ikke læses eller skrives. Prøv igen; sker det igen, så kontakt IT.".into(),
            CoreError::Template(_) => "Skabelonen kunne ikke læses.".into(),
            CoreError::Pdf(faelles_pdf::PdfError::TooManyPages { limit }) => format!(
                "Dokumentet er for langt til én PDF-fil (over {limit} sider). Intet er gemt, og noterne er uændrede. Forkort de meget lange noter, og prøv igen."
            ),
            CoreError::Pdf(faelles_pdf::PdfError::NotConformant(_)) => "PDF-filen blev ikke dannet, fordi den ikke ville leve op til kravene til et tilgængeligt og arkiverbart brev (PDF/UA og PDF/A). Intet er gemt, og noterne er uændrede. Kontakt support og nævn denne besked.".into(),
            CoreError::Pdf(_) => "PDF-filen kunne ikke dannes. Intet er gemt, og noterne er uændrede. Prøv igen; sker det igen, så kontakt support.".into(),
        }
    }
}

const DISK_FULL: &str = "Disken er fuld. Teksten er bevaret i vinduet og gemmes, så snart der er plads. Frigør plads på disken (slet eller flyt store filer).";
const READ_ONLY: &str = "Datamappen er skrivebeskyttet, så Fælles Team kan ikke gemme. Bed IT om skriveadgang til mappen. Tekst, der allerede er skrevet, er bevaret i vinduet og gemmes, så snart det er muligt.";

fn is_io_read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

fn is_disk_full(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull)
}

pub(crate) fn is_read_only(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == rusqlite::ErrorCode::ReadOnly || f.code == rusqlite::ErrorCode::CannotOpen)
}

/// Trims and checks a required text field.
pub fn required(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::EmptyField { field });
    }
    optional(field, v, max).map(|s| s.unwrap_or_default())
}

/// Trims an optional text field; empty becomes `None`.
pub fn optional(field: &'static str, value: &str, max: usize) -> Result<Option<String>> {
    let v = value.trim();
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(CoreError::InvalidValue {
            field,
            reason: "feltet indeholder usynlige kontroltegn".into(),
        });
    }
    // Direction overrides and invisible characters in a name would reverse or hide text on
    // the screen and in the PDFs.
    if v.chars().any(|c| {
        matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}')
    }) {
        return Err(CoreError::InvalidValue {
            field,
            reason: "feltet indeholder usynlige tegn eller retningstegn".into(),
        });
    }
    let len = v.chars().count();
    if len > max {
        return Err(CoreError::TooLong { field, len, max });
    }
    Ok(if v.is_empty() {
        None
    } else {
        Some(v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faelles_pdf::PdfError;

    /// A PDF that cannot be made is a typed `Pdf` error with a Danish message that says
    /// nothing was saved, never the engine's English text.
    #[test]
    fn pdf_errors_are_typed_with_a_danish_message() {
        for e in [
            PdfError::NotConformant("a character has no glyph".into()),
            PdfError::TooManyPages { limit: 3000 },
            PdfError::Font("x".into()),
            PdfError::Write("x".into()),
        ] {
            let core: CoreError = e.clone().into();
            assert_eq!(core.kind(), ErrorKind::Pdf);
            let msg = core.message_da();
            assert!(msg.contains("Intet er gemt"), "{e:?}: {msg}");
            assert!(!msg.contains("glyph") && !msg.contains("error"), "{msg}");
        }
        let long = CoreError::from(PdfError::TooManyPages { limit: 3000 });
        assert!(long.message_da().contains("over 3000 sider"));
        let lawful = CoreError::from(PdfError::NotConformant(String::new()));
        assert!(lawful.message_da().contains("PDF/UA og PDF/A"));
    }
}
