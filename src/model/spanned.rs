//! A value with where it was written, kept small: a big guide holds hundreds of thousands of
//! them for the whole build.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value with the byte span it was written at and its line. serde-saphyr's own `Spanned`
/// keeps two 28-byte locations (where the value is used and where an anchor defined it, each
/// with line, column, character and byte spans): 80 bytes with a `String`, against 40 here. The
/// checks read only the byte span and the line of where the value is used, which this keeps
/// exactly (serde-saphyr counts in `u32` too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    /// The byte offset of the value in its YAML (0 where the parser gave none).
    start: u32,
    /// Its length in bytes (0 where the parser gave none).
    len: u32,
    /// Its line, from 1.
    line: u32,
}

impl<T> Spanned<T> {
    /// The byte offset of the value in the YAML it was read from, and its length.
    pub fn byte_span(&self) -> (usize, usize) {
        (self.start as usize, self.len as usize)
    }

    /// The line the value is on, from 1.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }
}

impl<T> From<serde_saphyr::Spanned<T>> for Spanned<T> {
    fn from(spanned: serde_saphyr::Spanned<T>) -> Self {
        let at = &spanned.referenced;
        let span = at.span();
        // serde-saphyr counts in `u32`: nothing is cut off.
        let narrow = |n: Option<u64>| u32::try_from(n.unwrap_or(0)).unwrap_or(u32::MAX);
        Spanned {
            start: narrow(span.byte_offset()),
            len: narrow(span.byte_len()),
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            value: spanned.value,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_saphyr::Spanned::<T>::deserialize(deserializer).map(Spanned::from)
    }
}

/// The value alone, as serde-saphyr's `Spanned` writes it: `madoguchi schema` writes each
/// field's default through it.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Both {
        #[serde(rename = "a")]
        ours: Spanned<String>,
    }

    #[derive(Deserialize)]
    struct Theirs {
        a: serde_saphyr::Spanned<String>,
    }

    #[test]
    fn keeps_the_byte_span_and_line_serde_saphyr_gives() {
        for yaml in [
            "a: hello\n",
            "x: 1\n\na: \"quoted\u{3042}\"\n",
            "x: &anchor value\na: *anchor\n",
            "a: |\n  block\n  text\n",
            "b: [1, 2]\na: 'single'  # comment\n",
        ] {
            let ours = serde_saphyr::from_str::<Both>(yaml).unwrap().ours;
            let theirs = serde_saphyr::from_str::<Theirs>(yaml).unwrap().a;
            let span = theirs.referenced.span();
            let expected = (
                span.byte_offset().unwrap_or(0) as usize,
                span.byte_len().unwrap_or(0) as usize,
            );
            assert_eq!(ours.value, theirs.value, "{yaml}");
            assert_eq!(ours.byte_span(), expected, "{yaml}");
            assert_eq!(ours.line(), theirs.referenced.line(), "{yaml}");
        }
    }

    #[test]
    fn a_text_takes_40_bytes_before_its_characters() {
        assert!(std::mem::size_of::<Spanned<String>>() <= 40);
    }
}
