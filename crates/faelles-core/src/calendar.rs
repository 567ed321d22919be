//! Dates and times as the users read them: stored in UTC, shown in Europe/Copenhagen, written
//! in Danish ("tirsdag den 3. marts 2026", "uge 10"), and the 4-weekly meeting series.

use crate::error::{CoreError, Result};
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use chrono_tz::Tz;

pub const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "tirsdag den 3. marts 2026"
pub fn date_long(d: NaiveDate) -> String {
    format!(
        "{} den {}. {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// "3. marts 2026"
pub fn date_short(d: NaiveDate) -> String {
    format!("{}. {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// ISO 8601 week number ("uge").
pub fn iso_week(d: NaiveDate) -> u32 {
    d.iso_week().week()
}

/// "tirsdag den 3. marts 2026, uge 10"
pub fn date_with_week(d: NaiveDate) -> String {
    format!("{}, uge {}", date_long(d), iso_week(d))
}

pub fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&Copenhagen)
}

/// "kl. 13.00" (Danish uses a dot between hours and minutes).
pub fn clock(t: DateTime<Utc>) -> String {
    let l = local(t);
    format!("kl. {}", l.format("%H.%M"))
}

/// A local Copenhagen date and time to UTC. A time that does not exist (the hour skipped at
/// the start of summer time) is refused; an ambiguous one (autumn) takes the first.
pub fn local_to_utc(date: NaiveDate, time: NaiveTime) -> Result<DateTime<Utc>> {
    match Copenhagen.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Ok(a.with_timezone(&Utc)),
        LocalResult::None => Err(CoreError::InvalidTime { field: "Starttid" }),
    }
}

/// A date as the chair types it, whatever the machine's locale: Danish `24.12.2026` (day and
/// month with one or two digits, `.` or `-` between, a four-digit year), or ISO `2026-12-24`
/// (what the app's own fields and older callers send). Anything else (`12/24/2026`, a
/// two-digit year, a sign) and a date that does not exist (`31.02.2026`) is refused.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    let bad = || CoreError::InvalidDate { field };
    let s = s.trim();
    let parts: Vec<&str> = s.split(['.', '-']).collect();
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = match parts.as_slice() {
        [y, m, d]
            if digits(y, &[4])
                && digits(m, &[2])
                && digits(d, &[2])
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[7] == b'-' =>
        {
            (y, m, d)
        }
        [d, m, y] if digits(d, &[1, 2]) && digits(m, &[1, 2]) && digits(y, &[4]) => (y, m, d),
        _ => return Err(bad()),
    };
    let n = |p: &str| p.parse::<u32>().map_err(|_| bad());
    NaiveDate::from_ymd_opt(n(y)? as i32, n(m)?, n(d)?).ok_or_else(bad)
}

/// A date the way a date field shows it: `24.12.2026`.
pub fn date_field(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

pub fn parse_time(field: &'static str, s: &str) -> Result<NaiveTime> {
    // "13:00", or "13.00" as Danish writes it.
    let s = s.trim().replacen('.', ":", 1);
    NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| CoreError::InvalidTime { field })
}

/// Start times of a series: `count` meetings every `every_weeks` weeks from `first`, all at the
/// same local wall-clock time (so the UTC time moves by an hour across summer time).
pub fn series(
    first: NaiveDate,
    start: NaiveTime,
    count: u32,
    every_weeks: u32,
) -> Result<Vec<DateTime<Utc>>> {
    if count == 0 || count > 200 {
        return Err(CoreError::InvalidValue {
            field: "Antal møder",
            reason: "vælg mellem 1 og 200 møder".into(),
        });
    }
    if every_weeks == 0 || every_weeks > 52 {
        return Err(CoreError::InvalidValue {
            field: "Interval",
            reason: "vælg mellem 1 og 52 uger".into(),
        });
    }
    (0..count)
        .map(|i| {
            let d = first + Duration::weeks((i * every_weeks) as i64);
            local_to_utc(d, start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn danish_long_date_and_week() {
        assert_eq!(
            date_with_week(d(2026, 3, 3)),
            "tirsdag den 3. marts 2026, uge 10"
        );
        assert_eq!(date_long(d(2026, 11, 23)), "mandag den 23. november 2026");
        assert_eq!(date_short(d(2027, 1, 1)), "1. januar 2027");
    }

    #[test]
    fn series_keeps_local_time_across_daylight_saving_change() {
        // 2026: summer time starts 29 March, ends 25 October.
        let s = series(
            d(2026, 3, 3),
            NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            3,
            4,
        )
        .unwrap();
        let locals: Vec<String> = s
            .iter()
            .map(|t| local(*t).format("%Y-%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(
            locals,
            ["2026-03-03 13:00", "2026-03-31 13:00", "2026-04-28 13:00"]
        );
        assert_eq!(s[0].format("%H:%M").to_string(), "12:00"); // CET = UTC+1
        assert_eq!(s[1].format("%H:%M").to_string(), "11:00"); // CEST = UTC+2
        let autumn = series(
            d(2026, 10, 20),
            NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            2,
            4,
        )
        .unwrap();
        assert_eq!(autumn[0].format("%H:%M").to_string(), "07:30");
        assert_eq!(autumn[1].format("%H:%M").to_string(), "08:30");
        assert_eq!(local(autumn[1]).format("%H:%M").to_string(), "09:30");
    }

    #[test]
    fn series_across_year_boundary_has_iso_weeks() {
        let s = series(
            d(2026, 12, 1),
            NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            3,
            4,
        )
        .unwrap();
        let dates: Vec<(NaiveDate, u32)> = s
            .iter()
            .map(|t| {
                let ld = local(*t).date_naive();
                (ld, iso_week(ld))
            })
            .collect();
        assert_eq!(
            dates,
            [
                (d(2026, 12, 1), 49),
                (d(2026, 12, 29), 53),
                (d(2027, 1, 26), 4)
            ]
        );
        // 2026 has 53 ISO weeks; 1 January 2027 is in week 53 of 2026.
        assert_eq!(iso_week(d(2027, 1, 1)), 53);
        assert_eq!(iso_week(d(2027, 1, 4)), 1);
        assert_eq!(
            date_with_week(d(2026, 12, 29)),
            "tirsdag den 29. december 2026, uge 53"
        );
    }

    #[test]
    fn a_date_is_read_in_danish_or_iso_whatever_the_locale() {
        let ok = |s: &str| parse_date("Dato", s).unwrap();
        for s in ["24.12.2026", "24-12-2026", " 24.12.2026 ", "2026-12-24"] {
            assert_eq!(ok(s), d(2026, 12, 24), "{s}");
        }
        assert_eq!(ok("3.3.2026"), d(2026, 3, 3));
        assert_eq!(ok("03.03.2026"), d(2026, 3, 3));
        for s in [
            "12/24/2026",
            "24/12/2026",
            "24.12.26",
            "31.02.2026",
            "2026-2-3",
            "+2026-12-24",
            "-0001-01-01",
            "24.12.2026.",
            "24..2026",
            "",
            "i morgen",
            "24.13.2026",
            "2026-12-24T10:00",
        ] {
            let e = parse_date("Dato", s).unwrap_err();
            assert_eq!(e.kind(), "InvalidDate", "{s}");
            assert!(e.message_da().contains("24.12.2026"), "{}", e.message_da());
        }
        assert_eq!(date_field(d(2026, 3, 3)), "03.03.2026");
    }

    #[test]
    fn nonexistent_local_time_is_refused() {
        let err = local_to_utc(d(2026, 3, 29), NaiveTime::from_hms_opt(2, 30, 0).unwrap());
        assert_eq!(err.unwrap_err().kind(), "InvalidDate");
        assert!(series(d(2026, 3, 3), NaiveTime::MIN, 0, 4).is_err());
    }
}
