//! The default templates (agenda, case sections with the citizen's plain-language questions,
//! evaluations, fixed roles) are versioned data under `assets/templates/`. A meeting stores the
//! version it was held with, so an old meeting renders with its own template.

pub mod check;
pub mod file;

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

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
    /// The answers it can have (Ja / Delvist / Nej unless the template says otherwise).
    #[serde(default = "yes_partly_no")]
    pub scale: crate::domain::Scale,
}

fn yes_partly_no() -> crate::domain::Scale {
    crate::domain::Scale::YesPartlyNo
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingEvalTemplate {
    pub fields: Vec<EvalField>,
    pub coherence_question: String,
    /// The organisations that each give their answer and texts (kommune, region, andre);
    /// empty: the team answers jointly, once per meeting (templates before 2026.2).
    #[serde(default)]
    pub organisations: Vec<OrgTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OrgTemplate {
    pub key: crate::domain::Org,
    pub title: String,
}

impl MeetingEvalTemplate {
    /// Who evaluates a meeting of this template: its organisations, or the team jointly.
    pub fn orgs(&self) -> Vec<crate::domain::Org> {
        if self.organisations.is_empty() {
            vec![crate::domain::Org::Joint]
        } else {
            self.organisations.iter().map(|o| o.key).collect()
        }
    }
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

/// One box of the consent form: who may receive information about the citizen.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConsentRecipient {
    /// Stored in the consent (`kommunen`, `regionspsykiatrien`, an ad hoc kind's key).
    pub key: String,
    /// «Kommunen», «Praktiserende læge».
    pub label: String,
    /// An organisation of the fixed team (else an ad hoc kind).
    pub fixed: bool,
}

/// The consent key of a fixed role's organisation: «Regionspsykiatrien» → `regionspsykiatrien`.
fn organisation_key(organisation: &str) -> String {
    organisation
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

/// The templates shipped with the app, oldest first: the first version of every team's
/// set-up (the newest of them for a new team; an older database keeps the ones its meetings
/// were planned with, `store::templates::ensure_bundled`).
const BUNDLED: &[&str] = &[
    include_str!("../../../../assets/templates/default-v1.json"),
    include_str!("../../../../assets/templates/default-v2.json"),
];

/// Every template version this process has seen, by its id (`Template::version`).
///
/// A version is immutable and its id is derived from its content (the bundled ones are
/// fixed; a team's saved version is `v<number>-<sha256 of number and body>`, see
/// [`saved_version_id`]), so one id always names one template, whichever database it came
/// from: the registry interns them (each leaked once, a few KB) and `by_version` keeps
/// handing out `&'static Template`. A database's versions are registered when it opens and
/// when a version is saved (`store::templates`).
fn registry() -> &'static RwLock<HashMap<String, &'static Template>> {
    static CELL: OnceLock<RwLock<HashMap<String, &'static Template>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let map = bundled()
            .iter()
            .map(|t| (t.version.clone(), t))
            .collect::<HashMap<_, _>>();
        RwLock::new(map)
    })
}

/// The bundled templates, oldest first.
pub fn bundled() -> &'static [Template] {
    static CELL: OnceLock<Vec<Template>> = OnceLock::new();
    CELL.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|s| serde_json::from_str(s).expect("bundled template is valid JSON"))
            .collect()
    })
}

/// Makes `t` known under its id (`t.version`); the one already known when it is.
pub fn register(t: Template) -> &'static Template {
    if let Some(known) = registry()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(&t.version)
    {
        return known;
    }
    let mut map = registry().write().unwrap_or_else(|e| e.into_inner());
    map.entry(t.version.clone())
        .or_insert_with(|| Box::leak(Box::new(t)))
}

/// The id of a team's saved version `number` of `body` (whose own `version` is ignored):
/// `v<number>-<first 12 hex digits of SHA-256 of the number and the body as JSON>`.
pub fn saved_version_id(number: i64, body: &Template) -> String {
    use sha2::{Digest, Sha256};
    let mut unnamed = body.clone();
    unnamed.version = String::new();
    let json = serde_json::to_string(&unnamed).expect("a template serialises");
    let mut h = Sha256::new();
    h.update(number.to_string().as_bytes());
    h.update(b"\n");
    h.update(json.as_bytes());
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v{number}-{hex}")
}

/// The template's agenda item that expands into one item per case.
pub const CASES_ITEM: &str = "borgersager";

/// The case section whose place the agreements' table takes (in the summary and on the
/// citizen screen): its note, when there is one, stands above the table.
pub const AGREEMENTS_SECTION: &str = "aftaler";

/// The newest bundled template: a new team's first version (`Core::template` is the team's
/// newest).
pub fn current() -> &'static Template {
    bundled().last().expect("at least one template")
}

/// The template of a version id (a meeting's `template_version`).
pub fn by_version(version: &str) -> Result<&'static Template> {
    registry()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(version)
        .copied()
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
    /// Who a consent can name, in the form's order: the fixed team's organisations (from its
    /// roles), then the ad hoc kinds.
    pub fn consent_recipients(&self) -> Vec<ConsentRecipient> {
        let mut out: Vec<ConsentRecipient> = Vec::new();
        for r in &self.fixed_roles {
            let key = organisation_key(&r.organisation);
            if !key.is_empty() && !out.iter().any(|o| o.key == key) {
                out.push(ConsentRecipient {
                    key,
                    label: r.organisation.trim().to_string(),
                    fixed: true,
                });
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out.extend(self.adhoc_kinds.iter().map(|k| ConsentRecipient {
            key: k.key.clone(),
            label: k.title.clone(),
            fixed: false,
        }));
        out
    }
    /// The fixed team's organisations' keys: what a consent registered before schema 8
    /// covers, and the default of a new one.
    pub fn fixed_team_keys(&self) -> Vec<String> {
        self.consent_recipients()
            .into_iter()
            .filter(|r| r.fixed)
            .map(|r| r.key)
            .collect()
    }
    /// The consent key a person of `role` needs: a fixed role's organisation, an ad hoc
    /// kind's own key.
    pub fn consent_key(&self, role: &str) -> Option<String> {
        self.fixed_roles
            .iter()
            .find(|r| r.key == role)
            .map(|r| organisation_key(&r.organisation))
            .or_else(|| {
                self.adhoc_kinds
                    .iter()
                    .find(|k| k.key == role)
                    .map(|k| k.key.clone())
            })
    }
    /// A consent key's label («Praktiserende læge»); the key itself when unknown.
    pub fn consent_label(&self, key: &str) -> String {
        self.consent_recipients()
            .into_iter()
            .find(|r| r.key == key)
            .map_or_else(|| key.to_string(), |r| r.label)
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

    #[test]
    fn the_consent_names_the_fixed_team_s_organisations_and_the_ad_hoc_kinds() {
        let t = current();
        let keys: Vec<String> = t.consent_recipients().into_iter().map(|r| r.key).collect();
        assert_eq!(
            keys,
            [
                "kommunen",
                "regionspsykiatrien",
                "psykiater",
                "praktiserende_laege",
                "vaerested",
                "netvaerk",
                "anden"
            ]
        );
        assert_eq!(t.fixed_team_keys(), ["kommunen", "regionspsykiatrien"]);
        assert_eq!(t.consent_key("visitator").as_deref(), Some("kommunen"));
        assert_eq!(
            t.consent_key("praktiserende_laege").as_deref(),
            Some("praktiserende_laege")
        );
        assert_eq!(t.consent_label("praktiserende_laege"), "Praktiserende læge");
        assert_eq!(t.consent_key("nobody"), None);
    }
}
