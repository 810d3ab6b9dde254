//! HTML character references (`&#48;`, `&#x30;`, `&nbsp;`, legacy names without `;`), read as
//! browsers read them.

use super::kinds::{char_at, is_trigger};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reference {
    Char(char),
    Text(&'static str),
}

impl Reference {
    pub(super) fn is_trigger(self) -> bool {
        match self {
            Reference::Char(c) => is_trigger(c),
            Reference::Text(s) => s.chars().any(is_trigger),
        }
    }
}

/// Windows-1252 for the references `&#128;`–`&#159;`, as browsers read them.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The character reference at the start of `s` (which starts with `&`): what it stands for and
/// its length in bytes; `None` where the `&` is a literal.
pub(super) fn reference(s: &[u8]) -> Option<(Reference, usize)> {
    if s.get(1) == Some(&b'#') {
        let (radix, start) = match s.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut k = start;
        let mut value: u32 = 0;
        while let Some(d) = s.get(k).and_then(|&c| char::from(c).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d);
            k += 1;
        }
        if k == start {
            return None;
        }
        if s.get(k) == Some(&b';') {
            k += 1;
        }
        let c = match value {
            0x80..=0x9f => WINDOWS_1252[value as usize - 0x80],
            0 => '\u{fffd}',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((Reference::Char(c), k));
    }
    let mut k = 1;
    while s.get(k).is_some_and(u8::is_ascii_alphanumeric) {
        k += 1;
    }
    if k == 1 {
        return None;
    }
    if s.get(k) == Some(&b';') {
        // An unknown name is read as nothing: what is around it joins.
        let text = named_reference(&s[1..k]).unwrap_or("");
        return Some((Reference::Text(text), k + 1));
    }
    // Without `;`, browsers still read the legacy names (`&nbsp`, `&shy`, `&sup1`, …).
    LEGACY_NAMES
        .iter()
        .find(|name| s[1..k].starts_with(name.as_bytes()))
        .and_then(|name| {
            Some((
                Reference::Text(named_reference(name.as_bytes())?),
                1 + name.len(),
            ))
        })
}

/// Legacy names browsers read without a `;`, longest first where one starts another.
const LEGACY_NAMES: [&str; 33] = [
    "nbsp", "shy", "amp", "AMP", "lt", "LT", "gt", "GT", "quot", "QUOT", "sup1", "sup2", "sup3",
    "frac12", "frac14", "frac34", "middot", "copy", "COPY", "reg", "REG", "not", "deg", "times",
    "divide", "yen", "laquo", "raquo", "cent", "pound", "sect", "para", "micro",
];

/// Named references: those that stand for a digit, space, dash, dot, bracket, sign or invisible
/// character, and common ones of prose.
fn named_reference(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"nbsp" | b"NonBreakingSpace" => "\u{a0}",
        b"ensp" => "\u{2002}",
        b"emsp" => "\u{2003}",
        b"emsp13" => "\u{2004}",
        b"emsp14" => "\u{2005}",
        b"numsp" => "\u{2007}",
        b"puncsp" => "\u{2008}",
        b"thinsp" | b"ThinSpace" => "\u{2009}",
        b"hairsp" | b"VeryThinSpace" => "\u{200a}",
        b"MediumSpace" => "\u{205f}",
        b"NewLine" => "\n",
        b"Tab" => "\t",
        b"ZeroWidthSpace"
        | b"NegativeVeryThinSpace"
        | b"NegativeThinSpace"
        | b"NegativeMediumSpace"
        | b"NegativeThickSpace" => "\u{200b}",
        b"zwnj" => "\u{200c}",
        b"zwj" => "\u{200d}",
        b"lrm" => "\u{200e}",
        b"rlm" => "\u{200f}",
        b"NoBreak" => "\u{2060}",
        b"af" | b"ApplyFunction" => "\u{2061}",
        b"it" | b"InvisibleTimes" => "\u{2062}",
        b"ic" | b"InvisibleComma" => "\u{2063}",
        b"shy" => "\u{ad}",
        b"hyphen" | b"dash" => "\u{2010}",
        b"ndash" => "\u{2013}",
        b"mdash" => "\u{2014}",
        b"horbar" => "\u{2015}",
        b"minus" => "\u{2212}",
        b"hybull" => "\u{2043}",
        b"boxh" | b"HorizontalLine" => "\u{2500}",
        b"middot" | b"centerdot" | b"CenterDot" => "\u{b7}",
        b"bull" | b"bullet" => "\u{2022}",
        b"sdot" => "\u{22c5}",
        b"period" => ".",
        b"num" => "#",
        b"sharp" => "\u{266f}",
        b"plus" => "+",
        b"lpar" => "(",
        b"rpar" => ")",
        b"lsqb" | b"lbrack" => "[",
        b"rsqb" | b"rbrack" => "]",
        b"lcub" | b"lbrace" => "{",
        b"rcub" | b"rbrace" => "}",
        b"sol" => "/",
        b"bsol" => "\\",
        b"colon" => ":",
        b"semi" => ";",
        b"comma" => ",",
        b"excl" => "!",
        b"quest" => "?",
        b"ast" | b"midast" => "*",
        b"lowbar" | b"UnderBar" => "_",
        b"verbar" | b"vert" | b"VerticalLine" => "|",
        b"equals" => "=",
        b"percnt" => "%",
        b"dollar" => "$",
        b"commat" => "@",
        b"Hat" => "^",
        b"grave" | b"DiacriticalGrave" => "`",
        b"tilde" | b"DiacriticalTilde" => "\u{2dc}",
        b"sim" | b"Tilde" => "\u{223c}",
        b"amp" | b"AMP" => "&",
        b"lt" | b"LT" => "<",
        b"gt" | b"GT" => ">",
        b"quot" | b"QUOT" => "\"",
        b"apos" => "'",
        b"sup1" => "\u{b9}",
        b"sup2" => "\u{b2}",
        b"sup3" => "\u{b3}",
        b"frac12" | b"half" => "\u{bd}",
        b"frac14" => "\u{bc}",
        b"frac34" => "\u{be}",
        b"copy" | b"COPY" => "\u{a9}",
        b"reg" | b"REG" | b"circledR" => "\u{ae}",
        b"trade" | b"TRADE" => "\u{2122}",
        b"not" => "\u{ac}",
        b"deg" => "\u{b0}",
        b"times" => "\u{d7}",
        b"divide" | b"div" => "\u{f7}",
        b"yen" => "\u{a5}",
        b"euro" => "\u{20ac}",
        b"pound" => "\u{a3}",
        b"cent" => "\u{a2}",
        b"sect" => "\u{a7}",
        b"para" => "\u{b6}",
        b"micro" => "\u{b5}",
        b"plusmn" | b"pm" => "\u{b1}",
        b"hellip" | b"mldr" => "\u{2026}",
        b"laquo" => "\u{ab}",
        b"raquo" => "\u{bb}",
        b"lsquo" => "\u{2018}",
        b"rsquo" => "\u{2019}",
        b"ldquo" => "\u{201c}",
        b"rdquo" => "\u{201d}",
        b"larr" => "\u{2190}",
        b"rarr" => "\u{2192}",
        b"uarr" => "\u{2191}",
        b"darr" => "\u{2193}",
        b"phone" => "\u{260e}",
        b"check" => "\u{2713}",
        b"star" => "\u{2606}",
        b"starf" => "\u{2605}",
        b"cir" => "\u{25cb}",
        b"xcirc" | b"bigcirc" => "\u{25ef}",
        b"oslash" => "\u{f8}",
        b"Oslash" => "\u{d8}",
        _ => return None,
    })
}

/// Decodes `from..to` of a page (references read) into `into`, each character with its offset.
pub(super) fn decode_into(b: &[u8], from: usize, to: usize, into: &mut impl FnMut(char, usize)) {
    let mut j = from;
    while j < to {
        if b[j] == b'&' {
            if let Some((r, len)) = reference(&b[j..to]) {
                match r {
                    Reference::Char(c) => into(c, j),
                    Reference::Text(s) => s.chars().for_each(|c| into(c, j)),
                }
                j += len;
                continue;
            }
        }
        let (c, len) = char_at(b, j);
        into(c, j);
        j += len;
    }
}
