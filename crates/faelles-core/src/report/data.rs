//! «Evalueringsdata»: the one pseudonymous data set a team exports for the working group and
//! the report is computed from (`teams.rs`): the team's own figures are those of its data
//! read from the database, imported teams' are those of their files, and «Alle teams» those
//! of all of them together.
//!
//! What it holds: the team (its stable key — the team's id —, name, municipality), the
//! period, the templates its meetings used (each question's key, text and scale, so a report
//! across teams can label them and follow a question across versions: `series.rs`; the team's
//! newest when no meeting is in the range), and per meeting: date, status, per case the citizen's
//! pseudonymous key (`Core::report_key`, random, stored), attendance, whether an invitation
//! was made, the answers by question key (a key absent: not answered; a question absent
//! from the meeting's template: not asked), the agreements' status and days to done, the
//! summary (made final, handed over for e-Boks and how many days after the meeting); per
//! organisation the actors' coherence answer. **No name, no CPR number, no free text that
//! has not been ticked**: the citizen's own words and the actors' effects, experiences and
//! learning points are in the file only when the chair has read them through and ticked
//! them (`eval_text_cleared`, the tick valid while the text's SHA-256 is the one read), and
//! the file says so (`free_text`).
//!
//! The file is `{"format_version", "sha256", "body"}`; `sha256` is the SHA-256 of the body
//! as canonical JSON (keys sorted, no spaces). It detects damage and casual edits; it does
//! not prove who made the file (the app has no signing keys: anyone who edits the body and
//! computes the sum again can forge one).

use crate::core::Core;
use crate::domain::*;
use crate::error::{CoreError, Result};
use crate::store::{self, Baseline};
use crate::templates;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The format's name, in every file.
pub const FORMAT: &str = "faelles-team-evalueringsdata";
/// The version this app writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// What the file says about its free texts.
pub const FREE_TEXT_RULE: &str = "Filen indeholder ingen navne og ingen CPR-numre; borgerne \
    står med en tilfældig nøgle. Fritekst (borgerens egne ord og aktørernes effekter, \
    erfaringer og læringspunkter) er kun med, når mødelederen har læst teksten igennem og \
    markeret den «Gennemset – må med i evalueringsdata»; en tekst ændret efter markeringen er \
    ikke med.";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalData {
    pub format: String,
    pub format_version: u32,
    /// The app's version that made it.
    pub app_version: String,
    pub team: TeamInfo,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub made_at: DateTime<Utc>,
    /// [`FREE_TEXT_RULE`].
    pub free_text: String,
    /// Free texts left out because they were not ticked (a count, no content).
    pub texts_left_out: u32,
    pub templates: Vec<TemplateInfo>,
    pub meetings: Vec<MeetingData>,
    /// How it was before the trial, entered by hand.
    pub baseline: Option<Baseline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    /// Stable across files of one team: the team's id.
    pub key: String,
    pub name: String,
    pub municipality: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateInfo {
    pub version: String,
    pub questions: Vec<QuestionInfo>,
    pub coherence_question: String,
    /// The organisations that evaluate a meeting of it, with their names (not in older
    /// files: then the usual names, `Org::label_da`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<templates::OrgTemplate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionInfo {
    pub key: String,
    pub text: String,
    pub scale: Scale,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingData {
    pub date: NaiveDate,
    pub status: MeetingStatus,
    pub template_version: String,
    pub cases: Vec<CaseData>,
    pub actors: Vec<ActorData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseData {
    /// The citizen's pseudonymous key («B-…»).
    pub citizen: String,
    pub attendance: Option<Attendance>,
    /// An invitation was made for the citizen.
    pub invited: bool,
    /// An evaluation was recorded.
    pub evaluated: bool,
    /// Answers by question key (only questions the meeting's template asks).
    pub answers: BTreeMap<String, Answer>,
    /// The citizen's own words (only ticked ones in a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    pub agreements: Vec<AgreementData>,
    /// A final summary was made for the citizen.
    pub summary_made: bool,
    /// Days from the meeting's date to the summary's e-Boks mark (local dates).
    pub handed_over_after_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementData {
    pub status: AgreementStatus,
    /// Seconds from made to marked done (done ones).
    pub seconds_to_done: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorData {
    pub org: Org,
    pub coherent: Option<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effects: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experiences: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning: Option<String>,
}

impl EvalData {
    /// The template of `version` as this data describes it.
    pub fn template(&self, version: &str) -> Option<&TemplateInfo> {
        self.templates.iter().find(|t| t.version == version)
    }
}

/// The SHA-256 (hex) of a text, as a tick records it.
pub fn text_sha(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.trim().as_bytes()))
}

/// `v` as canonical JSON: object keys sorted, no whitespace (whatever order a parser kept).
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn checksum(body: &Value) -> String {
    let mut s = String::new();
    canonical(body, &mut s);
    format!("{:x}", Sha256::digest(s.as_bytes()))
}

fn refused(reason: &str) -> CoreError {
    CoreError::EvalFileRefused {
        reason: reason.into(),
    }
}

/// The file's bytes: `{"format_version", "sha256", "body"}`, pretty JSON (UTF-8).
pub fn encode(data: &EvalData) -> Result<Vec<u8>> {
    let body = serde_json::to_value(data).map_err(|e| refused(&e.to_string()))?;
    let file = serde_json::json!({
        "format": FORMAT,
        "format_version": data.format_version,
        "sha256": checksum(&body),
        "body": body,
    });
    serde_json::to_vec_pretty(&file).map_err(|e| refused(&e.to_string()))
}

/// The largest evaluation file read (20 years of a team is a few MB).
pub const MAX_FILE: usize = 64 * 1024 * 1024;

/// Reads an evaluation file: refused when it is not one, is damaged or was changed after it
/// was made (the checksum), or comes from a newer version of the format.
pub fn decode(bytes: &[u8]) -> Result<EvalData> {
    if bytes.len() > MAX_FILE {
        return Err(refused("Filen er for stor til at være evalueringsdata."));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let file: Value = serde_json::from_slice(bytes).map_err(|_| {
        refused("Filen kan ikke læses: den er beskadiget eller ikke en evalueringsfil.")
    })?;
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refused(
            "Filen er ikke evalueringsdata fra Fælles Team (Rapporter → «Eksportér evalueringsdata»).",
        ));
    }
    let version = file.get("format_version").and_then(Value::as_u64);
    match version {
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(CoreError::EvalFileTooNew {
                found: v,
                supported: FORMAT_VERSION,
            })
        }
        Some(_) => {}
        None => return Err(refused("Filen siger ikke, hvilken version den er.")),
    }
    let (Some(body), Some(sum)) = (file.get("body"), file.get("sha256").and_then(Value::as_str))
    else {
        return Err(refused("Filen mangler sit indhold eller sin kontrolsum."));
    };
    if checksum(body) != sum {
        return Err(refused(
            "Filen er ændret eller beskadiget, efter den blev lavet: kontrolsummen passer ikke. \
             Bed teamet om en ny fil.",
        ));
    }
    if body.get("format_version").and_then(Value::as_u64) != version {
        return Err(refused("Filens version stemmer ikke med dens indhold."));
    }
    let data: EvalData = serde_json::from_value(body.clone()).map_err(|_| {
        refused("Filens indhold kan ikke læses: den er beskadiget eller ikke en evalueringsfil.")
    })?;
    if data.to < data.from {
        return Err(refused("Filens periode slutter, før den begynder."));
    }
    Ok(data)
}

/// Texts shown in the report beside their tick: the citizen's own words of a case, an
/// organisation's effects / experiences / learning points of a meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalText {
    /// The case (own words) or the meeting (actors' texts).
    pub owner_id: Id,
    /// `eval:comment`, `eval:kommune:learning`, …
    pub note_key: String,
    pub date: NaiveDate,
    /// «Borgerens egne ord» or «Kommunen – læringspunkter».
    pub label: String,
    pub text: String,
    /// Ticked, and the text unchanged since.
    pub ticked: bool,
}

const FIELDS: [(&str, &str); 3] = [
    ("effects", "effekter"),
    ("experiences", "erfaringer"),
    ("learning", "læringspunkter"),
];

impl Core {
    /// Every free text of the held meetings in the range, with its tick.
    pub fn eval_texts(&self, from: &str, to: &str) -> Result<Vec<EvalText>> {
        let l = self.report_load(from, to)?;
        let ticks = store::cleared_texts(self.store().read())?;
        let ticked = |owner: Id, key: &str, text: &str| {
            ticks.get(&(owner, key.to_string())) == Some(&text_sha(text))
        };
        let mut out = Vec::new();
        for m in l.held() {
            let date = crate::calendar::local(m.starts_at).date_naive();
            for k in l.cases.iter().filter(|k| k.meeting_id == m.id) {
                let Some(e) = &k.evaluation else { continue };
                if !e.comment.trim().is_empty() {
                    out.push(EvalText {
                        owner_id: k.case_id,
                        note_key: EVAL_COMMENT_NOTE.into(),
                        date,
                        label: "Borgerens egne ord".into(),
                        ticked: ticked(k.case_id, EVAL_COMMENT_NOTE, &e.comment),
                        text: e.comment.trim().into(),
                    });
                }
            }
            for e in l.evaluations.iter().filter(|e| e.meeting_id == m.id) {
                for (field, word) in FIELDS {
                    let text = actor_field(e, field);
                    if text.trim().is_empty() {
                        continue;
                    }
                    let key = e.org.note_key(field);
                    out.push(EvalText {
                        owner_id: m.id,
                        ticked: ticked(m.id, &key, text),
                        note_key: key,
                        date,
                        label: format!(
                            "{} – {word}",
                            crate::words::org_title(self.template(), e.org)
                        ),
                        text: text.trim().into(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Ticks a free text as read through for the evaluation file (or takes the tick back):
    /// the tick holds the text as it is now, so a later change unticks it.
    pub fn set_eval_text_cleared(
        &mut self,
        owner: Id,
        note_key: &str,
        cleared: bool,
    ) -> Result<()> {
        let c = self.store().read();
        let text = if note_key == EVAL_COMMENT_NOTE {
            store::get_citizen_evaluation(c, owner)?.map(|e| e.comment)
        } else {
            let (org, field) = Org::of_note_key(note_key).ok_or(CoreError::InvalidValue {
                field: "Tekst",
                reason: "ukendt tekst".into(),
            })?;
            store::get_meeting_evaluation(c, owner, org)?
                .map(|e| actor_field(&e, field).to_string())
        }
        .ok_or(CoreError::NotFound { what: "Teksten" })?;
        let sha = text_sha(&text);
        let now = self.now();
        self.store_mut()
            .write(|tx| store::set_cleared(tx, owner, note_key, cleared.then_some(&*sha), now))
    }

    /// The team's evaluation data for the range: `all_texts` for the team's own view (every
    /// free text), else only the ticked ones (the file).
    pub fn eval_data(&mut self, from: &str, to: &str, all_texts: bool) -> Result<EvalData> {
        let l = self.report_load(from, to)?;
        let mut keys: HashMap<Id, String> = HashMap::new();
        for k in &l.cases {
            if let std::collections::hash_map::Entry::Vacant(e) = keys.entry(k.citizen_id) {
                e.insert(self.report_key(k.citizen_id)?);
            }
        }
        self.eval_data_of(&l, &keys, all_texts)
    }

    /// [`Core::eval_data`] of what was read, with the citizens' keys (`""` where missing).
    pub(crate) fn eval_data_of(
        &self,
        l: &super::Loaded,
        keys: &HashMap<Id, String>,
        all_texts: bool,
    ) -> Result<EvalData> {
        let team = self.require_team()?;
        let (start, end) = l.bounds()?;
        let c = self.store().read();
        let ticks = store::cleared_texts(c)?;
        let handover = store::report_case_handover(c, team.id, start, end)?;
        let baseline = store::baseline(c, team.id)?;
        let mut left_out = 0u32;
        let mut keep = |owner: Id, key: &str, text: &str| -> Option<String> {
            if text.trim().is_empty() {
                return None;
            }
            if all_texts || ticks.get(&(owner, key.to_string())) == Some(&text_sha(text)) {
                Some(text.trim().to_string())
            } else {
                left_out += 1;
                None
            }
        };
        // Each case's agreements, grouped once (not a scan of every agreement per case).
        let mut agreements_of: HashMap<Id, Vec<&store::AgreementRow>> = HashMap::new();
        for a in &l.agreements {
            agreements_of.entry(a.case_id).or_default().push(a);
        }
        let mut versions: Vec<String> = Vec::new();
        if l.meetings.is_empty() {
            // No meeting in the range: the team's newest template, so the report still has
            // a table for each of its questions.
            versions.push(self.template().version.clone());
        }
        let mut meetings = Vec::new();
        for m in &l.meetings {
            if !versions.contains(&m.template_version) {
                versions.push(m.template_version.clone());
            }
            let day = crate::calendar::local(m.starts_at).date_naive();
            let cases = l
                .cases
                .iter()
                .filter(|k| k.meeting_id == m.id)
                .map(|k| {
                    let (invited, summary_made, handed) =
                        handover.get(&k.case_id).copied().unwrap_or_default();
                    let t = templates::by_version(&k.template_version).ok();
                    let answers = t
                        .map(|t| {
                            t.citizen_evaluation
                                .iter()
                                .filter_map(|q| Some((q.key.clone(), k.answer(&q.key)?)))
                                .collect()
                        })
                        .unwrap_or_default();
                    CaseData {
                        // The stored key; in memory only, a citizen without one yet is told
                        // apart by their id (`eval_data` makes every key before a file).
                        citizen: keys
                            .get(&k.citizen_id)
                            .cloned()
                            .unwrap_or_else(|| k.citizen_id.to_string()),
                        attendance: k.attendance,
                        invited,
                        evaluated: k.evaluation.is_some(),
                        answers,
                        words: k
                            .evaluation
                            .as_ref()
                            .and_then(|e| keep(k.case_id, EVAL_COMMENT_NOTE, &e.comment)),
                        agreements: agreements_of
                            .get(&k.case_id)
                            .into_iter()
                            .flatten()
                            .map(|a| AgreementData {
                                status: a.status,
                                seconds_to_done: (a.status == AgreementStatus::Done)
                                    .then(|| {
                                        a.reviewed_at.map(|r| (r - a.created_at).num_seconds())
                                    })
                                    .flatten(),
                            })
                            .collect(),
                        summary_made,
                        handed_over_after_days: handed
                            .map(|h| (crate::calendar::local(h).date_naive() - day).num_days()),
                    }
                })
                .collect();
            let actors = l
                .evaluations
                .iter()
                .filter(|e| e.meeting_id == m.id)
                .map(|e| ActorData {
                    org: e.org,
                    coherent: e.coherent,
                    effects: keep(m.id, &e.org.note_key("effects"), &e.effects),
                    experiences: keep(m.id, &e.org.note_key("experiences"), &e.experiences),
                    learning: keep(m.id, &e.org.note_key("learning"), &e.learning),
                })
                .collect();
            meetings.push(MeetingData {
                date: day,
                status: m.status,
                template_version: m.template_version.clone(),
                cases,
                actors,
            });
        }
        let templates = versions
            .iter()
            .filter_map(|v| templates::by_version(v).ok())
            .map(|t| TemplateInfo {
                version: t.version.clone(),
                questions: t
                    .citizen_evaluation
                    .iter()
                    .map(|q| QuestionInfo {
                        key: q.key.clone(),
                        text: q.question.clone(),
                        scale: q.scale,
                    })
                    .collect(),
                coherence_question: t.meeting_evaluation.coherence_question.clone(),
                organisations: t.meeting_evaluation.organisations.clone(),
            })
            .collect();
        Ok(EvalData {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            team: TeamInfo {
                key: team.id.to_string(),
                name: team.name,
                municipality: team.municipality,
            },
            from: l.from,
            to: l.to,
            made_at: self.now(),
            free_text: FREE_TEXT_RULE.into(),
            texts_left_out: left_out,
            templates,
            meetings,
            baseline,
        })
    }
}

/// One of an actors' evaluation's texts by its field's key.
pub fn actor_field<'a>(e: &'a MeetingEvaluation, field: &str) -> &'a str {
    match field {
        "effects" => &e.effects,
        "experiences" => &e.experiences,
        "learning" => &e.learning,
        _ => "",
    }
}
