//! Text folded for matching what a reader sees as the same words: full-width letters, digits
//! and signs as ASCII, every wave dash or tilde as `~`, no spaces and no invisible characters.
//! `平日 ９：００～１７：００` and `平日9:00〜17:00` fold alike.

use std::ops::Range;

/// Each character kept, folded, with the byte range of `text` it came from.
pub fn folded(text: &str) -> Vec<(char, Range<usize>)> {
    text.char_indices()
        // Invisible characters hide nothing: a zero-width space inside a mention still shows it.
        .filter(|(_, c)| !c.is_whitespace() && !is_invisible(*c))
        .map(|(at, c)| (fold(c), at..at + c.len_utf8()))
        .collect()
}

/// `text` folded, as a string (for a containment test).
pub fn folded_string(text: &str) -> String {
    folded(text).into_iter().map(|(c, _)| c).collect()
}

fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '〜' | '∼' | '〰' => '~',
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
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
        // Each kept character points back at the bytes it came from.
        let parts = folded("a ｂ");
        assert_eq!(parts[1], ('b', 2..5));
    }
}
