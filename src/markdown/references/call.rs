//! Reading one `{{ name(key="value", …) }}` call from a line of an article's text: the
//! shortcode grammar, with what was expected where a call goes wrong.

use std::ops::Range;

use super::split::TextMap;
use super::{Call, Word};

/// A call as read from a run's text: ranges are in that text.
pub(super) struct ReadCall {
    pub(super) name: Range<usize>,
    pub(super) args: Vec<(Range<usize>, Range<usize>)>,
}

impl ReadCall {
    pub(super) fn in_body(&self, map: &TextMap) -> Call {
        let word = |range: &Range<usize>| Word {
            text: map.text[range.clone()].to_owned(),
            span: map.span(range.clone()),
        };
        Call {
            name: word(&self.name),
            args: self.args.iter().map(|(k, v)| (word(k), word(v))).collect(),
        }
    }
}

pub(super) enum Read {
    /// `{{` not followed by `name(`: text like any other.
    NotACall,
    /// A call, ending where the text's `}}` ends.
    Call(usize, ReadCall),
    /// What was expected, and the text found in its place.
    Malformed(&'static str, Range<usize>),
}

/// What to write instead of a Hugo shortcode of ours.
pub(super) const NOT_HUGO: &str = "`{{ window(id=\"…\") }}` or `{{ situation(id=\"…\") }}` (`{{< … >}}` and `{{% … %}}` are Hugo's shortcodes)";

/// What to write where `{{` starts no reference: in prose it would be published as typed
/// (`{{ page.title }}`, `{{　window(…) }}` with a full-width space, `{{{ … }}}`).
pub(super) const NOT_A_REFERENCE: &str = "`{{ window(id=\"…\") }}` or `{{ situation(id=\"…\") }}` (`{{` starts a reference here; to show it as it is, put it in `code`)";

/// What to write instead of a reference as a link's address.
pub(super) const NOT_AN_ADDRESS: &str = "the reference alone, not as a link's address: `{{ window(id=\"…\", field=\"url\") }}` and `field=\"phone\"` write their link themselves";

/// What to write instead of a reference in the text of a link out of the guide.
pub const NOT_LINK_TEXT: &str = "the reference outside this link, or the link to a page of this guide (`@/…`): the window's name or number in a link's text would lead wherever the link goes, not to the window (`{{ window(id=\"…\") }}`, `field=\"url\"` and `field=\"phone\"` write their own link)";

/// What to write instead of braces with invisible characters between them, which show as
/// `{{` and start no reference.
pub(super) const NOT_HIDDEN_BRACES: &str = "`{{ window(id=\"…\") }}` or `{{ situation(id=\"…\") }}` with nothing between the braces (an invisible character parts these, so they start no reference and would be published as typed)";

/// What to write instead of full-width braces, which look like a reference and are none.
const NOT_FULL_WIDTH: &str = "`{{ window(id=\"…\") }}` or `{{ situation(id=\"…\") }}` with ASCII braces (`｛｛` starts no reference; to show it as it is, put it in `code`)";

/// What to write instead of Zola's block form of a shortcode of ours.
const NOT_ZOLA_BLOCK: &str = "`{{ window(id=\"…\") }}` or `{{ situation(id=\"…\") }}` (`{% … %}` is Zola's shortcode with a body; ours have none)";

/// Full-width braces, as a Japanese input method types them.
pub(super) const FULL_WIDTH_BRACES: &str = "｛｛";

/// Where a Hugo shortcode of one of ours starts in `text`, right after its `{{` at `after`
/// (`{{< window id="…" >}}`, `{{% situation … %}}`): the `<` or `%`. A Hugo user's habit,
/// which would otherwise be published as text.
pub(super) fn hugo_shortcode(text: &str, after: usize) -> Option<Range<usize>> {
    let rest = text.get(after..)?.strip_prefix(['<', '%'])?;
    let mut cursor = Cursor {
        text,
        at: text.len() - rest.len(),
    };
    cursor.spaces();
    let word = cursor.word();
    names_ours(&text[word]).then_some(after..after + 1)
}

/// Whether a shortcode's name is one of ours, in any case (Hugo reads names in any case).
fn names_ours(name: &str) -> bool {
    name.eq_ignore_ascii_case("window") || name.eq_ignore_ascii_case("situation")
}

/// Reads `{{ name(key="value", …) }}` from `text` at `at` (where `{{` or `{%` stands).
pub(super) fn read_call(text: &str, at: usize) -> Read {
    if text[at..].starts_with(FULL_WIDTH_BRACES) {
        return Read::Malformed(NOT_FULL_WIDTH, at..at + FULL_WIDTH_BRACES.len());
    }
    // Braces parted by an invisible character are read (and reported) by the caller.
    if !text[at..].starts_with("{{") && !text[at..].starts_with("{%") {
        return Read::NotACall;
    }
    let mut cursor = Cursor { text, at: at + 2 };
    cursor.spaces();
    if text[at..].starts_with("{%") {
        // Zola's `{% window(…) %}…{% end %}` or `{% end %}`: a Zola user's habit, published as
        // text before. `{%` before anything but a name stays text (`{%}`).
        return match cursor.word().is_empty() {
            false => Read::Malformed(NOT_ZOLA_BLOCK, at..at + 2),
            true => Read::NotACall,
        };
    }
    if let Some(problem) = hugo_shortcode(text, cursor.at) {
        return Read::Malformed(NOT_HUGO, problem);
    }
    let name = cursor.word();
    cursor.spaces();
    if name.is_empty() || !cursor.eat("(") {
        return Read::NotACall;
    }
    let mut args = Vec::new();
    loop {
        cursor.spaces();
        if cursor.eat(")") {
            break;
        }
        let key = cursor.word();
        if key.is_empty() {
            return cursor.expected("an argument such as `id=\"…\"`");
        }
        cursor.spaces();
        if !cursor.eat("=") {
            return cursor.expected("`=` after the argument's name");
        }
        cursor.spaces();
        let Some(value) = cursor.quoted() else {
            if cursor.rest().starts_with(['"', '\'']) {
                return cursor.expected("the value's closing quote on the same line");
            }
            return cursor.expected("a value in quotes, such as `\"shop-message\"`");
        };
        args.push((key, value));
        cursor.spaces();
        if cursor.eat(")") {
            break;
        }
        if !cursor.eat(",") {
            return cursor.expected("`,` or `)` after the value");
        }
    }
    cursor.spaces();
    if !cursor.eat("}}") {
        return cursor.expected("`}}` to end the reference on this line");
    }
    Read::Call(cursor.at, ReadCall { name, args })
}

struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    /// `[A-Za-z_][A-Za-z0-9_-]*`, possibly empty.
    fn word(&mut self) -> Range<usize> {
        let start = self.at;
        let rest = self.rest();
        let starts = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if starts {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            self.at += len;
        }
        start..self.at
    }

    /// The inside of `"…"` or `'…'`.
    fn quoted(&mut self) -> Option<Range<usize>> {
        let quote = self
            .rest()
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))?;
        let start = self.at + 1;
        let len = self.text[start..].find(quote)?;
        self.at = start + len + 1;
        Some(start..start + len)
    }

    /// What was expected here, pointing at the character found instead (or the end).
    fn expected(&self, what: &'static str) -> Read {
        let problem = match self.rest().chars().next() {
            Some(c) => self.at..self.at + c.len_utf8(),
            // At the end of the line: the last character.
            None => {
                let last = self.text[..self.at]
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8);
                self.at - last..self.at
            }
        };
        Read::Malformed(what, problem)
    }
}
