//! Links that dial: the number a `tel:` (`sms:`, `callto:`, …) URL dials.

use super::normalise;
use super::normalise::canonical_of;

/// The number a `tel:` (`sms:`, `callto:`, …) URL dials, in canonical form.
pub(super) fn dialled_by_link(url: &str) -> Option<String> {
    // URL parsers drop tabs and line breaks anywhere, and C0 controls and spaces at the ends.
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = url.find(':')?;
    let scheme = url[..colon].to_ascii_lowercase();
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

/// `%XX` escapes decoded as a browser decodes them (an escape that is not one is kept).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
