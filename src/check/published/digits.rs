//! Characters read as digits: decimal digits of every script, kanji digits and places, and the
//! letters that pass for a digit inside a run of digits.

/// The first code point of each block of ten decimal digits (Unicode category Nd) beyond ASCII.
const ND_ZEROS: [u32; 73] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x116D0, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50, 0x11DA0, 0x11F50,
    0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
    0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script other than ASCII.
pub(super) fn nd_digit(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x660 {
        return None;
    }
    let k = ND_ZEROS.partition_point(|&z| z <= cp);
    let offset = cp - ND_ZEROS[k.checked_sub(1)?];
    (offset < 10).then_some(offset as u8)
}

/// Kanji digits, and the circles written for zero.
pub(super) fn kanji_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '○' | '◯' | '零' => 0,
        // With the formal numerals of contracts and banknotes (`壱弐参`, `壹貳參`).
        '一' | '壱' | '壹' | '弌' => 1,
        '二' | '弐' | '貳' | '弍' => 2,
        '三' | '参' | '參' | '弎' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陸' => 6,
        '七' | '漆' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Kanji that multiply the digit before them: `四百四十四` is 444.
pub(super) fn kanji_place(c: char) -> Option<u32> {
    match c {
        '十' | '拾' | '什' => Some(10),
        '百' | '佰' | '陌' => Some(100),
        '千' | '阡' | '仟' => Some(1000),
        _ => None,
    }
}

/// Letters and signs read as a digit inside a run of digits.
pub(super) fn is_lookalike(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'l' | 'I' | '|' | 'S' | 'B' | 'Z')
}

/// The digit a look-alike is read as.
pub(super) fn lookalike_digit(c: char) -> char {
    match c {
        'O' | 'o' => '0',
        'S' => '5',
        'B' => '8',
        'Z' => '2',
        _ => '1',
    }
}
