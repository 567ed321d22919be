//! A template as a file («Eksportér skabelon» / «Importér skabelon»), so the working group
//! can give every team the same set-up. The file's shape is the published JSON Schema
//! `docs/skabelon.schema.json`; a file is read only whole: its format, then the schema, then
//! the template's rules ([`super::check::validate`]). Every refusal says why in Danish.

use super::Template;
use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The `format` of a template file.
pub const FORMAT: &str = "faelles-team-skabelon";
/// The newest `format_version` this app reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// The published schema of the file (format_version 1).
pub const SCHEMA: &str = include_str!("../../../../docs/skabelon.schema.json");
/// A template file is a few KB; anything much larger is not one.
pub const MAX_BYTES: usize = 1_000_000;

/// Where a template file came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Source {
    #[serde(default)]
    pub team: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TemplateFile {
    pub format: String,
    pub format_version: u32,
    #[serde(default)]
    pub exported_at: String,
    #[serde(default)]
    pub app_version: String,
    #[serde(default)]
    pub source: Source,
    pub template: Template,
}

/// The file of `t` (pretty JSON, UTF-8).
pub fn write(t: &Template, source: Source, exported_at: &str) -> Vec<u8> {
    let file = TemplateFile {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        exported_at: exported_at.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        source,
        template: t.clone(),
    };
    let mut out = serde_json::to_vec_pretty(&file).expect("a template serialises");
    out.push(b'\n');
    out
}

fn refused(reason: impl Into<String>) -> CoreError {
    CoreError::TemplateFileRefused {
        reason: reason.into(),
    }
}

fn schema() -> &'static jsonschema::Validator {
    static CELL: OnceLock<jsonschema::Validator> = OnceLock::new();
    CELL.get_or_init(|| {
        let s: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        jsonschema::validator_for(&s).expect("the published schema is a valid JSON Schema")
    })
}

/// Reads a template file: refused unless it is whole, of this format, not newer than this
/// app, valid against the schema and keeping every rule of a template.
pub fn read(bytes: &[u8]) -> Result<TemplateFile> {
    if bytes.len() > MAX_BYTES {
        return Err(refused("filen er for stor til at være en skabelon."));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| refused("filen er ikke tekst (UTF-8)."))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        refused(format!(
            "filen er ikke gyldig JSON (linje {}, tegn {}).",
            e.line(),
            e.column()
        ))
    })?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => return Err(refused("det er ikke en skabelon fra Fælles Team.")),
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(CoreError::TemplateFileTooNew {
                found: v,
                supported: FORMAT_VERSION,
            })
        }
        Some(v) if v >= 1 => {}
        _ => return Err(refused("filens formatversion mangler eller er ugyldig.")),
    }
    if let Some(e) = schema().iter_errors(&value).next() {
        let at = e.instance_path.to_string();
        let at = if at.is_empty() { "/".to_string() } else { at };
        return Err(refused(format!(
            "filen følger ikke skabelonformatet ved «{at}» ({}).",
            schema_problem_da(&e.kind)
        )));
    }
    let file: TemplateFile = serde_json::from_value(value)
        .map_err(|e| refused(format!("filen følger ikke skabelonformatet ({e}).")))?;
    super::check::validate(&file.template)?;
    Ok(file)
}

/// What a schema error is, in Danish.
fn schema_problem_da(kind: &jsonschema::error::ValidationErrorKind) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    match kind {
        K::Required { property } => match property.as_str() {
            Some(p) => format!("feltet «{p}» mangler"),
            None => format!("feltet {property} mangler"),
        },
        K::AdditionalProperties { unexpected } => {
            format!("ukendt felt: {}", unexpected.join(", "))
        }
        K::Type { .. } => "forkert slags værdi".into(),
        K::Pattern { .. } => "en nøgle må kun have små bogstaver a–z, tal og _".into(),
        K::MinLength { .. } => "teksten er tom".into(),
        K::MaxLength { .. } => "teksten er for lang".into(),
        K::Minimum { .. } | K::Maximum { .. } => "tallet er uden for det tilladte".into(),
        K::MinItems { .. } => "listen har for få punkter".into(),
        K::Enum { .. } | K::Constant { .. } => "værdien er ikke en af de tilladte".into(),
        _ => "ugyldig værdi".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_reads_back_to_the_same_template() {
        for t in super::super::bundled() {
            let bytes = write(t, Source::default(), "2026-12-07T10:00:00Z");
            let back = read(&bytes).unwrap();
            assert_eq!(&back.template, t);
        }
    }

    #[test]
    fn malformed_foreign_newer_and_invalid_files_are_refused_in_danish() {
        let t = super::super::current();
        let good: serde_json::Value =
            serde_json::from_slice(&write(t, Source::default(), "x")).unwrap();
        let kind = |bytes: &[u8]| read(bytes).unwrap_err();

        let e = kind(b"{\"format\": \"faelles-team-skabelon\", ");
        assert_eq!(e.kind().as_str(), "TemplateFileRefused");
        assert!(
            e.message_da().contains("ikke gyldig JSON"),
            "{}",
            e.message_da()
        );

        let e = kind(br#"{"format": "faelles-team-evalueringsdata", "format_version": 1}"#);
        assert!(e.message_da().contains("ikke en skabelon"));

        let mut newer = good.clone();
        newer["format_version"] = 2.into();
        let e = kind(newer.to_string().as_bytes());
        assert_eq!(e.kind().as_str(), "TemplateFileTooNew");

        let mut missing = good.clone();
        missing["template"]
            .as_object_mut()
            .unwrap()
            .remove("sections");
        let e = kind(missing.to_string().as_bytes());
        assert!(
            e.message_da().contains("feltet «sections» mangler"),
            "{}",
            e.message_da()
        );

        let mut bad_key = good.clone();
        bad_key["template"]["sections"][0]["key"] = "Vigtigste ting".into();
        let e = kind(bad_key.to_string().as_bytes());
        assert!(
            e.message_da().contains("/template/sections/0/key"),
            "{}",
            e.message_da()
        );

        // Valid against the schema but not a valid template: the rules speak.
        let mut long = good;
        long["template"]["agenda"][1]["minutes"] = 200.into();
        let e = kind(long.to_string().as_bytes());
        assert_eq!(e.kind().as_str(), "TemplateInvalid");
        assert!(e.message_da().contains("går ikke op"));
    }
}
