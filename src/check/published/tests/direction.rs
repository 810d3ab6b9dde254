//! Digits whose order a reader may see changed: bidi controls, `<bdo>`, `<bdi>`, `dir="rtl"`
//! and `dir="auto"`, and right-to-left letters beside digit groups. Rather than emulate the
//! bidi algorithm, the scan reports the digits (and a control with none near it).

use super::*;

/// Each case: a page, and the digits reported as they are written.
macro_rules! reversed {
    ($($(#[$doc:meta])* $name:ident: $html:expr => [$($want:expr),*];)*) => {$(
        $(#[$doc])*
        #[test]
        fn $name() {
            let want: Vec<String> = vec![$($want.to_string()),*];
            assert_eq!(directions($html), want, "in {:?}", $html);
        }
    )*};
}

reversed! {
    /// Arabic-Indic digits, even with no right-to-left letters: to the bidi algorithm they are
    /// "Arabic numbers", whose groups show in reverse order among neutrals in a left-to-right
    /// paragraph too (`٠١٢٠-٤٤٤-٤٤٤٤` shows as `٤٤٤٤-٤٤٤-٠١٢٠`; seventh break-it round).
    arabic_indic_digits: "<p>٠١٢٠-٤٤٤-٤٤٤٤</p>" => ["01204444444"];
    arabic_indic_group_after_digits: "<p>444-4444 ٠١٢٠</p>" => ["44444440120"];
    /// A right-to-left override: the groups written reversed show as 0120-444-4444.
    override_around_reversed_groups: "<p>\u{202e}4444-444-0210\u{202c}</p>" => ["44444440210"];
    /// A right-to-left embedding.
    embedding: "<p>\u{202b}0120-444-4444\u{202c}</p>" => ["01204444444"];
    /// Isolates: right-to-left and first-strong.
    isolates: "<p>\u{2067}4444-444-0210\u{2069} \u{2068}0120\u{2069}</p>" => ["444444402100120"];
    /// Right-to-left and Arabic letter marks, typed and as references.
    marks: "<p>0120\u{200f}-444&rlm;-4444 \u{61c}03</p>" => ["0120444444403"];
    /// A control before a word: it reorders the rest of its paragraph.
    control_before_words: "<p>\u{202e}お問い合わせ 4444-444-0210</p>" => ["44444440210"];
    /// A control with no digits near it is reported too.
    control_alone: "<p>お問い合わせ\u{202e}窓口</p>" => [""];
    /// `<bdo dir="rtl">`.
    bdo_element: r#"<p><bdo dir="rtl">4444-444-0210</bdo></p>"# => ["44444440210"];
    /// `<bdi>`, whose direction is its first strong character's.
    bdi_element: "<p><bdi>4444 444 0210</bdi></p>" => ["44444440210"];
    /// `dir="rtl"` on any element, in any case, unquoted, with elements of its name inside.
    dir_rtl: "<div DIR=RTL><div>x</div><span>4444-444-0210</span></div>" => ["44444440210"];
    /// `dir="auto"`.
    dir_auto: r#"<p dir="auto">שלום 4444</p>"# => ["4444", "4444"];
    /// Hebrew words around reversed groups.
    hebrew_words: "<p>שלום 4444 444 0210 שלום</p>" => ["44444440210"];
    /// Arabic words and Extended Arabic-Indic digits.
    arabic_words: "<p>اتصل ۴۴۴۴ ۴۴۴ ۰۲۱۰</p>" => ["44444440210"];
    /// In an attribute a screen reader reads.
    in_an_attribute: "<img alt=\"\u{202e}4444-444-0210\" src=x>" => ["44444440210"];
}

reversed! {
    /// Left-to-right elements.
    not_left_to_right: r#"<p dir="ltr">0120-444-4444</p><p dir="rtl">お問い合わせ</p>"# => [];
}

#[test]
fn reversed_digits_are_reported_even_when_the_number_is_vetted() {
    for html in [
        "<p>\u{202e}03-3446-0999\u{202c}</p>",
        "<p><bdo dir=rtl>03-3446-0999</bdo></p>",
    ] {
        let found = unvetted_numbers(html.as_bytes(), &vetted());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].why, Why::Direction);
        assert_eq!(found[0].canonical, "0334460999");
    }
}

#[test]
fn digits_in_the_text_of_an_inline_svg_are_reported_even_when_vetted() {
    // Placed by coordinates, the groups show in another order than written (issue 13, third
    // break-it round): refused as in an SVG image.
    for (html, digits) in [
        (
            r#"<svg viewBox="0 0 200 20"><text><tspan x="120">4444</tspan><tspan x="0">0120-444-</tspan></text></svg>"#,
            "44440120444",
        ),
        (
            r#"<SVG><text x="9">03-3446-0999</text></SVG>"#,
            "0334460999",
        ),
    ] {
        let found: Vec<_> = unvetted_numbers(html.as_bytes(), &vetted())
            .into_iter()
            .filter(|n| n.why == Why::Placed)
            .collect();
        assert_eq!(found.len(), 1, "{html}: {found:#?}");
        assert_eq!(found[0].canonical, digits);
    }
    // An SVG drawn without text (a QR code's paths) is not reported.
    let qr =
        r#"<svg viewBox="0 0 41 41"><rect width="41" height="41"/><path d="M4,4h7v1h-7z"/></svg>"#;
    assert!(unvetted_numbers(qr.as_bytes(), &nobody()).is_empty());
}
