//! File names: a citizen's document is "<date> <what> <first name> <initial>" (never a digit
//! of a name, never a CPR number), a draft's ends "UDKAST", and every name is one Digital
//! Post accepts.

use chrono::NaiveDate;

/// Only letters, spaces, hyphens and apostrophes of a name: no digits (a CPR number typed
/// into a name field never reaches a file name), no path separators, no control or
/// bidirectional-override characters. Whitespace is collapsed.
fn name_for_file(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c == '-' || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = kept
        .split_whitespace()
        .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .join(" ")
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// "2026-11-24 Opsummering Mikkel S" (no extension).
pub fn citizen_file_stem(date: NaiveDate, first_name: &str, last_name: &str) -> String {
    citizen_stem(date, "Opsummering", first_name, last_name)
}

/// "2026-11-24 <what> Mikkel S" (no extension).
pub(super) fn citizen_stem(
    date: NaiveDate,
    what: &str,
    first_name: &str,
    last_name: &str,
) -> String {
    let name = citizen_name_part(first_name, last_name);
    format!("{} {what} {name}", date.format("%Y-%m-%d"))
}

/// The citizen's part of a file name: "Mikkel S" (first name and last initial).
pub(super) fn citizen_name_part(first_name: &str, last_name: &str) -> String {
    let first = name_for_file(first_name);
    let first = if first.is_empty() {
        "borger".to_string()
    } else {
        first
    };
    let initial: String = name_for_file(last_name)
        .chars()
        .find(|c| c.is_alphabetic())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    if initial.is_empty() {
        first
    } else {
        format!("{first} {initial}")
    }
}

/// A draft's file name ends "UDKAST" ("2026-11-24 Opsummering Mikkel S UDKAST.pdf"), so
/// that it is never taken for the final letter.
pub fn draft_stem(stem: &str, draft: bool) -> String {
    if draft {
        format!("{stem} {}", crate::documents::DRAFT_BANNER)
    } else {
        stem.to_string()
    }
}

/// "2026-11-24 Referat Fælles Team" (no extension).
pub fn minutes_file_stem(date: NaiveDate) -> String {
    format!("{} Referat Fælles Team", date.format("%Y-%m-%d"))
}

/// The longest file name Digital Post accepts, in characters, `.pdf` included.
pub const MAX_FILE_NAME_CHARS: usize = 100;

/// Characters Digital Post refuses in an attachment's file name: `< > : " / \ | ? *`,
/// control characters, no-break and other special spaces (U+00A0, U+2000–U+200A, U+2028,
/// U+205F, U+2060, U+3000).
fn refused_in_file_name(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
        || c.is_control()
        || matches!(
            c,
            '\u{00A0}' | '\u{2000}'
                ..='\u{200A}' | '\u{2028}' | '\u{205F}' | '\u{2060}' | '\u{3000}'
        )
}

/// `<stem>.pdf` or `<stem> (n).pdf` as Digital Post accepts it: refused characters become
/// spaces, runs of spaces one, and the stem is cut so the whole name is at most
/// [`MAX_FILE_NAME_CHARS`] characters. The stems made here never need it; this is the
/// last guard before a file is named.
pub(super) fn file_name(stem: &str, copy: u32) -> String {
    file_name_ext(stem, copy, "pdf")
}

pub(super) fn file_name_ext(stem: &str, copy: u32, ext: &str) -> String {
    let suffix = if copy <= 1 {
        format!(".{ext}")
    } else {
        format!(" ({copy}).{ext}")
    };
    let kept: String = stem
        .chars()
        .map(|c| if refused_in_file_name(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = kept.split(' ').filter(|w| !w.is_empty()).collect();
    let room = MAX_FILE_NAME_CHARS - suffix.chars().count();
    let stem: String = words.join(" ").chars().take(room).collect();
    let stem = match stem.trim_end() {
        "" => "dokument",
        s => s,
    };
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn file_names_have_date_first_name_and_initial_only() {
        assert_eq!(
            citizen_file_stem(d(2026, 11, 24), "Mikkel", "Sørensen"),
            "2026-11-24 Opsummering Mikkel S"
        );
        assert_eq!(
            citizen_file_stem(d(2026, 11, 24), "Anne Marie", "østergaard"),
            "2026-11-24 Opsummering Anne Marie Ø"
        );
        // Digits, separators, controls and bidi overrides never reach a file name.
        assert_eq!(
            citizen_file_stem(d(2026, 1, 2), "Bo/../120385-1117\u{202E}fdp", "..\\x"),
            "2026-01-02 Opsummering Bo fdp X"
        );
        assert_eq!(
            citizen_file_stem(d(2026, 1, 2), "1203851117", "1117"),
            "2026-01-02 Opsummering borger"
        );
        assert_eq!(
            minutes_file_stem(d(2026, 11, 24)),
            "2026-11-24 Referat Fælles Team"
        );
        assert_eq!(file_name("x", 1), "x.pdf");
        assert_eq!(file_name("x", 3), "x (3).pdf");
    }

    /// Digital Post's rules for an attachment's name, as a predicate.
    fn digital_post_accepts(name: &str) -> bool {
        name.ends_with(".pdf")
            && name.chars().count() <= MAX_FILE_NAME_CHARS
            && !name.chars().any(refused_in_file_name)
    }

    #[test]
    fn file_names_follow_digital_posts_rules() {
        let refused = "<>:\"/\\|?*\u{0}\u{1F}\u{7F}\u{9F}\u{A0}\u{2000}\u{2005}\u{200A}\u{2028}\u{205F}\u{2060}\u{3000}";
        for c in refused.chars() {
            let name = file_name(&format!("2026-11-24 Opsummering A{c}B"), 1);
            assert_eq!(name, "2026-11-24 Opsummering A B.pdf", "{c:?}");
        }
        let long = format!("2026-11-24 Opsummering {}", "Æ".repeat(300));
        for copy in [1, 2, 999] {
            let name = file_name(&long, copy);
            assert!(digital_post_accepts(&name), "{name}");
            assert_eq!(name.chars().count(), MAX_FILE_NAME_CHARS);
        }
        assert!(file_name(&long, 999).ends_with("Æ (999).pdf"));
        assert_eq!(file_name(" *?* ", 1), "dokument.pdf");
        // The longest names the app makes fit with room for " (999)".
        let stem = citizen_file_stem(d(2026, 12, 31), &"Å".repeat(200), "Øster");
        assert!(digital_post_accepts(&file_name(&stem, 999)));
        assert_eq!(file_name(&stem, 1), format!("{stem}.pdf"));
    }

    proptest::proptest! {
        #[test]
        fn any_stem_gives_a_name_digital_post_accepts(stem in "(\\PC|\\p{Cc}|\\p{Zs}|\\p{Zl}|\\p{Cf}){0,300}", copy in 1u32..1000) {
            let name = file_name(&stem, copy);
            proptest::prop_assert!(digital_post_accepts(&name), "{:?}", name);
        }
    }
}
