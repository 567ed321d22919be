//! The default templates (agenda, case sections with the citizen's plain-language questions,
//! evaluations, fixed roles) are versioned data under `assets/templates/`. A meeting stores the
//! version it was held with, so an old meeting renders with its own template.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Template {
    pub version: String,
    pub name: String,
    pub meeting_minutes: u32,
    pub cadence_weeks: u32,
    pub agenda: Vec<AgendaTemplateItem>,
    pub sections: Vec<SectionTemplate>,
    pub citizen_evaluation: Vec<EvalQuestion>,
    pub meeting_evaluation: MeetingEvalTemplate,
    pub fixed_roles: Vec<RoleTemplate>,
    pub adhoc_kinds: Vec<AdhocKind>,
    pub consent_scope_default: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AgendaTemplateItem {
    pub key: String,
    pub title: String,
    /// `None` for the Borgersager item, which gets the remaining time.
    pub minutes: Option<u32>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SectionTemplate {
    pub key: String,
    pub title: String,
    pub question: String,
    pub hint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EvalQuestion {
    pub key: String,
    pub question: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingEvalTemplate {
    pub fields: Vec<EvalField>,
    pub coherence_question: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EvalField {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoleTemplate {
    pub key: String,
    pub title: String,
    /// The role in plain words for the citizen ("jobkonsulent", "fra rusmiddelbehandlingen"):
    /// the citizen screen's "Med i dag". Empty in templates from before it: then `title`.
    #[serde(default)]
    pub plain: String,
    pub organisation: String,
    #[serde(default)]
    pub coordinator: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AdhocKind {
    pub key: String,
    pub title: String,
    /// As [`RoleTemplate::plain`].
    #[serde(default)]
    pub plain: String,
}

/// Every template version the app knows, newest last.
const TEMPLATES: &[&str] = &[include_str!("../../../assets/templates/default-v1.json")];

fn all() -> &'static [Template] {
    static CELL: OnceLock<Vec<Template>> = OnceLock::new();
    CELL.get_or_init(|| {
        TEMPLATES
            .iter()
            .map(|s| serde_json::from_str(s).expect("bundled template is valid JSON"))
            .collect()
    })
}

/// The template's agenda item that expands into one item per case.
pub const CASES_ITEM: &str = "borgersager";

/// The case section whose place the agreements' table takes (in the summary and on the
/// citizen screen): its note, when there is one, stands above the table.
pub const AGREEMENTS_SECTION: &str = "aftaler";

/// The template used for new meetings.
pub fn current() -> &'static Template {
    all().last().expect("at least one template")
}

/// The template a meeting was held with.
pub fn by_version(version: &str) -> Result<&'static Template> {
    all()
        .iter()
        .find(|t| t.version == version)
        .ok_or_else(|| CoreError::Template(format!("unknown template version {version}")))
}

impl Template {
    pub fn section(&self, key: &str) -> Option<&SectionTemplate> {
        self.sections.iter().find(|s| s.key == key)
    }
    /// A role's (fixed or ad hoc) title and plain name.
    fn role(&self, key: &str) -> Option<(&str, &str)> {
        self.fixed_roles
            .iter()
            .find(|r| r.key == key)
            .map(|r| (r.title.as_str(), r.plain.as_str()))
            .or_else(|| {
                self.adhoc_kinds
                    .iter()
                    .find(|r| r.key == key)
                    .map(|r| (r.title.as_str(), r.plain.as_str()))
            })
    }
    pub fn role_title(&self, key: &str) -> Option<&str> {
        self.role(key).map(|(title, _)| title)
    }
    /// The role in plain words for the citizen (the screen's "Med i dag"); the title when the
    /// template has no plain name for it.
    pub fn plain_role(&self, key: &str) -> Option<&str> {
        self.role(key)
            .map(|(title, plain)| if plain.is_empty() { title } else { plain })
    }
    /// Minutes for Borgersager: the meeting minus the fixed items.
    pub fn case_minutes(&self) -> u32 {
        let fixed: u32 = self.agenda.iter().filter_map(|a| a.minutes).sum();
        self.meeting_minutes.saturating_sub(fixed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_templates_load_and_have_the_contract_section_keys() {
        let t = current();
        let keys: Vec<&str> = t.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "vigtigste",
                "siden_sidst",
                "psykiatri",
                "rusmiddel",
                "bolig_hverdag",
                "beskaeftigelse_oekonomi",
                "netvaerk",
                "aftaler",
                "naeste_skridt"
            ]
        );
        assert_eq!(t.case_minutes(), 80);
        assert_eq!(t.agenda.len(), 5);
        assert!(t.fixed_roles.iter().filter(|r| r.coordinator).count() == 1);
        assert!(by_version(&t.version).is_ok());
        // Every role has a plain name for the citizen screen, in lower case (it follows a
        // name: "Anne – jobkonsulent").
        for (key, plain) in t
            .fixed_roles
            .iter()
            .map(|r| (&r.key, &r.plain))
            .chain(t.adhoc_kinds.iter().map(|k| (&k.key, &k.plain)))
        {
            assert!(!plain.is_empty(), "{key}: no plain name");
            assert_eq!(t.plain_role(key), Some(plain.as_str()));
            assert!(!plain.starts_with(char::is_uppercase), "{key}: {plain}");
        }
        assert_eq!(t.plain_role("beskaeftigelse"), Some("jobkonsulent"));
        assert_eq!(
            t.plain_role("visitator"),
            Some("sagsbehandler fra kommunen")
        );
        assert_eq!(by_version("nope").unwrap_err().kind(), "Template");
    }
}
