//! Links that dial: the number a `tel:` (`sms:`, `callto:`, …) URL dials.

use super::normalise;
use super::normalise::canonical_of;

/// The number a `tel:` (`sms:`, `callto:`, …) URL dials, in canonical form.
pub(super) fn dialled_by_link(url: &str) -> Option<String> {
    // Most text is no link that dials: told from its first few characters, not a copy of it.
    if !may_dial(url) {
        return None;
    }
    dialled(url)
}

fn dialled(url: &str) -> Option<String> {
    // URL parsers drop tabs and line breaks anywhere, and C0 controls and spaces at the ends.
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = url.find(':')?;
    let scheme = url[..colon].to_ascii_lowercase();
    // The first seven of `DIALLING_SCHEMES` take only numbers.
    let numbers_only = match scheme.as_str() {
        "tel" | "sms" | "smsto" | "mms" | "mmsto" | "callto" | "wtai" => true,
        "facetime" | "facetime-audio" | "skype" | "sip" | "sips" => false,
        _ => return None,
    };
    let mut rest = url[colon + 1..].trim_start_matches('/');
    if scheme == "wtai" {
        // wtai://wp/mc;NUMBER (make call), wtai://wp/ap;NUMBER;NAME (add to the phone book).
        rest = rest.split(';').nth(1)?;
    }
    let decoded = normalise(&percent_decode(rest)).text;
    let number = decoded
        .split([',', ';', '?', '@', 'p', 'P', 'w', 'W'])
        .next()
        .unwrap_or("");
    if !numbers_only
        && !number
            .trim_start()
            .starts_with(|c: char| c == '+' || c.is_ascii_digit())
    {
        return None;
    }
    let canonical = canonical_of(number);
    canonical
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then_some(canonical)
}

/// Whether `url` starts with a scheme that may dial (`tel:`, `SMS:`, `facetime-audio:` …), read
/// as below: tabs and line breaks dropped, C0 controls and spaces before it passed over.
fn may_dial(url: &str) -> bool {
    let mut scheme = String::new();
    let read = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for c in read.skip_while(|&c| c <= ' ') {
        if c == ':' {
            return DIALLING_SCHEMES.contains(&scheme.as_str());
        }
        // Every scheme that dials is ASCII letters and `-`, at most 14 of them.
        if !(c.is_ascii_alphabetic() || c == '-') || scheme.len() == 14 {
            return false;
        }
        scheme.push(c.to_ascii_lowercase());
    }
    false
}

const DIALLING_SCHEMES: [&str; 12] = [
    "tel",
    "sms",
    "smsto",
    "mms",
    "mmsto",
    "callto",
    "wtai",
    "facetime",
    "facetime-audio",
    "skype",
    "sip",
    "sips",
];

/// `%XX` escapes decoded as a browser decodes them (an escape that is not one is kept).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_that_dials_is_told_from_the_first_characters_in_any_form() {
        for url in [
            "tel:0120-444-4444",
            "TEL:0120",
            " \u{1}tel:0120",
            "t\tel:0120",
            "te\nl:0120",
            "facetime-audio:+81312345678",
            "wtai://wp/mc;0120",
        ] {
            assert!(may_dial(url), "{url:?}");
            assert!(dialled_by_link(url).is_some(), "{url:?}");
        }
        for text in [
            "在留カードの更新 421",
            "https://example.com/tel:0120",
            "teltel:0120",
            "x tel:0120",
            "facetime-audiox:0120",
            "tél:0120",
            "tel",
            "",
        ] {
            assert!(!may_dial(text), "{text:?}");
            assert!(dialled_by_link(text).is_none(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// What the first characters pass over dials nothing once read whole.
        #[test]
        fn what_the_scheme_passes_over_dials_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "tel", "TeL", "sms", "to", "facetime", "-audio", "wtai", "://wp/mc;", ":", " ",
                "\t", "\n", "\u{1}", "0120", "+81", "x", "é", "/", ";", "sip", "s",
            ]), 0..8),
        ) {
            let url: String = pieces.concat();
            if !may_dial(&url) {
                proptest::prop_assert!(dialled(&url).is_none(), "{:?}", url);
            }
        }
    }
}
