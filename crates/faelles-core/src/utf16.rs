//! Positions in text counted in UTF-16 code units, as the webview's JavaScript strings count
//! them: a keystroke arrives as "replace `del` units at `at` with `ins`".
//!
//! A position is found by walking from the nearer end of the text, so typing at the end of a
//! long section costs what the last few characters cost, not the whole section.

use std::ops::Range;

/// The length of `s` in UTF-16 code units.
pub fn len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte range of the `del` UTF-16 units at `at` in `text`, whose length is `len16`
/// units. `None` if the range is not inside the text or would split a character (half of a
/// surrogate pair).
pub fn byte_range(text: &str, len16: usize, at: usize, del: usize) -> Option<Range<usize>> {
    let end = at.checked_add(del)?;
    if end > len16 {
        return None;
    }
    if at <= len16 - end {
        // Nearer the start: walk forwards, counting units from the start.
        Some(byte_at(text.char_indices(), at, 0)?..byte_at(text.char_indices(), end, text.len())?)
    } else {
        // Nearer the end: walk backwards, counting units from the end.
        let back = |units| byte_at_from_end(text, units);
        Some(back(len16 - at)?..back(len16 - end)?)
    }
}

/// The byte index where `units` UTF-16 units from the start end (`at_end` when that is the
/// whole text); `None` inside a character or past the end.
fn byte_at(chars: std::str::CharIndices<'_>, units: usize, at_end: usize) -> Option<usize> {
    let mut n = 0;
    for (i, c) in chars {
        if n == units {
            return Some(i);
        }
        n += c.len_utf16();
        if n > units {
            return None;
        }
    }
    (n == units).then_some(at_end)
}

/// The byte index where the last `units` UTF-16 units of `text` begin; `None` inside a
/// character or before the start.
fn byte_at_from_end(text: &str, units: usize) -> Option<usize> {
    let mut n = 0;
    let mut at = text.len();
    for (i, c) in text.char_indices().rev() {
        if n == units {
            return Some(at);
        }
        n += c.len_utf16();
        at = i;
        if n > units {
            return None;
        }
    }
    (n == units).then_some(at)
}

/// Replaces the `del` units at `at` in `text` (of `len16` units) with `ins`; returns the new
/// length in units, or `None` (and leaves `text` alone) if the range does not fit.
pub fn splice(text: &mut String, len16: usize, at: usize, del: usize, ins: &str) -> Option<usize> {
    let range = byte_range(text, len16, at, del)?;
    text.replace_range(range, ins);
    Some(len16 - del + len(ins))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: splicing the UTF-16 units themselves, as JavaScript does.
    fn by_units(text: &str, at: usize, del: usize, ins: &str) -> Option<String> {
        let mut u: Vec<u16> = text.encode_utf16().collect();
        if at + del > u.len() {
            return None;
        }
        u.splice(at..at + del, ins.encode_utf16());
        String::from_utf16(&u).ok()
    }

    #[test]
    fn splices_at_both_ends_and_in_the_middle() {
        let mut t = "Hej Åse".to_string();
        assert_eq!(splice(&mut t, 7, 7, 0, "!"), Some(8));
        assert_eq!(t, "Hej Åse!");
        assert_eq!(splice(&mut t, 8, 0, 3, "Hallo"), Some(10));
        assert_eq!(t, "Hallo Åse!");
        assert_eq!(splice(&mut t, 10, 6, 3, "Bo"), Some(9));
        assert_eq!(t, "Hallo Bo!");
        let mut e = String::new();
        assert_eq!(splice(&mut e, 0, 0, 0, "x"), Some(1));
        assert_eq!(e, "x");
    }

    #[test]
    fn never_splits_a_character() {
        let t = "a🦀b"; // the crab is two UTF-16 units
        assert_eq!(len(t), 4);
        assert_eq!(byte_range(t, 4, 2, 0), None);
        assert_eq!(byte_range(t, 4, 1, 1), None);
        assert_eq!(byte_range(t, 4, 1, 2), Some(1..5));
        assert_eq!(byte_range(t, 4, 3, 1), Some(5..6));
        assert_eq!(byte_range(t, 4, 4, 1), None);
    }

    proptest! {
        #[test]
        fn splice_matches_javascript(text in "[a-zæøå🦀 \n]{0,40}", ins in "[b🦀ø]{0,3}", at in 0usize..50, del in 0usize..6) {
            let n = len(&text);
            let mut t = text.clone();
            let got = splice(&mut t, n, at, del, &ins);
            let mut bounds = vec![0];
            for c in text.chars() {
                bounds.push(bounds.last().unwrap() + c.len_utf16());
            }
            let whole = bounds.contains(&at) && bounds.contains(&(at + del));
            match by_units(&text, at, del, &ins) {
                Some(want) if whole => {
                    prop_assert_eq!(got, Some(len(&want)));
                    prop_assert_eq!(t, want);
                }
                _ => {
                    // Outside the text, or inside a character (JavaScript would split it).
                    prop_assert_eq!(got, None);
                    prop_assert_eq!(t, text);
                }
            }
        }
    }
}
