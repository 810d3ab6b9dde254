//! Text a browser does not show: the content of an element with a `hidden` attribute, of
//! `<template>`, `<datalist>`, a closed `<dialog>`, `<noscript>` (not shown where script runs),
//! `<iframe>`, `<noembed>`, `<noframes>`, an SVG's `<desc>` and `<metadata>`, and the fallback
//! of `<canvas>`, `<video>`, `<audio>` and `<object>`. Such text can split a number the reader sees whole
//! (`0120<span hidden>年</span>-444-4444`), so a page that holds any is read a second time with
//! it blanked out. (The first reading keeps it, since some of it can be shown: `hidden=until-found`,
//! a dialog opened later.)

use super::markup::{self, Tag};

/// Elements whose content is never shown as text (unless `dialog` is `open`).
const UNSHOWN: [&[u8]; 13] = [
    // An SVG's description and metadata are never drawn.
    b"desc",
    b"metadata",
    b"template",
    b"datalist",
    b"dialog",
    b"canvas",
    b"video",
    b"audio",
    b"noscript",
    b"iframe",
    b"noembed",
    b"noframes",
    b"object",
];

/// The first two letters of the names in [`UNSHOWN`].
const UNSHOWN_STARTS: [[u8; 2]; 11] = [
    *b"de", *b"me", *b"te", *b"da", *b"di", *b"ca", *b"vi", *b"au", *b"no", *b"if", *b"ob",
];

/// `html` with the content of every unshown element replaced by spaces (so every byte keeps
/// its offset, and what stood on either side stays apart no more than a space would keep it),
/// or `None` when the page holds none.
pub fn without_hidden(html: &[u8]) -> Option<Vec<u8>> {
    if !may_hide(html) {
        return None;
    }
    blank_unshown(html)
}

/// [`without_hidden`] without its quick look first.
fn blank_unshown(html: &[u8]) -> Option<Vec<u8>> {
    let mut out = html.to_vec();
    let mut blanked = false;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &html[i..]).map(|k| i + k) {
        if let Some(after) = comment_end(html, at) {
            i = after;
            continue;
        }
        let Some((name, tag_end)) = start_tag(html, at) else {
            i = at + 1;
            continue;
        };
        let tag = &html[at..tag_end];
        // `start_tag` gives the name in lower case.
        let unshown = UNSHOWN.contains(&name.as_slice())
            && !(name == b"dialog" && has_attribute(tag, b"open"));
        let void = VOID.contains(&name.as_slice());
        if !void && (unshown || has_attribute(tag, b"hidden")) {
            let end = matching_end(html, tag_end, &name);
            blank(&mut out[tag_end..end]);
            blanked = true;
            i = end.max(tag_end);
        } else {
            i = tag_end;
        }
    }
    blanked.then_some(out)
}

/// Makes `bytes` an empty inline tag (`<i   >`), which joins what stands on either side as a
/// browser joins it when the content is not shown (a space would part `scam` from
/// `@evil.example`); too short for a tag, spaces.
fn blank(bytes: &mut [u8]) {
    bytes.fill(b' ');
    if bytes.len() >= 3 {
        bytes[0] = b'<';
        bytes[1] = b'i';
        let last = bytes.len() - 1;
        bytes[last] = b'>';
    }
}

/// A cheap look for any sign of an unshown element, in one pass: a start tag of one (`<` and
/// the name right after it, any case, as the tokenizer reads a start tag) or the letters of
/// `hidden` (any case, found from its two `d`s). Only what [`without_hidden`] blanks counts,
/// and it blanks only elements whose start tag is one of these.
fn may_hide(html: &[u8]) -> bool {
    any_tag_or_double_d(html, |k| {
        if html[k] == b'<' {
            // Most tags (`<p>`, `<a `, `<li>`, `<span`) are told apart by their first two
            // letters; the names are 4 to 8 letters long, read no further than 9 bytes.
            let lower = |j: usize| html.get(j).map_or(0, |c| c | 0x20);
            if !UNSHOWN_STARTS.contains(&[lower(k + 1), lower(k + 2)]) {
                return false;
            }
            let name = &html[k + 1..html.len().min(k + 10)];
            let name_end = name
                .iter()
                .position(|c| !c.is_ascii_alphanumeric() && *c != b'-')
                .unwrap_or(name.len());
            let name = &name[..name_end];
            (4..=8).contains(&name.len())
                && UNSHOWN
                    .iter()
                    .any(|unshown| name.eq_ignore_ascii_case(unshown))
        } else {
            k >= 2
                && html
                    .get(k - 2..k + 4)
                    .is_some_and(|word| word.eq_ignore_ascii_case(b"hidden"))
        }
    })
}

/// Whether `found` holds at a `<`, or at the first of two `d`s in a row (any case), in `b`:
/// positions found sixteen bytes at a time, the `d`s by comparing each block with itself one
/// byte on.
fn any_tag_or_double_d(b: &[u8], mut found: impl FnMut(usize) -> bool) -> bool {
    let is_d = |c: u8| c | 0x20 == b'd';
    let mut base = 0;
    while base + 17 <= b.len() {
        let mut mask = tag_or_double_d_in(&b[base..base + 17]);
        while mask != 0 {
            if found(base + mask.trailing_zeros() as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        base += 16;
    }
    (base..b.len()).any(|k| {
        (b[k] == b'<' || (is_d(b[k]) && b.get(k + 1).is_some_and(|&c| is_d(c)))) && found(k)
    })
}

/// Bit `k` set where `block[k]` is `<`, or `block[k]` and `block[k + 1]` are both `d` or `D`
/// (`block` holds 17 bytes).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn tag_or_double_d_in(block: &[u8]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    assert!(block.len() >= 17);
    // SAFETY: SSE2 is part of every x86_64 target; the two unaligned loads read bytes 0..16
    // and 1..17 of `block`, which holds at least 17 (asserted above).
    unsafe {
        let here = _mm_loadu_si128(block.as_ptr().cast());
        let next = _mm_loadu_si128(block.as_ptr().add(1).cast());
        let case = _mm_set1_epi8(0x20);
        let d = _mm_set1_epi8(b'd' as i8);
        let d_here = _mm_cmpeq_epi8(_mm_or_si128(here, case), d);
        let d_next = _mm_cmpeq_epi8(_mm_or_si128(next, case), d);
        let lt = _mm_cmpeq_epi8(here, _mm_set1_epi8(b'<' as i8));
        _mm_movemask_epi8(_mm_or_si128(lt, _mm_and_si128(d_here, d_next))) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn tag_or_double_d_in(block: &[u8]) -> u32 {
    let is_d = |c: u8| c | 0x20 == b'd';
    (0..16)
        .filter(|&k| block[k] == b'<' || (is_d(block[k]) && is_d(block[k + 1])))
        .fold(0, |mask, k| mask | 1 << k)
}

/// The start tag at `at` (`<name …>`): its name (lower case) and where it ends (after `>`).
fn start_tag(html: &[u8], at: usize) -> Option<(Vec<u8>, usize)> {
    let name_end = (at + 1..html.len())
        .find(|&k| !html[k].is_ascii_alphanumeric() && html[k] != b'-')
        .unwrap_or(html.len());
    if name_end == at + 1 {
        return None;
    }
    let name = html[at + 1..name_end].to_ascii_lowercase();
    let end = value_quotes(&html[name_end..])
        .find_map(|(k, c, quote)| (quote.is_none() && c == b'>').then_some(name_end + k + 1))?;
    Some((name, end))
}

/// Each byte of a tag's attributes with the quote of the value open after it, if any. A quote
/// opens a value only right after `=` (spaces between): in `data-x=a"b` it is a character of an
/// unquoted value, as the browser reads it.
fn value_quotes(attributes: &[u8]) -> impl Iterator<Item = (usize, u8, Option<u8>)> + '_ {
    let (mut quote, mut after_equals) = (None, false);
    attributes.iter().enumerate().map(move |(k, &c)| {
        match quote {
            Some(q) if c == q => {
                quote = None;
                after_equals = false;
            }
            Some(_) => {}
            None => match c {
                b'"' | b'\'' if after_equals => quote = Some(c),
                c if c.is_ascii_whitespace() => {}
                c => after_equals = c == b'=',
            },
        }
        (k, c, quote)
    })
}

/// Whether the start tag `tag` has the attribute `name` (any case, with or without a value),
/// not as part of another name (`aria-hidden` is not `hidden`).
fn has_attribute(tag: &[u8], name: &[u8]) -> bool {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = memchr::memmem::find(&lower[from..], name).map(|k| from + k) {
        let before = lower.get(k.wrapping_sub(1)).copied().unwrap_or(b' ');
        let after = lower.get(k + name.len()).copied().unwrap_or(b'>');
        // After a value's closing quote an attribute starts with no space (`title="a"hidden`).
        let starts = before.is_ascii_whitespace() || matches!(before, b'/' | b'"' | b'\'');
        let ends = after.is_ascii_whitespace() || matches!(after, b'=' | b'>' | b'/');
        if starts && ends && !in_value(&lower[..k]) {
            return true;
        }
        from = k + 1;
    }
    false
}

/// Whether the end of `before` is inside a quoted attribute value.
fn in_value(before: &[u8]) -> bool {
    value_quotes(before)
        .last()
        .is_some_and(|(_, _, quote)| quote.is_some())
}

/// Where the content of the element `name` opened just before `from` ends, as the browser
/// reads it: at its matching end tag (elements opened inside it counted), or where a block it
/// stands in ends (`</p>`, `</div>`, … not opened inside it: the scan's block elements), else the end of the page. An
/// end tag inside a comment, an attribute value or a raw-text element (`<script>`, `<style>`,
/// …) ends nothing; a stray inline end tag (`</b>` with no `<b>` open) is ignored, as the
/// browser ignores it.
fn matching_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut i = from;
    while let Some(at) = memchr::memchr(b'<', &html[i..]).map(|k| i + k) {
        if let Some(after) = comment_end(html, at) {
            i = after;
            continue;
        }
        if html.get(at + 1) != Some(&b'/') {
            let Some((tag, tag_end)) = start_tag(html, at) else {
                i = at + 1;
                continue;
            };
            if is_raw_text(&tag) {
                i = end_tag_of(html, tag_end, &tag);
                continue;
            }
            let self_closed = html[..tag_end].ends_with(b"/>");
            if !self_closed && !VOID.contains(&tag.as_slice()) {
                open.push(tag);
            }
            i = tag_end;
            continue;
        }
        let Some((tag, tag_end)) = start_tag(html, at + 1) else {
            i = at + 1;
            continue;
        };
        if let Some(k) = open.iter().rposition(|o| *o == tag) {
            open.truncate(k);
        } else if tag == name || markup::tag_kind(&tag) == Tag::Block {
            return at;
        }
        i = tag_end;
    }
    html.len()
}

/// Elements with no content (their start tag is all of them).
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// An element whose content is text up to its own end tag (`<script>`, `<style>`, `<title>`,
/// `<textarea>`, `<iframe>`, …), as the scan's own table of tags says: markup inside it is none.
fn is_raw_text(tag: &[u8]) -> bool {
    matches!(
        markup::tag_kind(tag),
        Tag::Skip(_) | Tag::Title | Tag::Textarea | Tag::RawText(_) | Tag::Plaintext
    )
}

/// Where a comment or a bogus comment that starts at `at` ends, as the HTML tokenizer ends
/// it: `<!--` at `-->` or `--!>` (and `<!-->`, `<!--->` at once); `<?…` and any other `<!…`
/// (a doctype, `<![CDATA[` outside SVG) at the first `>`; the page's end if none.
fn comment_end(html: &[u8], at: usize) -> Option<usize> {
    let rest = &html[at..];
    if rest.starts_with(b"<!--") {
        return Some(markup::comment_end(html, at));
    }
    if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
        let from = at + 2;
        return Some(memchr::memchr(b'>', &html[from..]).map_or(html.len(), |k| from + k + 1));
    }
    None
}

/// Where the end tag `</name` after `from` starts (any case), else the page's end.
fn end_tag_of(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(at) = memchr::memmem::find(&html[i..], b"</").map(|k| i + k) {
        if html
            .get(at + 2..at + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return at;
        }
        i = at + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(html: &str) -> String {
        String::from_utf8(without_hidden(html.as_bytes()).unwrap_or(html.as_bytes().to_vec()))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn unshown_content_is_blanked_and_shown_content_is_kept() {
        assert_eq!(
            shown("<p>0120<span hidden>年から</span>-444-4444</p>"),
            "<p>0120<span hidden><i ></span>-444-4444</p>"
        );
        for html in [
            "<p>0120<template>x</template>-4</p>",
            "<p>0120<datalist><option>x</option></datalist>-4</p>",
            "<p>0120<dialog>x</dialog>-4</p>",
            "<p>0120<video>x<video>y</video>z</video>-4</p>",
            "<p>0120<span HIDDEN=\"until-found\">x</span>-4</p>",
            // Names in any case, as the tokenizer reads them.
            "<p>0120<span Hidden>x</span>-4</p>",
            "<p>0120<TEMPLATE>x</TEMPLATE>-4</p>",
            "<p>0120<Canvas>x</Canvas>-4</p>",
            "<p>0120<audio>x</audio>-4</p>",
            // Found by the break-it round: an attribute right after a quote, an end tag in a
            // comment, a value or a script, and the elements shown only without script or
            // as a fallback.
            "<p>0120<span title=\"a\"hidden>x</span>-4</p>",
            "<p>0120<span title='a'hidden>x</span>-4</p>",
            "<p>0120<span hidden><!--</span>-->x</span>-4</p>",
            "<p>0120<template><!--</template>-->x</template>-4</p>",
            "<p>0120<span hidden><b title=\"</span>\">x</b></span>-4</p>",
            "<p>0120<span hidden><script></span></script>x</span>-4</p>",
            "<p>0120<noscript>x</noscript>-4</p>",
            "<p>0120<NoScript>x</NoScript>-4</p>",
            "<p>0120<iframe>x</iframe>-4</p>",
            "<p>0120<object data=\"a.svg\">x</object>-4</p>",
            "<p>0120<noembed>x</noembed>-4</p>",
            "<p>0120<noframes>x</noframes>-4</p>",
            // The second break-it round: comments as the tokenizer ends them, bogus comments,
            // an end tag inside an unquoted value's quote.
            "<p>0120<span hidden><!-->x</span>-4</p>",
            "<p>0120<span hidden><!--->x</span>-4</p>",
            "<p>0120<span hidden><?x </span> ?>x</span>-4</p>",
            "<p>0120<span hidden><!x </span> >x</span>-4</p>",
            "<p>0120<span hidden><![CDATA[</span>]]>x</span>-4</p>",
            "<p>0120<span data-q=a\"b hidden>x</span>-4</p>",
            "<p>0120<span hidden data-q=a\"b>x</span>-4</p>",
            "<p>0120<span hidden>x<b>x</span>-4</p>",
            "<p>0120<svg width=\"0\"><desc>x</desc></svg>-4</p>",
        ] {
            let out = shown(html);
            assert!(
                !out.contains('x') && !out.contains('y') && !out.contains('z'),
                "{out}"
            );
            assert!(out.contains("-4</p>"), "{out}");
        }
        // Shown: an open dialog, aria-hidden (read aloud no, shown yes), `hidden` in a value.
        assert!(without_hidden(b"<p>0120<dialog open>x</dialog>-4</p>").is_none());
        assert!(without_hidden(b"<p><span aria-hidden=\"true\">x</span></p>").is_none());
        assert!(without_hidden(b"<p title=\"a hidden b\">x</p>").is_none());
        assert_eq!(without_hidden(b"<p>0120</p>"), None);
        // A void element holds nothing: what follows it is read, its own hidden text blanked.
        assert_eq!(
            shown("<br hidden>0120<span hidden>xyz</span>-4"),
            "<br hidden>0120<span hidden><i></span>-4"
        );
        // An element left open ends where its paragraph ends; a comment ends at `--!>`.
        let out = shown("<p><span hidden>x</p><p>0120<span hidden>yyy</span>-4</p>");
        assert!(
            out.ends_with("<p>0120<span hidden><i></span>-4</p>"),
            "{out}"
        );
        let out = shown("<!-- --!><p>0120<span hidden>yyy</span>-4</p>");
        assert!(
            out.ends_with("<p>0120<span hidden><i></span>-4</p>"),
            "{out}"
        );
        // A stray inline end tag ends nothing, as the browser ignores it.
        let out = shown("<p>0120<span hidden>x</b>y</span>-4</p>");
        assert!(!out.contains('x') && !out.contains('y'), "{out}");
        // Offsets are kept.
        let html = b"<i hidden>abc</i>0120";
        assert_eq!(without_hidden(html).unwrap().len(), html.len());
    }

    #[test]
    fn every_unshown_name_starts_as_listed() {
        for name in UNSHOWN {
            assert!(UNSHOWN_STARTS.contains(&[name[0], name[1]]), "{name:?}");
        }
    }

    #[test]
    fn the_quick_look_finds_each_sign_wherever_it_stands_in_a_block() {
        for sign in [
            "<span hidden>",
            "<span HiDdEn>",
            "<TEMPLATE>",
            "<desc>",
            "<noframes ",
        ] {
            // Every offset against the sixteen-byte blocks, the `dd` across two of them, and
            // the sign at the very end.
            for pad in 0..40 {
                let page = format!("{}{sign}x</p>", "a".repeat(pad));
                assert!(may_hide(page.as_bytes()), "{page}");
                let page = format!("{}{sign}", "a".repeat(pad));
                assert!(may_hide(page.as_bytes()), "{page}");
            }
        }
        // Names inside other words, or not after `<`, are no sign: nothing would be blanked.
        for page in [
            "<p>description, address, padding, middle</p>",
            "<p class=\"video-desc\">template dialog</p><meta name=\"description\">",
            "<p>< template></p><descx>",
        ] {
            let padded = format!("{}{page}", "a".repeat(7));
            assert!(
                !may_hide(page.as_bytes()) && !may_hide(padded.as_bytes()),
                "{page}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever [`without_hidden`] would blank, the quick look lets it: a page it passes over
        /// holds nothing unshown.
        #[test]
        fn the_quick_look_never_passes_over_what_would_be_blanked(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<", ">", "</", "<span", " hidden", " HIDDEN", "=", "\"", "hid", "den", "d",
                "D", "<template", "<TeMpLaTe", "<desc", "<metadata", "<dialog", " open",
                "<video", "<audio", "<canvas", "<object", "<iframe", "<noscript", "<noembed",
                "<noframes", "<datalist", "x", "0120", " ", "<!--", "-->", "<p>", "</p>", "-",
                "é", "あ",
            ]), 0..30),
        ) {
            let page: String = pieces.concat();
            if blank_unshown(page.as_bytes()).is_some() {
                proptest::prop_assert!(may_hide(page.as_bytes()), "{:?}", page);
            }
        }
    }
}
