use proptest::prelude::*;

use super::{ChromeMemo, Quick};

/// What the readings of a page depend on.
fn verdict(quick: Quick) -> (bool, bool, bool) {
    (quick.address, quick.hides, quick.words.may_spell())
}

/// The quick checks read piece by piece, cut before every `<` (not only the landmarks).
fn by_every_cut(html: &[u8]) -> Quick {
    let mut verdict = Quick::default();
    let mut start = 0;
    for cut in memchr::memchr_iter(b'<', html).chain([html.len()]) {
        if cut > start {
            verdict = verdict.with(Quick::of(&html[start..(cut + 1).min(html.len())]));
            start = cut;
        }
    }
    verdict
}

fn assert_adds_up(html: &str) {
    let whole = verdict(Quick::of(html.as_bytes()));
    assert_eq!(verdict(by_every_cut(html.as_bytes())), whole, "{html}");
    let memo = ChromeMemo::default();
    for _ in 0..3 {
        assert_eq!(verdict(memo.quick(html.as_bytes())), whole, "{html}");
    }
}

/// Chrome long enough to be remembered, around the page's own text.
fn page(header: &str, main: &str, footer: &str) -> String {
    let nav =
        "<li><a href=\"../situations/sit-00001.html\">在留カードの更新（第1）</a></li>\n".repeat(4);
    format!(
        "<!DOCTYPE html><html><head><title>t</title></head><body><header>{header}<nav><ul>{nav}</ul></nav></header>\
         <main id=\"main\">{main}</main><footer class=\"site-footer\">{footer}{nav}</footer></body></html>"
    )
}

#[test]
fn signs_at_every_boundary_are_found_as_in_the_whole_page() {
    // Each sign, and each half of one on either side of a cut: an address's `@` and its
    // `(at)` forms, an unshown element opened in the chrome and closed in the page's text,
    // number words counted across pieces, `zero` before digits past a tag.
    let signs = [
        ("", "help@evil.example", ""),
        ("help", "@evil.example", ""),
        ("help(at", ")evil.example", ""),
        ("help（ａｔ", "）evil.example", ""),
        ("help&lt;at", "&gt;evil.example", ""),
        ("<span hidden>", "0120</span>-444-4444", ""),
        ("<dialog>", "x</dialog>", ""),
        ("", "<template>0120</template>", ""),
        ("one", "two", ""),
        ("one two", "", ""),
        ("", "one", "two"),
        ("zero", "120-444-4444", ""),
        ("", "zero<b></b>120-444-4444", ""),
        ("ゼロイチ", "ニーゼロ", ""),
        ("", "ゼロ", ""),
        ("0120", "-444-4444", "\u{200b}"),
        ("", "", "<p>mail us: help@evil.example</p>"),
    ];
    for (header, main, footer) in signs {
        assert_adds_up(&page(header, main, footer));
        assert_adds_up(&format!("{header}<main>{main}</main>{footer}"));
    }
}

#[test]
fn the_memo_answers_only_for_the_same_bytes() {
    let memo = ChromeMemo::default();
    let clean = page("", "text", "");
    for _ in 0..3 {
        assert_eq!(verdict(memo.quick(clean.as_bytes())), (false, false, false));
    }
    // The footer again, one byte changed (same length): read, not remembered.
    let changed = clean.replacen("sit-00001", "sit@00001", 1);
    assert_eq!(changed.len(), clean.len());
    assert!(memo.quick(changed.as_bytes()).address);
    let hidden = clean.replacen("<ul>", "<ul hidden>", 1);
    assert!(memo.quick(hidden.as_bytes()).hides);
    // What was found in the chrome is remembered as found.
    let dirty = page("", "text", "help@evil.example");
    for _ in 0..3 {
        assert!(memo.quick(dirty.as_bytes()).address);
    }
}

/// Fragments that make or break each check's signs, and the landmark tags the memo cuts at.
const FRAGMENTS: [&str; 30] = [
    "<",
    "<b>",
    "</b>",
    "<main>",
    "</nav>",
    "<footer>",
    "<title>",
    "at",
    "a",
    "t",
    ")",
    "(",
    "@",
    "&gt;",
    "&#64;",
    "ａｔ",
    "）",
    " ",
    ",",
    "one",
    "two",
    "zero",
    "1",
    "ゼロ",
    "イチ",
    "hidden",
    "<span hidden>",
    "desc",
    "\u{200b}",
    "%40",
];

proptest! {
    #[test]
    fn pieces_add_up_to_the_whole(parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)) {
        let html: String = parts.iter().map(|&k| FRAGMENTS[k]).collect();
        let whole = verdict(Quick::of(html.as_bytes()));
        prop_assert_eq!(verdict(by_every_cut(html.as_bytes())), whole);
        let memo = ChromeMemo::default();
        let long = page(&html, &html, &html);
        let whole = verdict(Quick::of(long.as_bytes()));
        for _ in 0..3 {
            prop_assert_eq!(verdict(memo.quick(long.as_bytes())), whole);
        }
    }
}
