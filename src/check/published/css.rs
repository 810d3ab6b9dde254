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
    /// Declarations that show digits the checks cannot read, or in another order than they
    /// are written (`counter()`, `direction: rtl`, `flex-direction: row-reverse`, …), as
    /// written: a stylesheet may not hold them.
    pub unreadable: Vec<String>,
}

/// Properties whose strings a reader sees: generated text, quotation marks, list markers, and
/// the symbols of a `@counter-style`.
const SHOWN_STRINGS: [&str; 10] = [
    "content",
    "quotes",
    "list-style-type",
    "list-style",
    "symbols",
    "additive-symbols",
    "prefix",
    "suffix",
    "pad",
    "negative",
];

/// Whether a property's (lower-case) value shows text in another order than it is written.
type ReordersWhen = fn(&str) -> bool;

/// Properties that can show text in another order than it is written, each with whether its
/// (lower-case) value does: right-to-left or overridden direction, boxes laid out in reverse or
/// out of order. (A selector such as `h1:hover` also reads as a name and a colon: only these
/// names are taken as declarations.)
const ORDERING: [(&str, ReordersWhen); 6] = [
    ("direction", |v| v.contains("rtl")),
    ("unicode-bidi", |v| {
        ["bidi-override", "isolate-override", "plaintext"]
            .iter()
            .any(|o| v.contains(o))
    }),
    ("flex-direction", |v| v.contains("reverse")),
    ("flex-flow", |v| v.contains("reverse")),
    ("flex-wrap", |v| v.contains("reverse")),
    ("order", |v| {
        !matches!(v.trim(), "0" | "initial" | "unset" | "inherit")
    }),
];

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
        if c == '@' {
            let (rule, after) = ident(&chars, i + 1);
            if rule.eq_ignore_ascii_case("counter-style") {
                // Its symbols are read below, but the numbers it draws with them are not.
                shown.unreadable.push("@counter-style".to_owned());
            }
            i = after.max(i + 1);
            continue;
        }
        if at_declaration && is_ident_start(c) {
            let (name, after) = ident(&chars, i);
            i = after;
            at_declaration = false;
            let colon = skip_blank(&chars, i);
            if chars.get(colon) != Some(&':') {
                continue;
            }
            if SHOWN_STRINGS.iter().any(|p| name.eq_ignore_ascii_case(p)) {
                i = content_value(&chars, colon + 1, &mut shown);
            } else if let Some((_, reorders)) =
                (ORDERING.iter()).find(|(p, _)| name.eq_ignore_ascii_case(p))
            {
                let end = (colon + 1..chars.len())
                    .find(|&k| matches!(chars[k], ';' | '}'))
                    .unwrap_or(chars.len());
                let value: String = chars[colon + 1..end].iter().collect();
                if reorders(&value.to_ascii_lowercase()) {
                    shown
                        .unreadable
                        .push(format!("{name}:{value}").trim().to_owned());
                }
                i = end;
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
            let is_counter =
                name.eq_ignore_ascii_case("counter") || name.eq_ignore_ascii_case("counters");
            if is_counter && chars.get(i) == Some(&'(') {
                // A counter shows digits set anywhere (`counter-reset: a 120`), which no
                // check reads.
                shown.unreadable.push(format!("{name}()"));
            }
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
    fn attr_names_are_kept_and_comments_are_not_read() {
        let shown = shown_by_css(
            "a::after { content: attr( HREF ) \" \" attr(data-tel) } .q { quotes: \"0120\" \"4444\" } /* content: \"1\" */ .r { font-family: \"5555\" }",
        );
        assert_eq!(shown.attributes, ["href", "data-tel"]);
        // `quotes:` strings are shown by `open-quote`; a font's name is not shown.
        assert_eq!(shown.text, "  0120 4444");
    }

    #[test]
    fn strings_a_reader_sees_are_read_and_what_reorders_or_counts_is_noted() {
        let shown = shown_by_css(
            "h1{quotes:\"0120\" \"\"} li{list-style-type:\"444 \"} @counter-style x{symbols:\"4\"}",
        );
        assert_eq!(shown.text, "0120  444  4");
        assert_eq!(shown.unreadable, ["@counter-style"]);
        let shown = shown_by_css(
            "h1::after{content:\"0\" counter(a)} p{direction:rtl;unicode-bidi:bidi-override} \
             .f{display:flex;flex-direction:row-reverse} .g{order:2} .h{order:0;direction:ltr}",
        );
        assert_eq!(
            shown.unreadable,
            [
                "counter()",
                "direction:rtl",
                "unicode-bidi:bidi-override",
                "flex-direction:row-reverse",
                "order:2"
            ]
        );
        // The built-in stylesheets use none of them.
        for css in [
            include_str!("../../../themes/default/static/style.css"),
            include_str!("../../../themes/default/static/cheatsheet.css"),
        ] {
            assert!(
                shown_by_css(css).unreadable.is_empty(),
                "{:?}",
                shown_by_css(css).unreadable
            );
        }
    }

    #[test]
    fn inline_declarations_are_read() {
        assert_eq!(shown_by_css("content: '0120'; color: red").text, "0120");
    }
}
