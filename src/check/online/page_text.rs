//! A fetched page's text as a reader sees it, for `check --online`'s title test: tags and
//! their attributes (so `<meta content>`) dropped, comments, scripts, styles and templates
//! skipped, character references decoded. The `<title>` counts: the browser shows it.

/// The page's bytes as text, in the charset its `Content-Type` header names, else the one a
/// `<meta charset>` (or `http-equiv` content) names near its top, else UTF-8; as a browser
/// would, so a Shift_JIS page's title reads as its title and not as mojibake.
pub fn decode(body: &[u8], content_type: Option<&str>) -> String {
    let label = |text: &str| -> Option<&'static encoding_rs::Encoding> {
        let lower = text.to_ascii_lowercase();
        let at = lower.find("charset=")? + "charset=".len();
        let name: String = lower[at..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        encoding_rs::Encoding::for_label(name.as_bytes())
    };
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]);
    let encoding = (content_type.and_then(label))
        .or_else(|| label(&head))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(body);
    text.into_owned()
}

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
    fn a_page_is_read_in_its_own_charset() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<title>国民生活センター 相談</title>");
        assert!(decode(&sjis, Some("text/html; charset=Shift_JIS")).contains("国民生活センター"));
        let mut with_meta = b"<meta charset=\"shift_jis\">".to_vec();
        with_meta.extend_from_slice(&sjis);
        assert!(decode(&with_meta, Some("text/html")).contains("国民生活センター"));
        assert!(decode("相談".as_bytes(), None).contains("相談"));
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
