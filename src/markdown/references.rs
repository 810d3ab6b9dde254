//! References from an article to the data, in the shortcode form Zola users know:
//! `{{ window(id="shop-message") }}`, `{{ window(id="consumer-hotline", field="phone") }}`,
//! `{{ situation(id="card") }}`. Found in the text of a parse (never in code), and resolved
//! against the site by the check (which reports what does not resolve) and the render (which
//! writes what does) alike.

use std::ops::Range;

use pulldown_cmark::Event;

use crate::model::{Channel, Site, Situation};

mod call;
mod split;
pub use call::NOT_LINK_TEXT;
pub use split::{looks_like_reference, split, windows_named_in};

/// A `{{ … }}` in an article's text, as written.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The whole `{{ … }}` in the body.
    pub span: Range<usize>,
    pub call: Result<Call, Malformed>,
}

/// A reference that reads as a call: `name(key="value", …)`.
#[derive(Debug, Clone)]
pub struct Call {
    pub name: Word,
    pub args: Vec<(Word, Word)>,
}

/// A name or a value in a reference, and where it is in the body.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
}

/// A `{{ name(` that does not go on as a reference does: what was expected, and where.
#[derive(Debug, Clone)]
pub struct Malformed {
    pub expected: &'static str,
    pub span: Range<usize>,
}

/// The shortcodes there are.
pub const SHORTCODES: [&str; 2] = ["window", "situation"];

/// One field of a window that a reference can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Owner,
    How,
    Hours,
    OnHand,
    Phone,
    Url,
    Email,
    Checked,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Name,
        Field::Owner,
        Field::How,
        Field::Hours,
        Field::OnHand,
        Field::Phone,
        Field::Url,
        Field::Email,
        Field::Checked,
    ];

    /// Its name in `field="…"` (the key in `guide.yaml`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Owner => "owner",
            Field::How => "how",
            Field::Hours => "hours",
            Field::OnHand => "on_hand",
            Field::Phone => "phone",
            Field::Url => "url",
            Field::Email => "email",
            Field::Checked => "checked",
        }
    }

    fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The field's value in `channel`, if the channel has it (`checked` is its source's date).
    pub fn of(self, channel: &Channel) -> Option<&str> {
        fn optional(text: &Option<crate::model::Text>) -> Option<&str> {
            text.as_ref().map(|t| t.value.as_str())
        }
        match self {
            Field::Name => Some(&channel.name.value),
            Field::Owner => Some(&channel.owner.value),
            Field::How => Some(&channel.how.value),
            Field::Hours => optional(&channel.hours),
            Field::OnHand => optional(&channel.on_hand),
            Field::Phone => optional(&channel.phone),
            Field::Url => optional(&channel.url),
            Field::Email => optional(&channel.email),
            Field::Checked => Some(&channel.source.checked.value),
        }
    }
}

/// What a reference stands for in the site.
#[derive(Debug, Clone, Copy)]
pub enum Target<'s> {
    /// A window: its name linked to its details (`field: None`), or one field.
    Window {
        channel: &'s Channel,
        field: Option<Field>,
    },
    /// A situation: its title, linked to its page.
    Situation(&'s Situation),
}

impl<'s> Target<'s> {
    /// Whether it prints a window's phone number.
    pub fn prints_a_number(&self) -> bool {
        matches!(
            self,
            Target::Window {
                field: Some(Field::Phone),
                ..
            }
        )
    }

    /// The text it prints: the window's name or field, the situation's title.
    pub fn text(&self) -> &'s str {
        match *self {
            Target::Window {
                channel,
                field: None,
            } => &channel.name.value,
            Target::Window {
                channel,
                field: Some(field),
            } => field.of(channel).unwrap_or_default(),
            Target::Situation(situation) => &situation.title.value,
        }
    }
}

/// Why a reference does not resolve; each names the span to point at.
#[derive(Debug, Clone)]
pub enum Unresolved<'r> {
    Malformed(&'r Malformed),
    UnknownShortcode(&'r Word),
    /// An argument the shortcode does not take (`field` on a situation, a misspelt key).
    UnknownArgument {
        shortcode: &'r str,
        key: &'r Word,
    },
    RepeatedArgument(&'r Word),
    MissingId(&'r Word),
    UnknownWindow(&'r Word),
    UnknownSituation(&'r Word),
    UnknownField(&'r Word),
    /// A field the window does not have (`phone` of a window with no `phone`).
    MissingField {
        channel: String,
        field: &'r Word,
    },
}

impl Reference {
    /// What the reference stands for in `site`, or why it stands for nothing.
    pub fn resolve<'s>(&self, site: &'s Site) -> Result<Target<'s>, Unresolved<'_>> {
        let call = self.call.as_ref().map_err(Unresolved::Malformed)?;
        let shortcode = call.name.text.as_str();
        let allowed: &[&str] = match shortcode {
            "window" => &["id", "field"],
            "situation" => &["id"],
            _ => return Err(Unresolved::UnknownShortcode(&call.name)),
        };
        let (mut id, mut field) = (None, None);
        for (key, value) in &call.args {
            let slot = match key.text.as_str() {
                k if !allowed.contains(&k) => {
                    return Err(Unresolved::UnknownArgument { shortcode, key })
                }
                "id" => &mut id,
                _ => &mut field,
            };
            if slot.replace(value).is_some() {
                return Err(Unresolved::RepeatedArgument(key));
            }
        }
        let id = id.ok_or(Unresolved::MissingId(&call.name))?;
        if shortcode == "situation" {
            return site
                .situation(&id.text)
                .map(Target::Situation)
                .ok_or(Unresolved::UnknownSituation(id));
        }
        let channel = site
            .channel(&id.text)
            .ok_or(Unresolved::UnknownWindow(id))?;
        let field = match field {
            None => None,
            Some(word) => {
                let field = Field::named(&word.text).ok_or(Unresolved::UnknownField(word))?;
                if field.of(channel).is_none() {
                    return Err(Unresolved::MissingField {
                        channel: channel.id.value.clone(),
                        field: word,
                    });
                }
                Some(field)
            }
        };
        Ok(Target::Window { channel, field })
    }

    /// What the reference names (`window` or `situation`, and the id), if it reads as one:
    /// what its output depends on besides the reference itself.
    pub fn names(&self) -> Option<Named> {
        let call = self.call.as_ref().ok()?;
        let id = call.args.iter().find(|(k, _)| k.text == "id")?;
        let id = id.1.text.clone();
        match call.name.text.as_str() {
            "window" => Some(Named::Window(id)),
            "situation" => Some(Named::Situation(id)),
            _ => None,
        }
    }
}

/// A window or a situation, by id, as a reference names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Named {
    Window(String),
    Situation(String),
}

/// An item of a parsed body: an event of pulldown-cmark's, or a reference (by its index in
/// [`super::Parsed`]'s list) in the text, where its output goes.
#[derive(Debug)]
pub enum Piece<'a> {
    Event(Event<'a>),
    Reference(usize),
}

#[cfg(test)]
mod tests;
