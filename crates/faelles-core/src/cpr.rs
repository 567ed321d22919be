//! Danish CPR numbers: parsing, validation (a real birth date with the century given by the
//! 7th digit) and masking. No modulus-11 check: numbers issued after 2007 need not pass it.
//!
//! `Cpr` never prints its full number by accident: `Debug` and `Serialize` give the masked
//! form (`010190-****`); only [`Cpr::reveal`] returns the whole number.

use chrono::NaiveDate;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CprError {
    #[error("wrong length or format")]
    Format,
    #[error("contains characters other than digits")]
    NotDigits,
    #[error("the birth date does not exist")]
    NoSuchDate,
}

impl CprError {
    pub fn message_da(&self) -> &'static str {
        match self {
            CprError::Format => "det skal være 10 cifre",
            CprError::NotDigits => "der må kun være cifre (og evt. én bindestreg)",
            CprError::NoSuchDate => "fødselsdatoen findes ikke",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr([u8; 10]);

impl Cpr {
    /// Accepts `ddmmyy-xxxx` or `ddmmyyxxxx` (surrounding whitespace ignored).
    pub fn parse(input: &str) -> Result<Cpr, CprError> {
        let s = input.trim();
        if s.chars().any(|c| !c.is_ascii_digit() && c != '-') {
            return Err(CprError::NotDigits);
        }
        let hyphens: Vec<usize> = s.match_indices('-').map(|(i, _)| i).collect();
        if !(hyphens.is_empty() || hyphens == [6]) {
            return Err(CprError::Format);
        }
        let digits: String = s.chars().filter(|c| *c != '-').collect();
        if digits.len() != 10 {
            return Err(CprError::Format);
        }
        let mut d = [0u8; 10];
        for (i, c) in digits.bytes().enumerate() {
            d[i] = c - b'0';
        }
        let cpr = Cpr(d);
        cpr.birth_date().ok_or(CprError::NoSuchDate)?;
        Ok(cpr)
    }

    /// The birth date, with the century from the 7th digit.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let d = &self.0;
        let day = (d[0] * 10 + d[1]) as u32;
        let month = (d[2] * 10 + d[3]) as u32;
        let yy = (d[4] * 10 + d[5]) as i32;
        let century = match d[6] {
            0..=3 => 1900,
            4 | 9 => {
                if yy <= 36 {
                    2000
                } else {
                    1900
                }
            }
            _ => {
                if yy <= 57 {
                    2000
                } else {
                    1800
                }
            }
        };
        NaiveDate::from_ymd_opt(century + yy, month, day)
    }

    /// The number of a deleted citizen: nothing of the real one is kept (it is stored as a
    /// random placeholder that is no CPR number). Shows as «slettet».
    pub fn erased() -> Cpr {
        Cpr([0; 10])
    }

    /// Whether this is a deleted citizen's [`Cpr::erased`].
    pub fn is_erased(&self) -> bool {
        self.0 == [0; 10]
    }

    /// `ddmmyy-****` («slettet» for a deleted citizen)
    pub fn masked(&self) -> String {
        if self.is_erased() {
            return "slettet".into();
        }
        let s: String = self.0[..6].iter().map(|b| (b'0' + b) as char).collect();
        format!("{s}-****")
    }

    /// The full number as `ddmmyy-xxxx`. Only for the citizen's own record and Digital Post.
    pub fn reveal(&self) -> String {
        let s: String = self.0.iter().map(|b| (b'0' + b) as char).collect();
        format!("{}-{}", &s[..6], &s[6..])
    }

    /// Ten digits without the hyphen (storage form).
    pub fn digits(&self) -> String {
        self.0.iter().map(|b| (b'0' + b) as char).collect()
    }
}

impl fmt::Debug for Cpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl serde::Serialize for Cpr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_table_of_valid_and_invalid_numbers() {
        let valid = [
            ("010190-1234", "1990-01-01"),
            ("0101901234", "1990-01-01"),
            (" 311299-0001 ", "1999-12-31"),
            // 7th digit 0-3: 1900s
            ("010100-3999", "1900-01-01"),
            // 7th digit 4 and 9: 2000-2036, 1937-1999
            ("010136-4000", "2036-01-01"),
            ("010137-4000", "1937-01-01"),
            ("010136-9000", "2036-01-01"),
            ("010137-9000", "1937-01-01"),
            // 7th digit 5-8: 2000-2057, 1858-1899
            ("010157-5000", "2057-01-01"),
            ("010158-5000", "1858-01-01"),
            ("311299-8000", "1899-12-31"),
            ("010100-6000", "2000-01-01"),
            // 29 February in leap years, each century rule
            ("290296-1234", "1996-02-29"),
            ("290200-4000", "2000-02-29"),
            ("290204-5000", "2004-02-29"),
            ("290260-6000", "1860-02-29"),
            ("290296-9000", "1996-02-29"),
            ("290200-5000", "2000-02-29"), // 2000 is a leap year
        ];
        for (input, date) in valid {
            let c = Cpr::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(c.birth_date().unwrap().to_string(), date, "{input}");
        }
        let invalid = [
            ("290297-1234", CprError::NoSuchDate), // 1997 not leap
            ("290200-3000", CprError::NoSuchDate), // 1900 is not a leap year
            ("290258-5000", CprError::NoSuchDate), // 1858 not leap
            ("320190-1234", CprError::NoSuchDate),
            ("011390-1234", CprError::NoSuchDate),
            ("000190-1234", CprError::NoSuchDate),
            ("010190-123", CprError::Format),
            ("010190-12345", CprError::Format),
            ("01019012345", CprError::Format),
            ("", CprError::Format),
            ("01O190-1234", CprError::NotDigits),
            ("abcdefghij", CprError::NotDigits),
            ("010190 1234", CprError::NotDigits),
            ("0101-901234", CprError::Format),
            ("٠١٠١٩٠١٢٣٤", CprError::NotDigits),
        ];
        for (input, want) in invalid {
            assert_eq!(Cpr::parse(input).unwrap_err(), want, "{input:?}");
        }
    }

    #[test]
    fn cpr_is_masked_in_debug_and_serde() {
        let c = Cpr::parse("0101901234").unwrap();
        assert_eq!(c.masked(), "010190-****");
        assert_eq!(c.reveal(), "010190-1234");
        assert!(!format!("{c:?}").contains("1234"));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"010190-****\"");
    }
}
