//! LIX, the Danish readability index: words per sentence + 100 × the share of long words
//! (more than 6 letters). Below 30 is easy, 40 and above is hard ("svær tekst") — the text
//! is written for the citizen.

use serde::Serialize;

/// Above this the chair gets a gentle hint.
pub const HARD: u32 = 40;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lix {
    /// Rounded to a whole number; 0 for a text without words.
    pub score: u32,
    pub words: u32,
    pub sentences: u32,
    pub long_words: u32,
    /// "LIX 38" / "LIX 47 · svær tekst" / "" for an empty text.
    pub label: String,
    pub hard: bool,
}

/// The LIX of `text`. Words are runs of letters and digits containing a letter; a sentence
/// ends at `.`, `:`, `!` or `?` (a run of them counts once), and text after the last one
/// is a sentence too.
pub fn lix(text: &str) -> Lix {
    let mut words = 0u32;
    let mut long_words = 0u32;
    let mut sentences = 0u32;
    let mut letters = 0u32;
    let mut has_letter = false;
    let mut in_word = false;
    let mut open_sentence = false;
    let mut end_word = |letters: &mut u32, has_letter: &mut bool| {
        if *has_letter {
            words += 1;
            if *letters > 6 {
                long_words += 1;
            }
        }
        *letters = 0;
        *has_letter = false;
    };
    let mut last_was_end = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_alphabetic() {
                has_letter = true;
                open_sentence = true;
                last_was_end = false;
            }
            letters += 1;
            continue;
        }
        if in_word {
            end_word(&mut letters, &mut has_letter);
            in_word = false;
        }
        if matches!(c, '.' | ':' | '!' | '?') {
            if open_sentence && !last_was_end {
                sentences += 1;
            }
            last_was_end = true;
            open_sentence = false;
        }
    }
    if in_word {
        end_word(&mut letters, &mut has_letter);
    }
    if open_sentence {
        sentences += 1;
    }
    if words == 0 {
        return Lix {
            score: 0,
            words: 0,
            sentences: 0,
            long_words: 0,
            label: String::new(),
            hard: false,
        };
    }
    let sentences_n = sentences.max(1);
    let score = f64::from(words) / f64::from(sentences_n)
        + 100.0 * f64::from(long_words) / f64::from(words);
    let score = score.round() as u32;
    let hard = score > HARD;
    Lix {
        score,
        words,
        sentences: sentences_n,
        long_words,
        label: if hard {
            format!("LIX {score} · svær tekst")
        } else {
            format!("LIX {score}")
        },
        hard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lix_matches_hand_computed_values_for_danish_sentences() {
        // 6 words, 1 sentence, no word over 6 letters: 6 + 0 = 6.
        let easy = lix("Jeg vil gerne have en bolig.");
        assert_eq!(
            (easy.words, easy.sentences, easy.long_words, easy.score),
            (6, 1, 0, 6)
        );
        assert_eq!(easy.label, "LIX 6");
        // 12 words, 2 sentences; long: "kommunen" (8), "psykiatrien" (11), "bostøtte" (8),
        // "ansøgning" (9): 12/2 + 100·4/12 = 6 + 33,3 = 39.
        let mid = lix("Vi taler med kommunen og psykiatrien. Du får bostøtte efter en ansøgning.");
        assert_eq!((mid.words, mid.sentences, mid.long_words), (12, 2, 4));
        assert_eq!(mid.score, 39);
        assert!(!mid.hard);
        // 8 words, 1 sentence (no full stop), long: "Koordineringen" (14),
        // "sammenhængende" (14), "behandlingsforløb" (17), "forudsætter" (11),
        // "tværsektorielt" (14), "samarbejde" (10): 8 + 75 = 83.
        let hard = lix("Koordineringen af sammenhængende behandlingsforløb forudsætter tværsektorielt samarbejde altid");
        assert_eq!((hard.words, hard.sentences, hard.long_words), (8, 1, 6));
        assert_eq!(hard.score, 83);
        assert!(hard.hard);
        assert_eq!(hard.label, "LIX 83 · svær tekst");
        // Numbers are not words; "?!" ends one sentence; ÆØÅ are letters.
        let q = lix("Hvordan går det?! Godt. 12 34");
        assert_eq!((q.words, q.sentences), (4, 2));
        assert_eq!(lix("").label, "");
        assert_eq!(lix(" 12 . ").score, 0);
    }
}
