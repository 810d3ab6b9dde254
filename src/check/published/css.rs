//! What a stylesheet puts on a page: the strings of its `content:` declarations (CSS escapes
//! such as `\30 ` decoded), which a reader sees as text, and the attributes whose values its
//! `attr()` shows. Read from a theme's stylesheets, from `<style>` elements and from `style=""`
//! attributes (raw HTML), so that text a style adds is checked like any text.

/// The text a stylesheet adds, and the attributes it shows.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CssShown {
    /// The strings of every `content:` value, a space between each two.
    pub text: String,
    /// The attribute names in `attr()` (lower case), as written.
    pub attributes: Vec<String>,
}

/// What the stylesheet (or a `style=""` attribute's declarations) `css` shows.
pub fn shown_by_css(css: &str) -> CssShown {
    let chars: Vec<char> = css.chars().collect();
    let mut shown = CssShown::default();
    let mut i = 0;
    // Whether a property name may start here: after `{`, `;` or the start.
    let mut at_declaration = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i = comment_end(&chars, i);
            continue;
        }
        if c == '"' || c == '\'' {
            i = string(&chars, i, &mut String::new());
            at_declaration = false;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if matches!(c, '{' | ';' | '}') {
            at_declaration = true;
            i += 1;
            continue;
        }
        if at_declaration && is_ident_start(c) {
            let (name, after) = ident(&chars, i);
            i = after;
            at_declaration = false;
            let colon = skip_blank(&chars, i);
            if name.eq_ignore_ascii_case("content") && chars.get(colon) == Some(&':') {
                i = content_value(&chars, colon + 1, &mut shown);
            }
            continue;
        }
        at_declaration = false;
        i += 1;
    }
    shown
}

/// Reads a `content:` value from `i` up to its `;` or `}`; returns where it ended.
fn content_value(chars: &[char], mut i: usize, shown: &mut CssShown) -> usize {
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, ';' | '}') {
            return i;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i = comment_end(chars, i);
        } else if c == '"' || c == '\'' {
            let mut text = String::new();
            i = string(chars, i, &mut text);
            if !shown.text.is_empty() {
                shown.text.push(' ');
            }
            shown.text.push_str(&text);
        } else if is_ident_start(c) {
            let (name, after) = ident(chars, i);
            i = after;
            if name.eq_ignore_ascii_case("attr") && chars.get(i) == Some(&'(') {
                let start = skip_blank(chars, i + 1);
                let (attribute, after) = ident(chars, start);
                i = after;
                if !attribute.is_empty() {
                    shown.attributes.push(attribute.to_ascii_lowercase());
                }
            }
        } else {
            i += 1;
        }
    }
    i
}

/// A quoted string from its quote at `i`, decoded into `out`; returns just after it.
fn string(chars: &[char], i: usize, out: &mut String) -> usize {
    let quote = chars[i];
    let mut k = i + 1;
    while k < chars.len() {
        match chars[k] {
            c if c == quote => return k + 1,
            '\\' => k = escape(chars, k, out),
            // An unescaped line break ends a string (a bad string, dropped by the browser).
            '\n' => return k,
            c => {
                out.push(c);
                k += 1;
            }
        }
    }
    k
}

/// An escape from its `\` at `k` (one to six hex digits and one white space after them, a
/// line break that continues a string, or any other character as itself), decoded into `out`;
/// returns just after it.
fn escape(chars: &[char], k: usize, out: &mut String) -> usize {
    let Some(&next) = chars.get(k + 1) else {
        return k + 1;
    };
    if next == '\n' {
        return k + 2;
    }
    if !next.is_ascii_hexdigit() {
        out.push(next);
        return k + 2;
    }
    let mut end = k + 1;
    while end < chars.len() && end < k + 7 && chars[end].is_ascii_hexdigit() {
        end += 1;
    }
    let hex: String = chars[k + 1..end].iter().collect();
    let code = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
    out.push(match char::from_u32(code) {
        Some('\0') | None => '\u{fffd}',
        Some(c) => c,
    });
    if chars.get(end).is_some_and(|c| c.is_whitespace()) {
        end += 1;
    }
    end
}

/// An identifier from `i` (escapes decoded: `c\6fntent` is `content`); returns it and where it
/// ended.
fn ident(chars: &[char], mut i: usize) -> (String, usize) {
    let mut name = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i = escape(chars, i, &mut name);
        } else if c.is_alphanumeric() || matches!(c, '-' | '_') || !c.is_ascii() {
            name.push(c);
            i += 1;
        } else {
            break;
        }
    }
    (name, i)
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '-' | '_' | '\\') || !c.is_ascii()
}

fn skip_blank(chars: &[char], mut i: usize) -> usize {
    loop {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if chars.get(i) == Some(&'/') && chars.get(i + 1) == Some(&'*') {
            i = comment_end(chars, i);
        } else {
            return i;
        }
    }
}

fn comment_end(chars: &[char], i: usize) -> usize {
    (i + 2..chars.len().saturating_sub(1))
        .find(|&k| chars[k] == '*' && chars[k + 1] == '/')
        .map_or(chars.len(), |k| k + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_of_content_are_read_with_their_escapes() {
        let css = r##"a::after { content: " (" "0120-444-4444" ")"; color: red }
            .x::before{CONTENT:'\30 120\2d 444\00002d4444'}
            .y::before { c\6fntent: "#9111" }
            .z::before { --content: "no"; content /* c */ : "yes" }"##;
        let shown = shown_by_css(css);
        assert_eq!(shown.text, " ( 0120-444-4444 ) 0120-444-4444 #9111 yes");
    }

    #[test]
    fn attr_names_are_kept_and_other_text_is_not_read() {
        let shown = shown_by_css(
            "a::after { content: attr( HREF ) \" \" attr(data-tel) } .q { quotes: \"0120\" \"4444\" } /* content: \"1\" */",
        );
        assert_eq!(shown.attributes, ["href", "data-tel"]);
        assert_eq!(shown.text, " ");
    }

    #[test]
    fn inline_declarations_are_read() {
        assert_eq!(shown_by_css("content: '0120'; color: red").text, "0120");
    }
}
