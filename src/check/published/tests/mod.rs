//! The scan's tests: the catalogue of hostile forms and where each is found, what is not
//! reported, cross-checks with html5gum's tokenizer, and the throughput by hand.

use super::*;

fn nobody() -> VettedNumbers {
    VettedNumbers::default()
}

/// The canonical numbers found on a page where nothing is vetted (digits reported for the
/// direction they may show in aside: see [`directions`]).
fn numbers(html: &str) -> Vec<String> {
    unvetted_numbers(html.as_bytes(), &nobody())
        .into_iter()
        .filter(|n| n.why == Why::Unvetted)
        .map(|n| n.canonical)
        .collect()
}

/// The digits reported because they may show in another order, on a page where nothing is
/// vetted.
fn directions(html: &str) -> Vec<String> {
    unvetted_numbers(html.as_bytes(), &nobody())
        .into_iter()
        .filter(|n| n.why == Why::Direction)
        .map(|n| n.canonical)
        .collect()
}

fn places(html: &str) -> Vec<(String, Place)> {
    unvetted_numbers(html.as_bytes(), &nobody())
        .into_iter()
        .filter(|n| n.why == Why::Unvetted)
        .map(|n| (n.canonical, n.place))
        .collect()
}

/// The numbers vetted in these tests: a landline, the consumer hotline, a short code and an
/// IP phone number.
fn vetted() -> VettedNumbers {
    VettedNumbers::new(
        ["0334460999", "188", "#9110", "05058384333"]
            .into_iter()
            .map(String::from),
    )
}

/// Each case: a page (or part of one) an attacker wrote, and exactly what must be found.
macro_rules! finds {
    ($($(#[$doc:meta])* $name:ident: $html:expr => [$($want:expr),*];)*) => {$(
        $(#[$doc])*
        #[test]
        fn $name() {
            let want: Vec<String> = vec![$($want.to_string()),*];
            assert_eq!(numbers($html), want, "in {:?}", $html);
        }
    )*};
}

mod bytes;
mod cross_checks;
mod direction;
mod hostile;
mod not_reported;
mod throughput;
