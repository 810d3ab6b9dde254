//! A fetched page's text as a reader sees it, for `check --online`'s title test: tags and
//! their attributes (so `<meta content>`) dropped, comments, scripts, styles and templates
//! skipped, character references decoded. The `<title>` counts: the browser shows it.

/// The visible text of `html`, each tag read as a space.
pub fn visible_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut text = String::with_capacity(html.len() / 2);
    let mut i = 0;
    while i < html.len() {
        let Some(next) = html[i..].find(['<', '&']).map(|at| i + at) else {
            text.push_str(&html[i..]);
            break;
        };
        text.push_str(&html[i..next]);
        i = if html.as_bytes()[next] == b'&' {
            decode_reference(html, next, &mut text)
        } else {
            text.push(' ');
            after_markup(html, &lower, next)
        };
    }
    text
}

/// Where the markup starting at `at` (a `<`) ends: past a comment, a whole script, style or
/// template element, or one tag (a `>` inside a quoted attribute value does not end it).
fn after_markup(html: &str, lower: &str, at: usize) -> usize {
    let rest = &lower[at..];
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(html.len(), |end| at + end + 3);
    }
    for name in ["script", "style", "template"] {
        let opens = rest[1..].starts_with(name)
            && !rest[1 + name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric());
        if opens {
            let close = format!("</{name}");
            return match rest.find(&close) {
                Some(end) => lower[at + end..]
                    .find('>')
                    .map_or(html.len(), |gt| at + end + gt + 1),
                None => html.len(),
            };
        }
    }
    let mut quote = None;
    for (offset, c) in html[at..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return at + offset + 1,
            _ => {}
        }
    }
    html.len()
}

/// Decodes the character reference at `at` (a `&`) into `text`; returns where reading goes on.
/// An unknown or unfinished reference is kept as written.
fn decode_reference(html: &str, at: usize, text: &mut String) -> usize {
    let rest = &html[at + 1..];
    let end = rest
        .char_indices()
        .take(12)
        .find(|(_, c)| *c == ';')
        .map(|(i, _)| i);
    let decoded = end.and_then(|end| {
        let name = &rest[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)?
            }
        };
        Some((c, end))
    });
    match decoded {
        Some((c, end)) => {
            text.push(c);
            at + 1 + end + 1
        }
        None => {
            text.push('&');
            at + 1
        }
    }
}

/// Whether `title` shows in `visible` (folded alike, `crate::fold`): whole, or each of its
/// parts, since a site often prints `FAQ：質問` as `質問 | FAQ`.
pub fn shows_title(visible: &str, title: &str) -> bool {
    let page = crate::fold::folded_string(visible);
    let whole = crate::fold::folded_string(title);
    if whole.is_empty() || page.contains(&whole) {
        return true;
    }
    let separators = |c: char| c.is_whitespace() || ":：|｜/／-–—".contains(c);
    let parts: Vec<String> = (title.split(separators))
        .map(crate::fold::folded_string)
        .filter(|part| part.chars().count() >= 2)
        .collect();
    !parts.is_empty() && parts.iter().all(|part| page.contains(part.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_reader_sees_is_text() {
        let html =
            "<head><title>相談&amp;窓口</title><meta name=\"description\" content=\"隠れた題\">\
                    <script>var t = \"隠れた題\";</script><style>p{}</style></head>\
                    <!-- 隠れた題 --><p title=\"a > b\">見える&#x6587;&#23383;</p>";
        let text = visible_text(html);
        assert!(text.contains("相談&窓口"), "{text}");
        assert!(text.contains("見える文字"), "{text}");
        assert!(!text.contains("隠れた題"), "{text}");
        assert!(!text.contains("a > b"), "{text}");
    }

    #[test]
    fn a_title_shows_whole_or_by_its_parts() {
        assert!(shows_title(
            "返金をかたる電話への注意 | 楽天市場FAQ",
            "楽天市場FAQ：返金をかたる電話への注意"
        ));
        assert!(shows_title("消費者 ホットライン", "消費者ホットライン"));
        assert!(!shows_title(
            "楽天市場 トップ",
            "楽天市場FAQ：返金をかたる電話への注意"
        ));
        assert!(!shows_title("", "Help"));
    }
}
