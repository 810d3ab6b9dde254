//! E-mail addresses: how a channel's `email` must be written, and how an address is found in
//! text a reader sees (where a fake support address is as dangerous as a fake number).

use std::ops::Range;

/// Why `written` is not a plain address `local@domain`, or its canonical form (lower case).
/// The domain is ASCII (an internationalised domain in its `xn--` form), so what is printed,
/// linked (`mailto:`) and compared is one form.
pub fn parse(written: &str) -> Result<String, &'static str> {
    if written.len() > 254 {
        return Err("longer than an address can be");
    }
    if written.trim() != written || written.chars().any(char::is_whitespace) {
        return Err("spaces in an address");
    }
    if written.to_ascii_lowercase().starts_with("mailto:") {
        return Err("write the address alone, without `mailto:`");
    }
    let Some((local, domain)) = written.split_once('@') else {
        return Err("no `@`");
    };
    if local.is_empty() || !local.bytes().all(is_local_byte) {
        return Err("the part before `@` is not a plain mailbox name");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("a dot at the start or end of the mailbox name, or two in a row");
    }
    if !is_domain(domain) {
        return Err("the part after `@` is not a domain name (ASCII, `xn--` for other scripts)");
    }
    Ok(written.to_ascii_lowercase())
}

/// The domain of a canonical address.
pub fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// Characters of a mailbox name (RFC 5322 `atext` and `.`), ASCII only.
fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b)
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// Every address a reader could write to in `text` (already in the reader's form: NFKC, so
/// `＠` is `@`), lower case, with its span. An `@` needs a mailbox name before it, so a
/// sender's domain shown alone (`@example.co.jp`, as guides teach readers to check senders)
/// is not an address. The mailbox name is read back to a character no one writes in one (`/`,
/// `=`, `?`, `&`: an address inside a URL's path or query is read from there; quotes, braces
/// and `|` around it, as in Markdown's `` `@example.co.jp` ``). The domain runs over ASCII letters, digits, `-` and `.`; letters of
/// other scripts glued to it (`help@example.co.jpまで`) end it, unless a `.` follows them
/// (`help@example.co.jp楽天.jp` is a domain of its own, and read whole).
pub fn addresses_in(text: &str) -> Vec<(String, Range<usize>)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = (0..at)
            .rev()
            .take_while(|&i| is_local_byte(b[i]) && !b"/=?&'`{|}".contains(&b[i]))
            .last()
            .unwrap_or(at);
        // A mailbox name does not start with a dot: `…。.help@x` reads `help@x`.
        let start = (start..at).find(|&i| b[i] != b'.').unwrap_or(at);
        // With no ASCII before the `@`, letters of another script are a mailbox name (an
        // internationalised address, `詐欺@evil.example`).
        let start = if start == at {
            other_script_start(text, at)
        } else {
            start
        };
        if start == at {
            continue;
        }
        if let Some(end) = domain_literal_end(text, at + 1) {
            found.push((text[start..end].to_lowercase(), start..end));
            continue;
        }
        let end = domain_end(text, at + 1);
        let domain = text[at + 1..end].trim_end_matches(['.', '-']);
        let end = at + 1 + domain.len();
        if domain.contains('.') && !domain.starts_with(['.', '-']) {
            found.push((text[start..end].to_lowercase(), start..end));
        }
    }
    found
}

/// Where the letters and digits of other scripts just before `at` start (or `at`). Hiragana
/// just before the `@` are the particles of a sentence (`として@secure-rakuten.co.jp`, a
/// sender's domain shown alone), not a mailbox: only kanji, katakana and other letters are.
fn other_script_start(text: &str, at: usize) -> usize {
    let hiragana = |c: char| ('\u{3041}'..='\u{309f}').contains(&c);
    if text[..at].chars().next_back().is_some_and(hiragana) {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_ascii() && c.is_alphanumeric())
        .last()
        .map_or(at, |(i, _)| i)
}

/// Where an address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`) starting at `from` ends.
fn domain_literal_end(text: &str, from: usize) -> Option<usize> {
    let inside = text[from..].strip_prefix('[')?;
    let close = inside.find(']')?;
    let literal = &inside[..close];
    let plain = literal
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b':'));
    (plain && literal.bytes().any(|b| b.is_ascii_digit())).then_some(from + close + 2)
}

/// Where the domain starting at `from` ends: a run of ASCII domain characters and letters of
/// other scripts. Read whole where a dot follows the first letter of another script (an
/// internationalised domain, or a homograph: `help@еvil.example` with a Cyrillic `е`);
/// otherwise it ends at that letter (`help@example.co.jpまで`).
fn domain_end(text: &str, from: usize) -> usize {
    let run_end = text[from..]
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_ascii_alphanumeric()
                || c == '-'
                || c == '.'
                || (!c.is_ascii() && c.is_alphanumeric()))
        })
        .map_or(text.len(), |(i, _)| from + i);
    let run = &text[from..run_end];
    match run.char_indices().find(|(_, c)| !c.is_ascii()) {
        Some((i, _)) if !run[i..].contains('.') => from + i,
        _ => run_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_a_plain_address() {
        assert_eq!(parse("Help@Rakuten.co.jp").unwrap(), "help@rakuten.co.jp");
        assert!(parse("help@xn--eckwd4c7c.jp").is_ok());
        for bad in [
            "mailto:help@rakuten.co.jp",
            "help at rakuten.co.jp",
            "help@",
            "@rakuten.co.jp",
            "help@rakuten",
            "help@rakuten..co.jp",
            "help@楽天.jp",
            "he lp@rakuten.co.jp",
            "help@-rakuten.co.jp",
            ".help@rakuten.co.jp",
            "help@rakuten.co.jp?subject=x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    fn found(text: &str) -> Vec<String> {
        addresses_in(text).into_iter().map(|(a, _)| a).collect()
    }

    #[test]
    fn addresses_are_found_where_a_reader_sees_them() {
        assert_eq!(
            found("連絡はhelp@Evil.example.comまで"),
            ["help@evil.example.com"]
        );
        assert_eq!(found("(support@evil.jp)."), ["support@evil.jp"]);
        assert_eq!(found("a@b.jp, c@d.jp"), ["a@b.jp", "c@d.jp"]);
        assert_eq!(
            found("help@rakuten.co.jp楽天.jp"),
            ["help@rakuten.co.jp楽天.jp"]
        );
    }

    #[test]
    fn a_senders_domain_alone_is_not_an_address() {
        assert!(found("送信元 `@rakuten.co.jp`、@00.rakuten.co.jp").is_empty());
        assert!(found("として@secure-rakuten.co.jp").is_empty());
        assert_eq!(found("詐欺@evil.example"), ["詐欺@evil.example"]);
        assert_eq!(found("サポート@evil.example"), ["サポート@evil.example"]);
        assert!(found("user@localhost or x@y").is_empty());
    }
}
