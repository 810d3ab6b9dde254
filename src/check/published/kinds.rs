//! What a character is to the quick pass: a *trigger* that opens a window (decided from the
//! bytes for the bulk of a page), and its *kind* inside a window.

use unicode_normalization::UnicodeNormalization;

use super::normalise::{fold, is_opening, is_separator, kanji_digit, kanji_place, nd_digit, Fold};

/// A character that may start or be part of a number and is worth opening a window for (except
/// `一`, which needs a kanji digit beside it).
pub(super) fn is_trigger(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '#'
            | '\u{b2}'
            | '\u{b3}'
            | '\u{b9}'
            | '\u{bc}'..='\u{be}'
            | '\u{2070}'..='\u{2079}'
            | '\u{2080}'..='\u{2089}'
            | '\u{2150}'..='\u{215f}'
            | '\u{2189}'
            | '\u{2460}'..='\u{24ff}'
            | '\u{2776}'..='\u{2793}'
            | '\u{266f}'
            | '\u{22d5}'
            | '\u{25cb}'
            | '\u{25ef}'
            | '\u{3007}'
            | '\u{3220}'..='\u{3229}'
            | '\u{3248}'..='\u{324f}'
            | '\u{3251}'..='\u{325f}'
            | '\u{3280}'..='\u{3289}'
            | '\u{32b1}'..='\u{32bf}'
            | '\u{96f6}'
            | '\u{f9b2}'
            | '\u{fe5f}'
            | '\u{ff03}'
            | '\u{1d7ce}'..='\u{1d7ff}'
            | '\u{1f100}'..='\u{1f10c}'
            | '\u{1fbf0}'..='\u{1fbf9}'
    ) || nd_digit(c).is_some()
        || direction(c).is_some()
}

/// Characters that change the order a reader sees digits in: bidi controls (`true`), and
/// letters of right-to-left scripts (`false`), around which digit groups show reversed.
pub(super) fn direction(c: char) -> Option<bool> {
    match c {
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(true)
        }
        // Arabic-Indic digits are "Arabic numbers" to the bidi algorithm: their groups show in
        // reverse order among neutrals, even in a left-to-right paragraph (`444-4444 ٠١٢٠`
        // shows as `٠١٢٠ 444-4444`). Reported wherever they are, as a control is.
        '\u{660}'..='\u{669}' => Some(true),
        '\u{590}'..='\u{5ff}'
        | '\u{600}'..='\u{65f}'
        | '\u{66a}'..='\u{6ef}'
        | '\u{6fa}'..='\u{8ff}'
        | '\u{fb1d}'..='\u{fdff}'
        | '\u{fe70}'..='\u{fefe}'
        | '\u{10800}'..='\u{10fff}'
        | '\u{1e800}'..='\u{1efff}' => Some(false),
        _ => None,
    }
}

/// A byte the quick pass looks at more closely: `<`, `&`, `#`, ASCII digits, the bytes `0x80`
/// (in `〇` and `一`) and `0xb6` (in `零`), and the lead bytes of every character but kana and
/// kanji (`0xe3`–`0xe9`): those of `¹`, other scripts' digits, circled and super/subscript
/// digits, full-width forms and mathematical digits among them. Comparisons only, no table:
/// sixteen bytes are tested at once in a few vector instructions.
#[inline(always)]
pub(super) fn look_closer(c: u8) -> bool {
    (c.wrapping_sub(b'0') < 10)
        | (c == b'<')
        | (c == b'&')
        | (c == b'#')
        | (c == 0x80)
        | (c == 0xb6)
        | ((c >= 0xc0) & (c.wrapping_sub(0xe3) >= 7))
}

/// Where the first byte to look at more closely is in `block`, if one is.
#[inline(always)]
pub(super) fn first_to_look_at(block: &[u8; 16]) -> Option<usize> {
    let mut flags = [0u8; 16];
    for (flag, &c) in flags.iter_mut().zip(block) {
        *flag = u8::from(look_closer(c));
    }
    let flags = u128::from_le_bytes(flags);
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

/// Whether `found` holds at any position of `b` that holds one of `bytes` (a few bytes rare on
/// a page). The positions are found sixteen bytes at a time, with one vector comparison per
/// byte looked for, so a quick check that looks for several costs about one pass, with no
/// call per position found.
#[inline(always)]
pub(super) fn any_byte_of(b: &[u8], bytes: &[u8], mut found: impl FnMut(usize) -> bool) -> bool {
    let mut base = 0;
    while let Some(block) = b[base..].first_chunk::<16>() {
        let mut mask = positions_in(block, bytes);
        while mask != 0 {
            if found(base + mask.trailing_zeros() as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        base += 16;
    }
    let rest = b[base..].iter().enumerate();
    rest.filter(|&(_, c)| bytes.contains(c))
        .any(|(k, _)| found(base + k))
}

/// Bit `k` set where `block[k]` is one of `bytes`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn positions_in(block: &[u8; 16], bytes: &[u8]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    // SAFETY: SSE2 is part of every x86_64 target, and the load reads the 16 bytes of `block`
    // (unaligned).
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let mut hits = _mm_setzero_si128();
        for &byte in bytes {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8)));
        }
        _mm_movemask_epi8(hits) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn positions_in(block: &[u8; 16], bytes: &[u8]) -> u32 {
    (block.iter().enumerate())
        .filter(|(_, c)| bytes.contains(c))
        .fold(0, |mask, (k, _)| mask | 1 << k)
}

/// The character at `i` and its length in bytes. Bytes that are not UTF-8 are read as a lossy
/// decoding reads them: each invalid sequence as one U+FFFD (the render writes only UTF-8, but
/// a page is read as bytes, and no byte may make the scan panic or lose its place).
pub(super) fn char_at(b: &[u8], i: usize) -> (char, usize) {
    let lead = b[i];
    if lead.is_ascii() {
        return (char::from(lead), 1);
    }
    // A character is at most four bytes, so the first chunk of these is the one at `i`.
    let chunk = b[i..b.len().min(i + 4)].utf8_chunks().next();
    match chunk.as_ref().and_then(|c| c.valid().chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{fffd}', chunk.map_or(1, |c| c.invalid().len().max(1))),
    }
}

/// True where `c` continues a character (`10xxxxxx`).
#[inline]
pub(super) fn continues(c: u8) -> bool {
    c & 0xc0 == 0x80
}

/// What a character is to a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Gives `weight` digits; `one` if one of them may be a 1; `value` for a digit read as
    /// exactly that digit (ASCII and other decimal digits), not only in some contexts.
    Digit {
        weight: usize,
        one: bool,
        value: Option<u8>,
    },
    /// A letter read as a digit beside one.
    Lookalike {
        one: bool,
    },
    Hash,
    Plus,
    /// An opening bracket: an aside in it may stand between the groups of a number.
    Open,
    /// Changes the order digits show in ([`direction`]): a bidi control, or a right-to-left
    /// letter.
    Direction {
        control: bool,
    },
    Space,
    /// Removed by normalising.
    Invisible,
    /// May separate groups.
    Neutral,
    /// A Latin letter (other than a look-alike): ends a stretch, and makes a look-alike beside
    /// it part of a word.
    Letter,
    /// Ends a stretch of digits.
    Cold,
}

const fn ascii_kind(c: u8) -> Kind {
    match c {
        b'0'..=b'9' => Kind::Digit {
            weight: 1,
            one: c == b'1',
            value: Some(c - b'0'),
        },
        b'#' => Kind::Hash,
        b'+' => Kind::Plus,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Kind::Space,
        0..=0x1f | 0x7f => Kind::Invisible,
        // `<` is text only where it starts no markup, or as `&lt;`: an opener, as in the
        // whole reading.
        b'(' | b'[' | b'{' | b'<' => Kind::Open,
        b'-' | b'.' | b'/' | b')' | b']' | b'}' | b'~' | b':' | b',' | b'_' | b'=' | b'\\'
        | b'\'' | b'"' | b'*' | b'!' | b'?' | b';' | b'>' | b'&' | b'@' | b'$' | b'^' | b'`' => {
            Kind::Neutral
        }
        b'O' | b'o' | b'S' | b'B' | b'Z' | b'x' | b'X' => Kind::Lookalike { one: false },
        b'l' | b'I' | b'|' => Kind::Lookalike { one: true },
        b'A'..=b'Z' | b'a'..=b'z' => Kind::Letter,
        _ => Kind::Cold,
    }
}

pub(super) static ASCII_KINDS: [Kind; 128] = {
    let mut table = [Kind::Cold; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = ascii_kind(c as u8);
        c += 1;
    }
    table
};

fn kanji_kind(value: u8) -> Kind {
    Kind::Digit {
        weight: 1,
        one: value == 1,
        value: None,
    }
}

/// `kind`, with kana and kanji decided without a look-up.
#[inline]
pub(super) fn kind_of(c: char) -> Kind {
    match c {
        '\0'..='\x7f' => ASCII_KINDS[c as usize],
        'の' | 'ノ' => Kind::Neutral,
        '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' => Kind::Cold,
        '\u{4e00}'..='\u{9fff}' if kanji_digit(c).is_none() && kanji_place(c).is_none() => {
            Kind::Cold
        }
        _ => kind(c),
    }
}

pub(super) fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return ASCII_KINDS[c as usize];
    }
    if let Some(value) = kanji_digit(c) {
        return kanji_kind(value);
    }
    if let Some(place) = kanji_place(c) {
        // `千` alone writes four digits.
        return Kind::Digit {
            weight: place.ilog10() as usize + 1,
            one: true,
            value: None,
        };
    }
    if let Some(control) = direction(c) {
        return Kind::Direction { control };
    }
    match fold(c) {
        Fold::Keep if is_opening(c) => Kind::Open,
        Fold::Keep if is_separator(c) => Kind::Neutral,
        Fold::Keep => Kind::Cold,
        Fold::Drop => Kind::Invisible,
        Fold::Space => Kind::Space,
        Fold::To(d) => kind(d),
        Fold::Number(n) => Kind::Digit {
            weight: if n >= 10 { 2 } else { 1 },
            one: n == 1 || n >= 10,
            value: None,
        },
        Fold::Compat => {
            let (mut digits, mut one) = (0, false);
            let (mut cold, mut hash, mut plus, mut open) = (false, false, false, false);
            // Look-alike letters alone (`ℓ` is `l`, `Ⅱ` is `II`) read as the digits the whole
            // reading may take them for, beside one.
            let (mut lookalikes, mut lookalike_one, mut only_lookalikes) = (0, false, true);
            // A space and marks the reading drops (`゛` is a space and a combining mark) read
            // as the space.
            let (mut space, mut only_blank) = (false, true);
            for d in std::iter::once(c).nfkc() {
                let kind = kind_shallow(d);
                only_lookalikes &= matches!(kind, Kind::Lookalike { .. });
                space |= kind == Kind::Space;
                only_blank &= matches!(kind, Kind::Space | Kind::Invisible);
                match kind {
                    Kind::Digit { weight, one: o, .. } => {
                        digits += weight;
                        one |= o;
                    }
                    Kind::Lookalike { one: o } => {
                        lookalikes += 1;
                        lookalike_one |= o;
                        cold = true;
                    }
                    Kind::Letter | Kind::Cold => cold = true,
                    Kind::Hash => hash = true,
                    Kind::Plus => plus = true,
                    Kind::Open => open = true,
                    _ => {}
                }
            }
            if digits > 0 {
                Kind::Digit {
                    weight: digits,
                    one,
                    value: None,
                }
            } else if space && only_blank {
                Kind::Space
            } else if only_lookalikes && lookalikes == 1 {
                Kind::Lookalike { one: lookalike_one }
            } else if only_lookalikes && lookalikes > 1 {
                Kind::Digit {
                    weight: lookalikes,
                    one: lookalike_one,
                    value: None,
                }
            } else if cold {
                Kind::Cold
            } else if hash {
                Kind::Hash
            } else if plus {
                Kind::Plus
            } else if open {
                // `﹙`, `⁽`, `₍`: brackets that open an aside, as `(` does.
                Kind::Open
            } else {
                Kind::Neutral
            }
        }
    }
}

/// `kind` of a character NFKC gave, without decomposing it again.
fn kind_shallow(c: char) -> Kind {
    match fold(c) {
        Fold::Keep | Fold::Compat
            if !c.is_ascii()
                && kanji_digit(c).is_none()
                && kanji_place(c).is_none()
                && !is_separator(c) =>
        {
            Kind::Cold
        }
        Fold::Compat => Kind::Cold,
        _ => kind(c),
    }
}

/// The bytes of a kanji digit (`一 二 三 四 五 六 七 八 九 零`), from those of a character of
/// U+4000–U+9FFF.
#[inline]
fn kanji_digit_bytes(lead: u8, b1: u8, b2: u8) -> bool {
    match (lead, b1) {
        (0xe4, 0xb8) => matches!(b2, 0x80 | 0x83 | 0x89),
        (0xe4, 0xb9) => b2 == 0x9d,
        (0xe4, 0xba) => matches!(b2, 0x8c | 0x94),
        (0xe5, 0x85) => matches!(b2, 0xab | 0xad),
        (0xe5, 0x9b) => b2 == 0x9b,
        (0xe9, 0x9b) => b2 == 0xb6,
        // Formal numerals (`壱壹弌弐貳弍参參弎肆伍陸漆捌玖`) and `十拾什百佰陌千阡仟`.
        (0xe5, 0xa3) => matches!(b2, 0xb1 | 0xb9),
        (0xe5, 0xbc) => matches!(b2, 0x8c..=0x8e | 0x90),
        (0xe8, 0xb2) => b2 == 0xb3,
        (0xe5, 0x8f) => matches!(b2, 0x82 | 0x83),
        (0xe8, 0x82) => b2 == 0x86,
        (0xe4, 0xbc) => b2 == 0x8d,
        (0xe9, 0x99) => matches!(b2, 0xb8 | 0x8c),
        (0xe6, 0xbc) => b2 == 0x86,
        (0xe6, 0x8d) => b2 == 0x8c,
        (0xe7, 0x8e) => b2 == 0x96,
        (0xe5, 0x8d) => matches!(b2, 0x81 | 0x83),
        (0xe6, 0x8b) => b2 == 0xbe,
        (0xe4, 0xbb) => matches!(b2, 0x80 | 0x9f),
        (0xe7, 0x99) => b2 == 0xbe,
        (0xe4, 0xbd) => b2 == 0xb0,
        (0xe9, 0x98) => b2 == 0xa1,
        _ => false,
    }
}

/// True where the character at `i` is kana, a kanji other than a digit, or `、。「」『』【】`
/// (cold, decided from its bytes): the bulk of a Japanese page.
#[inline]
pub(super) fn cold_cjk(b: &[u8], i: usize) -> bool {
    let Some(&[lead, b1, b2]) = b.get(i..i + 3) else {
        return false;
    };
    if !(continues(b1) && continues(b2)) {
        return false;
    }
    match (lead, b1) {
        (0xe3, 0x81) => b2 != 0xae,
        (0xe3, 0x82) => !(0x99..=0xa0).contains(&b2),
        (0xe3, 0x83) => b2 < 0xbb && b2 != 0x8e,
        (0xe4..=0xe9, _) => !kanji_digit_bytes(lead, b1, b2),
        _ => false,
    }
}

/// The kind of the character at `i` (not ASCII) and its length: the kana and kanji of a
/// Japanese page, and full-width forms, decided from their bytes.
#[inline]
pub(super) fn kind_at(b: &[u8], i: usize) -> (Kind, usize) {
    let lead = b[i];
    if (0xe3..=0xef).contains(&lead)
        && i + 2 < b.len()
        && continues(b[i + 1])
        && continues(b[i + 2])
    {
        let (b1, b2) = (b[i + 1], b[i + 2]);
        match (lead, b1) {
            (0xe3, 0x81) if b2 == 0xae => return (Kind::Neutral, 3),
            (0xe3, 0x81) | (0xe3, 0x82) if !(0x99..=0xa0).contains(&b2) || b1 == 0x81 => {
                return (Kind::Cold, 3)
            }
            (0xe3, 0x83) => match b2 {
                0xbb | 0xbc | 0x8e => return (Kind::Neutral, 3),
                0xbf => {}
                _ => return (Kind::Cold, 3),
            },
            (0xe3, 0x80) => match b2 {
                0x80 => return (Kind::Space, 3),
                0x81 | 0x82 | 0x89 | 0x8b | 0x8d | 0x8f | 0x91 | 0x95 | 0x97 | 0x99 | 0x9b => {
                    return (Kind::Neutral, 3)
                }
                0x88 | 0x8a | 0x8c | 0x8e | 0x90 | 0x94 | 0x96 | 0x98 | 0x9a => {
                    return (Kind::Open, 3)
                }
                _ => {}
            },
            (0xe4..=0xe9, _) if !kanji_digit_bytes(lead, b1, b2) => return (Kind::Cold, 3),
            // Full-width forms of ASCII: as that ASCII character.
            (0xef, 0xbc) if b2 >= 0x81 => return (ASCII_KINDS[usize::from(b2 - 0x60)], 3),
            (0xef, 0xbd) if b2 <= 0x9e => return (ASCII_KINDS[usize::from(b2 - 0x20)], 3),
            _ => {}
        }
    }
    let (c, len) = char_at(b, i);
    (kind(c), len)
}

#[cfg(test)]
mod tests {
    use super::any_byte_of;

    #[test]
    fn every_position_of_the_bytes_is_offered_in_order_in_blocks_and_in_the_rest() {
        for len in [0, 1, 15, 16, 17, 40] {
            for marked in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[marked] = b'@';
                bytes[len - 1 - (len - 1 - marked) / 2] = b'@';
                let mut offered = Vec::new();
                let found = any_byte_of(&bytes, b"@#", |k| {
                    offered.push(k);
                    k == marked
                });
                assert!(found, "{len} {marked}");
                assert_eq!(offered.last(), Some(&marked));
                assert!(offered.windows(2).all(|w| w[0] < w[1]));
                assert!(offered.iter().all(|&k| bytes[k] == b'@'));
            }
        }
        assert!(!any_byte_of(b"xxxxxxxxxxxxxxxxxxxxx", b"@#", |_| true));
    }
}
