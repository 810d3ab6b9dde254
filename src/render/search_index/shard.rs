//! A shard's file: its tokens and their postings, read from the lists the writer keeps (pairs
//! of LEB128 numbers) and written as the decimal arrays `search.js` reads.

use std::borrow::Cow;

use super::SEARCH_DIR;
use crate::output::OutputFile;

/// Shard `n`'s file: `madoguchiSearch.shard(n,{"token":[doc,weight,…],…});`, its tokens in
/// the order of their spelling, written into one buffer of bytes.
pub(super) fn shard_file(n: usize, mut tokens: Vec<(&str, Cow<[u8]>)>) -> OutputFile {
    tokens.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let size: usize = tokens.iter().map(|(t, p)| t.len() + 4 + p.len() * 3).sum();
    let mut js = Vec::with_capacity(size + 32);
    js.extend_from_slice(b"madoguchiSearch.shard(");
    push_number(&mut js, n as u32);
    js.extend_from_slice(b",{");
    for (i, (token, list)) in tokens.iter().enumerate() {
        let mut list: &[u8] = list;
        if i > 0 {
            js.push(b',');
        }
        // A string written into memory: this cannot fail.
        serde_json::to_writer(&mut js, token).ok();
        js.extend_from_slice(b":[");
        let mut first = true;
        while let Some(number) = read_leb128(&mut list) {
            if !first {
                js.push(b',');
            }
            first = false;
            push_number(&mut js, number);
        }
        js.push(b']');
    }
    js.extend_from_slice(b"});\n");
    OutputFile {
        path: format!("{SEARCH_DIR}/t/{n}.js"),
        bytes: js,
    }
}

/// `n` in LEB128: seven bits a byte, low bits first, the top bit saying "more".
pub(super) fn push_leb128(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number `push_leb128` wrote at the start of `bytes`, which then start after it.
pub(super) fn read_leb128(bytes: &mut &[u8]) -> Option<u32> {
    let mut n = 0u32;
    let mut shift = 0;
    loop {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
        shift += 7;
    }
}

/// `n` in decimal, without `format!` (a big index writes millions of them).
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_read_back_as_written() {
        let mut list = Vec::new();
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 99_999, u32::MAX];
        for n in numbers {
            push_leb128(&mut list, n);
        }
        let mut bytes = list.as_slice();
        let read: Vec<u32> = std::iter::from_fn(|| read_leb128(&mut bytes)).collect();
        assert_eq!(read, numbers);
    }
}
