//! Typed column reads and writes shared by the query files: ids, RFC 3339 times, dates,
//! codes, JSON; `not_found`.

use crate::domain::*;
use crate::error::CoreError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::Row;

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn conv_err(
    idx: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("unknown code {0:?}")]
struct BadCode(String);

/// Typed column reads (ids, times, dates, codes, JSON) shared by the store's query files.
pub(super) trait RowExt {
    fn id(&self, i: usize) -> rusqlite::Result<Id>;
    fn opt_id(&self, i: usize) -> rusqlite::Result<Option<Id>>;
    fn ts(&self, i: usize) -> rusqlite::Result<DateTime<Utc>>;
    fn opt_ts(&self, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>>;
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate>;
    fn opt_date(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>>;
    fn code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<E>;
    fn opt_code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<Option<E>>;
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> rusqlite::Result<Option<T>>;
}

impl RowExt for Row<'_> {
    fn id(&self, i: usize) -> rusqlite::Result<Id> {
        let s: String = self.get(i)?;
        Id::parse_str(&s).map_err(|e| conv_err(i, e))
    }
    fn opt_id(&self, i: usize) -> rusqlite::Result<Option<Id>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| Id::parse_str(&s).map_err(|e| conv_err(i, e)))
            .transpose()
    }
    fn ts(&self, i: usize) -> rusqlite::Result<DateTime<Utc>> {
        let s: String = self.get(i)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| conv_err(i, e))
    }
    fn opt_ts(&self, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| {
            DateTime::parse_from_rfc3339(&s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| conv_err(i, e))
        })
        .transpose()
    }
    fn date(&self, i: usize) -> rusqlite::Result<NaiveDate> {
        let s: String = self.get(i)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| conv_err(i, e))
    }
    fn opt_date(&self, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| conv_err(i, e)))
            .transpose()
    }
    fn code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<E> {
        let s: String = self.get(i)?;
        f(&s).ok_or_else(|| conv_err(i, BadCode(s)))
    }
    fn opt_code<E>(&self, i: usize, f: fn(&str) -> Option<E>) -> rusqlite::Result<Option<E>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| f(&s).ok_or_else(|| conv_err(i, BadCode(s))))
            .transpose()
    }
    fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> rusqlite::Result<Option<T>> {
        let s: Option<String> = self.get(i)?;
        s.map(|s| serde_json::from_str(&s).map_err(|e| conv_err(i, e)))
            .transpose()
    }
}

pub(super) fn json<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref()
        .map(|v| serde_json::to_string(v).expect("domain types serialise"))
}

pub(super) fn not_found(what: &'static str) -> impl FnOnce() -> CoreError {
    move || CoreError::NotFound { what }
}
