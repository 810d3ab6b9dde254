//! Text folded for matching what a reader sees as the same words: compatibility forms as their
//! plain letters (NFKC: full-width and mathematical digits, `：` as `:`), every wave dash or
//! tilde as `~`, no spaces and no invisible characters.
//! `平日 ９：００～１７：００` and `平日9:00〜17:00` fold alike.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// Each character kept, folded, with the byte range of `text` it came from.
pub fn folded(text: &str) -> Vec<(char, Range<usize>)> {
    let mut kept = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let from = at..at + c.len_utf8();
        // Invisible characters hide nothing: a zero-width space inside a mention still shows it.
        let shown = std::iter::once(c)
            .nfkc()
            .filter(|c| !c.is_whitespace() && !is_invisible(*c));
        kept.extend(shown.map(|c| (fold(c), from.clone())));
    }
    kept
}

/// `text` folded, as a string (for a containment test).
pub fn folded_string(text: &str) -> String {
    folded(text).into_iter().map(|(c, _)| c).collect()
}

/// After NFKC, the wave dashes it leaves apart.
fn fold(c: char) -> char {
    match c {
        '〜' | '∼' | '〰' => '~',
        _ => c,
    }
}

/// Format and control characters a reader does not see (zero-width spaces, bidi marks, soft
/// hyphens, variation selectors): copying a heading keeps them, typing it does not.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{ad}' | '\u{34f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
            // Fillers and tags that show as nothing: Hangul fillers, the Mongolian vowel
            // separator, tag characters.
            | '\u{115f}' | '\u{1160}' | '\u{180e}' | '\u{3164}' | '\u{ffa0}'
            | '\u{e0000}'..='\u{e007f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_spaced_and_hidden_forms_fold_alike() {
        let plain = folded_string("平日9:00〜17:00");
        assert_eq!(folded_string("平日 ９：００～１７：００"), plain);
        assert_eq!(folded_string("平日\u{3000}9:00\u{200b}~17:00"), plain);
        assert_ne!(folded_string("平日9:00-17:00"), plain);
        assert_eq!(
            folded_string("平日𝟗:𝟎𝟎〜𝟏𝟕:𝟎𝟎"),
            plain,
            "mathematical digits"
        );
        // Each kept character points back at the bytes it came from.
        let parts = folded("a ｂ");
        assert_eq!(parts[1], ('b', 2..5));
    }
}
