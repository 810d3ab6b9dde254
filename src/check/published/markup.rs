//! HTML markup as the tokenizer reads it: tag kinds (by a perfect hash of the name), the
//! attributes a reader sees or hears, and the ends of raw text and comments.

use super::kinds::any_byte_of;

pub(super) fn is_markup(b: &[u8], i: usize) -> bool {
    b[i] == b'<'
        && b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Inline,
    Block,
    Meta,
    /// Contents not shown: skipped up to the end tag.
    Skip(&'static [u8]),
    Title,
    Textarea,
    /// Contents shown as they are (no references, no tags), up to the end tag.
    RawText(&'static [u8]),
    Plaintext,
    /// Ruby text (`<rt>`, `<rp>`), shown above or beside the text it annotates: read as a run
    /// of its own, so that the text around it joins (`<ruby>0120<rt>ぜろ</rt></ruby>-444`).
    Annotation(&'static [u8]),
}

/// A tag or attribute name of up to 8 bytes as a number, in lower case (`| 0x20` makes
/// upper-case letters lower case and leaves digits).
const fn name_key(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() {
        key |= ((name[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The kinds of the elements that are not inline, by name key, in a table indexed by a perfect
/// hash of the key (the multiplier leaves no two of these names in one slot: see the tests).
static TAGS: [(u64, Tag); 128] = {
    const BLOCK: [&[u8]; 49] = [
        b"address",
        b"article",
        b"aside",
        b"body",
        b"br",
        b"caption",
        b"center",
        b"dd",
        b"details",
        b"dialog",
        b"dir",
        b"div",
        b"dl",
        b"dt",
        b"fieldset",
        b"figure",
        b"footer",
        b"form",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"header",
        b"hgroup",
        b"hr",
        b"html",
        b"legend",
        b"li",
        b"main",
        b"menu",
        b"nav",
        b"ol",
        b"optgroup",
        b"option",
        b"p",
        b"pre",
        b"section",
        b"summary",
        b"table",
        b"tbody",
        b"td",
        b"tfoot",
        b"th",
        b"thead",
        b"tr",
        b"ul",
    ];
    const OTHER: [(&[u8], Tag); 9] = [
        (b"script", Tag::Skip(b"script")),
        (b"style", Tag::Skip(b"style")),
        (b"title", Tag::Title),
        (b"textarea", Tag::Textarea),
        (b"xmp", Tag::RawText(b"xmp")),
        (b"iframe", Tag::RawText(b"iframe")),
        (b"noembed", Tag::RawText(b"noembed")),
        (b"noframes", Tag::RawText(b"noframes")),
        (b"meta", Tag::Meta),
    ];
    let mut table = [(0u64, Tag::Inline); 128];
    let mut i = 0;
    while i < BLOCK.len() {
        let key = name_key(BLOCK[i]);
        table[tag_slot(key)] = (key, Tag::Block);
        i += 1;
    }
    let mut i = 0;
    while i < OTHER.len() {
        let key = name_key(OTHER[i].0);
        table[tag_slot(key)] = (key, OTHER[i].1);
        i += 1;
    }
    table
};

const fn tag_slot(key: u64) -> usize {
    (key.wrapping_mul(0x5661_7c71_bf4a_28cb) >> 57) as usize
}

pub(super) fn tag_kind(name: &[u8]) -> Tag {
    if name.len() > 8 {
        return if name.eq_ignore_ascii_case(b"blockquote")
            || name.eq_ignore_ascii_case(b"figcaption")
        {
            Tag::Block
        } else if name.eq_ignore_ascii_case(b"plaintext") {
            Tag::Plaintext
        } else {
            Tag::Inline
        };
    }
    tag_of_key(name_key(name))
}

/// The kind of a tag of up to 8 bytes, from its name key.
pub(super) fn tag_of_key(key: u64) -> Tag {
    match TAGS[tag_slot(key)] {
        (k, tag) if k == key => tag,
        _ => Tag::Inline,
    }
}

/// The name a reader-facing attribute is reported under, if `name` is one.
pub(super) fn visible_attribute(name: &[u8], tag: Tag) -> Option<&'static str> {
    let first = name.first()? | 0x20;
    let candidates: &[&'static str] = match (name.len(), first) {
        (3, b'a') => &["alt"],
        (4, b'a') => &["abbr"],
        (5, b't') => &["title"],
        (5, b'v') => &["value"],
        (5, b'l') => &["label"],
        (7, b'c') if tag == Tag::Meta => &["content"],
        (7, b's') => &["summary"],
        (10, b'a') => &["aria-label"],
        (11, b'p') => &["placeholder"],
        (14, b'a') => &["aria-valuetext"],
        (16, b'a') => &["aria-description", "aria-placeholder"],
        (17, b'a') => &["aria-braillelabel"],
        (20, b'a') => &["aria-roledescription"],
        _ => return None,
    };
    candidates
        .iter()
        .find(|n| n.as_bytes().eq_ignore_ascii_case(name))
        .copied()
}

/// The first `byte` at or after `from`, found sixteen bytes at a time (most attribute values
/// are shorter than that: one block and no call).
pub(super) fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    let from = from.min(b.len());
    let mut found = None;
    any_byte_of(&b[from..], &[byte], |k| {
        found = Some(from + k);
        true
    });
    found
}

/// Just after the next `byte` from `from`, or the end.
pub(super) fn after(b: &[u8], from: usize, byte: u8) -> usize {
    find_byte(b, from, byte).map_or(b.len(), |k| k + 1)
}

/// Bytes that end a tag or attribute name: white space, `/`, `>` (and `=`, for an attribute).
pub(super) static NAME_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(
            c as u8,
            b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>' | b'='
        );
        c += 1;
    }
    table
};

/// Bytes that end a tag name: white space, `/`, `>`.
pub(super) static TAG_NAME_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(c as u8, b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>');
        c += 1;
    }
    table
};

/// Bytes skipped before an attribute name: white space and `/`.
pub(super) static BEFORE_NAME: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = matches!(c as u8, b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/');
        c += 1;
    }
    table
};

pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Where the end tag `</name` that closes raw text starts, from `from`, or the end.
pub(super) fn end_tag_at(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    while let Some(p) = find_byte(b, from, b'<') {
        let name_end = p + 2 + name.len();
        if b.get(p + 1) == Some(&b'/')
            && b.len() >= name_end
            && b[p + 2..name_end].eq_ignore_ascii_case(name)
            && b.get(name_end)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return p;
        }
        from = p + 1;
    }
    b.len()
}

/// Where the element whose start tag ends at `from` ends (`</name`, counting the elements of the
/// same name inside it), or the end of the page.
pub(super) fn element_end(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    let mut depth = 1usize;
    while let Some(p) = find_byte(b, from, b'<') {
        let closing = b.get(p + 1) == Some(&b'/');
        let start = p + 1 + usize::from(closing);
        let name_end = start + name.len();
        if b.len() > name_end
            && b[start..name_end].eq_ignore_ascii_case(name)
            && TAG_NAME_END[usize::from(b[name_end])]
        {
            if closing {
                depth -= 1;
                if depth == 0 {
                    return p;
                }
            } else {
                depth += 1;
            }
        }
        from = p + 1;
    }
    b.len()
}

/// Just after the comment that starts at `i` (`<!--`).
pub(super) fn comment_end(b: &[u8], i: usize) -> usize {
    let s = i + 4;
    if b[s..].starts_with(b">") {
        return s + 1;
    }
    if b[s..].starts_with(b"->") {
        return s + 2;
    }
    let mut k = s;
    while let Some(p) = find_byte(b, k, b'-') {
        if b[p..].starts_with(b"-->") {
            return p + 3;
        }
        if b[p..].starts_with(b"--!>") {
            return p + 4;
        }
        k = p + 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_names_are_read_in_any_case() {
        let block = [
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "br",
            "caption",
            "center",
            "dd",
            "details",
            "dialog",
            "dir",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "head",
            "header",
            "hgroup",
            "hr",
            "html",
            "legend",
            "li",
            "main",
            "menu",
            "nav",
            "ol",
            "optgroup",
            "option",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul",
        ];
        for name in block {
            assert_eq!(tag_kind(name.as_bytes()), Tag::Block, "{name}");
            assert_eq!(
                tag_kind(name.to_uppercase().as_bytes()),
                Tag::Block,
                "{name}"
            );
        }
        assert_eq!(tag_kind(b"SCRIPT"), Tag::Skip(b"script"));
        assert_eq!(tag_kind(b"Style"), Tag::Skip(b"style"));
        assert_eq!(tag_kind(b"title"), Tag::Title);
        assert_eq!(tag_kind(b"TextArea"), Tag::Textarea);
        assert_eq!(tag_kind(b"xmp"), Tag::RawText(b"xmp"));
        assert_eq!(tag_kind(b"plaintext"), Tag::Plaintext);
        assert_eq!(tag_kind(b"meta"), Tag::Meta);
        for inline in [
            "a", "b", "span", "em", "strong", "img", "wbr", "code", "x-y", "", "pp",
        ] {
            assert_eq!(tag_kind(inline.as_bytes()), Tag::Inline, "{inline}");
        }
    }
}
