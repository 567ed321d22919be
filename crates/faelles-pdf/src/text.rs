//! Text sanitising, greedy line wrapping and visual (bidi) ordering.

use unicode_bidi::{bidi_class, BidiClass, ParagraphBidiInfo};
use unicode_normalization::UnicodeNormalization;

use crate::fonts::{FontKind, Fonts};

/// What a single input character becomes after sanitising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    /// Removed on purpose (controls, invisible formatting); not reported.
    Strip,
    /// Whitespace the fonts cannot draw: becomes a plain space.
    Space,
    /// A combining mark / emoji modifier without a glyph: dropped, but reported.
    DropReported,
    /// No glyph anywhere: replaced by the visible marker, and reported.
    Replace,
}

/// Characters that are removed without a trace: bidi controls, zero-width and
/// other invisible formatting characters that would otherwise draw boxes.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                // soft hyphen
        | '\u{034F}'              // combining grapheme joiner
        | '\u{061C}'              // arabic letter mark
        | '\u{115F}' | '\u{1160}' // hangul fillers
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' // mongolian free variation selectors, vowel separator
        | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, isolates, deprecated formats
        | '\u{3164}' | '\u{FFA0}' // hangul fillers
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FEFF}'              // BOM / ZWNBSP
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
    )
}

fn is_control(c: char) -> bool {
    let cp = c as u32;
    cp < 0x20 || (0x7F..=0x9F).contains(&cp)
}

fn is_emoji_modifier(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn fate(fonts: &Fonts, c: char) -> Fate {
    if c == '\n' {
        return Fate::Keep;
    }
    if is_control(c) || is_invisible_format(c) {
        return Fate::Strip;
    }
    // Skin-tone modifiers: the symbols face would draw them as separate swatches; the
    // emoji they modify is drawn without them.
    if is_emoji_modifier(c) {
        return Fate::DropReported;
    }
    if fonts.covers(c) {
        return Fate::Keep;
    }
    if c.is_whitespace() {
        return Fate::Space;
    }
    if bidi_class(c) == BidiClass::NSM {
        return Fate::DropReported;
    }
    Fate::Replace
}

/// Line ends normalised, NFC-composed (so decomposed "a\u{30A}" becomes "å").
fn normalise(input: &str) -> String {
    let mut s = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                s.push('\n');
            }
            '\u{0085}' | '\u{2028}' | '\u{2029}' => s.push('\n'),
            '\t' => s.push_str("    "),
            _ => s.push(c),
        }
    }
    if s.is_ascii() {
        s
    } else {
        s.nfc().collect()
    }
}

/// The visible stand-in for characters no bundled font can draw.
pub(crate) fn marker(fonts: &Fonts) -> char {
    if fonts.regular.has('\u{FFFD}') {
        '\u{FFFD}'
    } else {
        '?'
    }
}

/// Clean `input` so that every remaining char (besides '\n') has a glyph.
pub(crate) fn sanitize(fonts: &Fonts, input: &str) -> String {
    let norm = normalise(input);
    let mark = marker(fonts);
    let mut out = String::with_capacity(norm.len());
    for c in norm.chars() {
        match fate(fonts, c) {
            Fate::Keep => out.push(c),
            Fate::Strip | Fate::DropReported => {}
            Fate::Space => out.push(' '),
            Fate::Replace => out.push(mark),
        }
    }
    out
}

/// Sanitise to a single line (for headers/footers): line breaks become spaces.
pub(crate) fn sanitize_line(fonts: &Fonts, input: &str) -> String {
    let s = sanitize(fonts, input);
    let joined: Vec<&str> = s
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    joined.join(" ")
}

/// Add the chars of `input` that cannot be drawn (replaced or dropped) to `out`.
pub(crate) fn collect_unsupported(fonts: &Fonts, input: &str, out: &mut Vec<char>) {
    if input.is_ascii() {
        // Only controls and whitespace can be special in ASCII; neither is reported.
        return;
    }
    for c in normalise(input).chars() {
        if matches!(fate(fonts, c), Fate::Replace | Fate::DropReported) {
            out.push(c);
        }
    }
}

/// Characters at which a line may be broken (the space itself is dropped).
fn is_break_space(c: char) -> bool {
    c == ' ' || (c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\n'))
}

/// Greedy wrap of one hard line (no '\n') into lines no wider than `max_width`.
/// Words longer than a line are broken by characters (preferring after '-' or '/').
/// Always returns at least one line (possibly empty).
pub(crate) fn wrap_line(
    fonts: &Fonts,
    text: &str,
    font: FontKind,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    let max_width = if max_width.is_finite() {
        max_width.max(1.0)
    } else {
        1.0
    };
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0f32;
    // Whitespace seen since the last word (kept only if the next word fits on the line).
    let mut pending_space = String::new();
    let mut pending_w = 0.0f32;

    let mut rest = text;
    while !rest.is_empty() {
        // Split off either a run of break-spaces or a word.
        let first = rest.chars().next().unwrap_or(' ');
        let is_space = is_break_space(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_break_space(c) != is_space)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;

        if is_space {
            // Leading indentation of the hard line is kept; other spaces only between words.
            if !cur.is_empty() || lines.is_empty() {
                pending_space.push_str(token);
                pending_w += fonts.text_width(font, token, size);
            }
            continue;
        }

        let word_w = fonts.text_width(font, token, size);
        let at_start = cur.is_empty() && lines.is_empty();
        if (!cur.is_empty() || at_start) && cur_w + pending_w + word_w <= max_width {
            cur.push_str(&pending_space);
            cur.push_str(token);
            cur_w += pending_w + word_w;
        } else {
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0.0;
            }
            if word_w <= max_width {
                cur.push_str(token);
                cur_w = word_w;
            } else {
                // Break the long word by characters.
                let mut pieces = break_word(fonts, token, font, size, max_width);
                if let Some(last) = pieces.pop() {
                    lines.append(&mut pieces);
                    cur_w = fonts.text_width(font, &last, size);
                    cur = last;
                }
            }
        }
        pending_space.clear();
        pending_w = 0.0;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The hyphen drawn where a word is broken at a hyphenation point: U+2010 HYPHEN, so it is
/// told apart from a hyphen the text itself has (text extraction joins it back).
pub(crate) const HYPHEN: char = '\u{2010}';

/// A word too long for a whole line: broken at the points Danish hyphenation allows, each
/// line but the last ending in a drawn hyphen ("præsentations‐" / "runde"); only a word with
/// no allowed point that fits (a long number, an address, a syllable wider than the line)
/// is broken by characters (`break_chars`).
fn break_word(fonts: &Fonts, word: &str, font: FontKind, size: f32, max_width: f32) -> Vec<String> {
    // Hyphenate the letters only: punctuation around the word stays with its end.
    let core_start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let core_end = word.rfind(char::is_alphabetic).map_or(core_start, |i| {
        i + word[i..].chars().next().map_or(0, char::len_utf8)
    });
    let core = &word[core_start..core_end];
    if core.is_empty() || !core.chars().all(char::is_alphabetic) {
        return break_chars(fonts, word, font, size, max_width);
    }
    let syllables: Vec<&str> =
        hypher::hyphenate_bounded(core, hypher::Lang::Danish, 2, 2).collect();
    if syllables.len() < 2 {
        return break_chars(fonts, word, font, size, max_width);
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = word[..core_start].to_string();
    let last = syllables.len() - 1;
    for (i, syl) in syllables.iter().enumerate() {
        let tail = if i == last { &word[core_end..] } else { "" };
        let candidate = format!("{cur}{syl}{tail}");
        let hyphen = if i == last {
            String::new()
        } else {
            HYPHEN.to_string()
        };
        if fonts.text_width(font, &format!("{candidate}{hyphen}"), size) <= max_width
            || cur.is_empty()
        {
            cur = candidate;
        } else {
            pieces.push(format!("{cur}{HYPHEN}"));
            cur = format!("{syl}{tail}");
        }
    }
    pieces.push(cur);
    // A piece still too wide (one syllable wider than the line): by characters.
    if pieces
        .iter()
        .any(|p| fonts.text_width(font, p, size) > max_width)
    {
        return break_chars(fonts, word, font, size, max_width);
    }
    pieces
}

fn break_chars(
    fonts: &Fonts,
    word: &str,
    font: FontKind,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = word.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let mut w = 0.0f32;
        let mut end = start;
        while end < chars.len() {
            let cw = fonts.char_width(font, chars[end], size);
            if end > start && w + cw > max_width {
                break;
            }
            w += cw;
            end += 1;
        }
        // Don't start the next piece with a combining mark: keep it with its base.
        while end < chars.len() && end > start + 1 && bidi_class(chars[end]) == BidiClass::NSM {
            end -= 1;
        }
        // Prefer breaking after a hyphen or slash in the second half of the piece.
        if end < chars.len() {
            let min = start + (end - start) / 2;
            if let Some(p) = (min + 1..end)
                .rev()
                .find(|&i| matches!(chars[i - 1], '-' | '/'))
            {
                end = p;
            }
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
}

/// Wrap text that may contain '\n' into lines; blank input lines are kept as "".
pub(crate) fn wrap_text(
    fonts: &Fonts,
    text: &str,
    font: FontKind,
    size: f32,
    max_width: f32,
) -> Vec<String> {
    let mut out = Vec::new();
    for hard in text.split('\n') {
        let trimmed = hard.trim_end();
        if trimmed.trim_start().is_empty() {
            out.push(String::new());
        } else {
            out.extend(wrap_line(fonts, trimmed, font, size, max_width));
        }
    }
    out
}

/// Cheap check whether a line needs bidi reordering.
fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        let cp = c as u32;
        (0x0590..=0x08FF).contains(&cp)
            || (0xFB1D..=0xFDFF).contains(&cp)
            || (0xFE70..=0xFEFF).contains(&cp)
            || (0x10800..=0x10FFF).contains(&cp)
            || (0x1E800..=0x1EFFF).contains(&cp)
    })
}

/// Visual order of a single line (no '\n') for left-to-right drawing.
pub(crate) fn visual_order(line: &str) -> String {
    if !has_rtl(line) {
        return line.to_string();
    }
    let info = ParagraphBidiInfo::new(line, None);
    info.reorder_line(0..line.len()).into_owned()
}

/// Shorten `s` with a trailing "…" so it fits `max_width`.
pub(crate) fn ellipsize(
    fonts: &Fonts,
    s: &str,
    font: FontKind,
    size: f32,
    max_width: f32,
) -> String {
    if fonts.text_width(font, s, size) <= max_width {
        return s.to_string();
    }
    let ell = '…';
    let budget = max_width - fonts.char_width(font, ell, size);
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = fonts.char_width(font, c, size);
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push(ell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::fonts;
    use proptest::prelude::*;

    fn f() -> &'static Fonts {
        fonts().unwrap()
    }

    #[test]
    fn fonts_have_the_replacement_marker_and_danish_typography() {
        assert_eq!(marker(f()), '\u{FFFD}');
        for c in "æøåÆØÅ—–„“”‘’•§€½é\u{2010}".chars() {
            assert!(f().regular.has(c) && f().bold.has(c), "{c:?}");
        }
    }

    #[test]
    fn sanitize_rules() {
        let s = sanitize(
            f(),
            "a\r\nb\rc\td\u{0}\u{1F}\u{7F}\u{9B}e\u{202E}f\u{200B}g\u{FE0F}h",
        );
        assert_eq!(s, "a\nb\nc    defgh");
        assert_eq!(sanitize(f(), "e\u{301}"), "é");
        // The emoji is drawn by the symbols face, its skin tone is dropped (and reported);
        // an emoji newer than every bundled face becomes the visible marker.
        assert_eq!(sanitize(f(), "x👍🏽y"), "x👍y");
        assert_eq!(sanitize(f(), "x\u{1FAE0}y"), "x\u{FFFD}y");
        assert_eq!(sanitize(f(), "a\u{3000}b"), "a b");
        let mut v = Vec::new();
        collect_unsupported(f(), "x👍🏽y\u{1FAE0}\u{202E}", &mut v);
        assert_eq!(v, vec!['🏽', '\u{1FAE0}']);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_long_words_by_chars() {
        let lines = wrap_line(f(), "hej med dig du der", FontKind::Regular, 11.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "hej med dig du der");
        let word = "x".repeat(500);
        let lines = wrap_line(f(), &word, FontKind::Regular, 11.0, 100.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
        let url = "https://borger.dk/sundhed-og-sygdom/psykiatri/hjaelp-til-psykisk-syge";
        let lines = wrap_line(f(), url, FontKind::Regular, 11.0, 150.0);
        assert_eq!(lines.concat(), url);
        assert!(
            lines[0].ends_with('/') || lines[0].ends_with('-'),
            "{lines:?}"
        );
    }

    #[test]
    fn a_long_danish_word_breaks_at_a_hyphenation_point_with_a_hyphen_drawn() {
        for (word, width) in [("præsentationsrunde", 60.0), ("Regionspsykiatrien,", 55.0)] {
            let lines = wrap_line(f(), word, FontKind::Regular, 11.0, width);
            assert!(lines.len() > 1, "{lines:?}");
            for l in &lines[..lines.len() - 1] {
                assert!(l.ends_with(HYPHEN), "{lines:?}");
            }
            let joined: String = lines.concat().chars().filter(|c| *c != HYPHEN).collect();
            assert_eq!(joined, word);
            for l in &lines {
                assert!(
                    f().text_width(FontKind::Regular, l, 11.0) <= width,
                    "{l:?} in {lines:?}"
                );
            }
        }
        // Every break is one Danish hyphenation allows: never inside "runde" or "psykiatri"'s
        // first syllables ("ru|nde", "p|sykiatrien").
        let lines = wrap_line(f(), "præsentationsrunde", FontKind::Regular, 11.0, 60.0);
        assert!(
            !lines
                .iter()
                .any(|l| l.starts_with("nde") || l.ends_with("ru\u{2010}")),
            "{lines:?}"
        );
        let lines = wrap_line(f(), "Regionspsykiatrien", FontKind::Regular, 11.0, 55.0);
        assert!(
            !lines.iter().any(|l| l.starts_with("sykiatri")),
            "{lines:?}"
        );
    }

    #[test]
    fn leading_indent_is_kept() {
        let lines = wrap_line(f(), "    indrykket", FontKind::Regular, 11.0, 400.0);
        assert_eq!(lines, vec!["    indrykket".to_string()]);
    }

    #[test]
    fn bidi_reorders_rtl_runs_only() {
        assert_eq!(visual_order("abc"), "abc");
        assert_eq!(visual_order("ab אבג cd"), "ab גבא cd");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn wrapped_lines_fit_and_lose_no_word_chars(s in "\\PC{0,300}", width in 1.0f32..500.0) {
            let clean = sanitize(f(), &s);
            for hard in clean.split('\n') {
                let lines = wrap_line(f(), hard, FontKind::Regular, 11.0, width);
                prop_assert!(!lines.is_empty());
                for l in &lines {
                    let w = f().text_width(FontKind::Regular, l, 11.0);
                    // A line may only overflow if it is a single character (or base + marks).
                    prop_assert!(w <= width + 0.01 || l.trim().chars().filter(|c| bidi_class(*c) != BidiClass::NSM).count() <= 1,
                        "line {:?} is {} wide > {}", l, w, width);
                }
                // The hyphens drawn at hyphenation points are not the text's own.
                let nonspace = |t: &str| t.chars().filter(|c| !is_break_space(*c) && *c != HYPHEN).collect::<String>();
                prop_assert_eq!(nonspace(&lines.concat()), nonspace(hard));
            }
        }
    }
}
