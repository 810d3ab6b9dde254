//! The typed guide: what `load` produces and every later stage reads. Spans point back into the files.

pub mod history;
mod site;
mod spanned;

#[cfg(test)]
pub(crate) use site::slug_digest;
pub use site::Site;
pub use spanned::Spanned;

use std::ops::Range;
use std::path::Path;

use schemars::JsonSchema;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A value with the byte span it came from. Spans are relative to the whole file
/// (front matter offsets are shifted by the loader).
pub type Text = Spanned<String>;

/// Byte range of a spanned value, shifted by `base` (where its YAML started in the file).
pub fn span_of<T>(value: &Spanned<T>, base: usize) -> Range<usize> {
    let (start, len) = value.byte_span();
    let start = start + base;
    start..start + len.max(1)
}

/// `content/guide.yaml`: the situations a reader may be in and the official contact channels for each.
/// Edit it by hand; `madoguchi check` explains every problem.
// `Spanned` values are described by the type they hold (`#[schemars(with = …)]`), so
// `madoguchi schema` is generated from these very types and cannot drift from the loader.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "madoguchi guide.yaml")]
pub struct Guide {
    /// The guide's title, shown on every page and on the cheat sheet.
    #[schemars(with = "String")]
    pub title: Text,
    /// One or two sentences under the title on the home page (and the page description).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// Language of the guide as a BCP 47 tag (`ja`, `en`), for `<html lang>`.
    #[schemars(with = "String")]
    pub lang: Text,
    /// Public address the site is published at (`https://example.org/guide/`). When set, pages
    /// get canonical links and the build writes `sitemap.xml`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Text>,
    /// Sources checked longer ago than this many days are a warning (an error under `--strict`); default 365.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub max_source_age_days: Option<Spanned<u32>>,
    /// Registrable domains whose pages count as official (`rakuten.co.jp`); their subdomains count too.
    /// A public suffix such as `co.jp` is refused.
    #[schemars(with = "Vec<String>")]
    pub official_domains: Vec<Text>,
    /// Ports other than https's own (443) that official URLs may name (`[8443]`); none by default.
    #[serde(default)]
    #[schemars(with = "Vec<u16>")]
    pub allow_ports: Vec<Spanned<u16>>,
    /// Labels to print instead of the theme's (`steps: Procedure`): any label of the built-in
    /// sets, by name. A `lang` with no built-in set needs them all, here or in the theme.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub labels: LabelMap,
    /// The theme the site is built with: a folder under `themes/` (`mine` is
    /// `themes/mine/`). The `--theme` option overrides it; the built-in theme if neither.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub theme: Option<Text>,
    /// Raw HTML in Markdown is escaped unless the guide opts in.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// The few rules a reader should remember; shown on the home page and the cheat sheet.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub rules: Vec<Text>,
    /// The channel kinds compared (phone, chat, …): what each suits, merits and cautions.
    #[serde(default)]
    pub channel_kinds: Vec<KindNote>,
    /// Whose windows they are (a public body, the organisation's own, a third party), with
    /// the titles the home page and the cheat sheet list each group's windows under. A
    /// channel names its group in `group`.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The situations the one-page cheat sheet lists, by id, in the order it lists them
    /// (`[card, account]`); a situation not named is left off the sheet (its page and the home
    /// page still show it). Every situation, in the order of `situations`, if not given.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub sheet: Option<Spanned<Vec<Text>>>,
    /// The contact windows, each citing the official page that documents it.
    pub channels: Vec<Channel>,
    /// What can happen to a reader, and which channels to contact for it.
    pub situations: Vec<Situation>,
}

pub const DEFAULT_MAX_SOURCE_AGE_DAYS: u32 = 365;

/// Labels as written in a file or under `labels:`: each key and text with its place, in the
/// order written.
#[derive(Debug, Clone, Default)]
pub struct LabelMap(pub Vec<(Text, Text)>);

impl<'de> Deserialize<'de> for LabelMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(LabelMapVisitor)
    }
}

struct LabelMapVisitor;

impl<'de> Visitor<'de> for LabelMapVisitor {
    type Value = LabelMap;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map of label names to texts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelMap, A::Error> {
        let mut labels = Vec::new();
        while let Some(entry) = map.next_entry::<Text, Text>()? {
            labels.push(entry);
        }
        Ok(LabelMap(labels))
    }
}

/// The id of the group of channels that name none. A guide may declare it to give it its own
/// titles; otherwise the labels `other_windows` and `other_numbers` title it.
pub const OTHER_GROUP: &str = "other";

/// A group of windows: whose they are, as the home page and the cheat sheet list them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique id (`[a-z0-9-]+`) that channels name in `group`. Channels that name no group are
    /// in the group `other`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Text,
    /// The heading of the group's windows on the home page (`公的な相談窓口`).
    #[schemars(with = "String")]
    pub title: Text,
    /// The heading of the group's phone numbers on the cheat sheet; `title` if not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub sheet_title: Option<Text>,
}

/// How one kind of channel compares with the others, for the home page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindNote {
    /// The kind this note describes.
    #[schemars(with = "ChannelKind")]
    pub kind: Spanned<ChannelKind>,
    /// Its name for readers (`電話`).
    #[schemars(with = "String")]
    pub label: Text,
    /// When this kind of channel suits a reader.
    #[schemars(with = "String")]
    pub suits: Text,
    /// Its strengths and cautions.
    #[schemars(with = "String")]
    pub merits: Text,
}

/// How a channel is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// A phone number.
    Phone,
    /// A chat window.
    Chat,
    /// A web form.
    Form,
    /// A message thread (e.g. from the order history).
    Message,
    /// An e-mail address.
    Email,
    /// A web page (FAQ, help centre).
    Web,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Phone => "phone",
            ChannelKind::Chat => "chat",
            ChannelKind::Form => "form",
            ChannelKind::Message => "message",
            ChannelKind::Email => "email",
            ChannelKind::Web => "web",
        }
    }
}

/// A contact window: who answers, how to reach it safely, and the official page that says so.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Unique id (`[a-z0-9-]+`) that situations use in `first` and `also`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Text,
    /// The channel's name as readers see it.
    #[schemars(with = "String")]
    pub name: Text,
    /// How the name is read, in hiragana or katakana (らくてんかーど): where the keyword index
    /// (索引) sorts it. The name itself where not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reading: Option<Text>,
    /// How it is reached.
    #[schemars(with = "ChannelKind")]
    pub kind: Spanned<ChannelKind>,
    /// The id of its group in `groups` (`public`); `other` if not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group: Option<Text>,
    /// Who answers.
    #[schemars(with = "String")]
    pub owner: Text,
    /// How to reach it safely, step by step.
    #[schemars(with = "String")]
    pub how: Text,
    /// Opening hours, if the source gives them.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub hours: Option<Text>,
    /// Phone number, only where the official source shows it. Every number in the guide's
    /// text must equal the `phone` of a channel with an official source.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phone: Option<Text>,
    /// The official entry point (printed as a QR code on the cheat sheet).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Text>,
    /// E-mail address (`help@example.co.jp`), only where the official source shows it; its
    /// domain must be an official domain. Required for `kind: email`. Every address a page
    /// shows must be the `email` of a channel with an official source.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Text>,
    /// Where the reader finds the way in on something they already hold, for a window whose
    /// number is not the guide's to print: 「カード裏面の電話番号」. Shown where a phone
    /// number or a QR code would be.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub on_hand: Option<Text>,
    /// The official page that documents this channel (required).
    pub source: Source,
}

/// The official page a channel is taken from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// `https://` address on one of the `official_domains` (or a subdomain of one).
    #[schemars(with = "String")]
    pub url: Text,
    /// The page's title, as cited on the sources page.
    #[schemars(with = "String")]
    pub title: Text,
    /// The day the page was last checked, `YYYY-MM-DD`; not in the future.
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub checked: Text,
}

/// Something that happened to the reader, and which windows to contact for it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// Unique id (`[a-z0-9-]+`); the page is `situations/ID.html`.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Text,
    /// The situation in the reader's words.
    #[schemars(with = "String")]
    pub title: Text,
    /// How the title is read, in hiragana or katakana: where the keyword index (索引) sorts
    /// it. The title itself where not given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reading: Option<Text>,
    /// One or two sentences on what this situation covers.
    #[schemars(with = "String")]
    pub summary: Text,
    /// What to do first when money or personal data is involved (the home-page flow).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub urgent: Option<Text>,
    /// Ids of the primary channels (at least one).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub first: Vec<Text>,
    /// Ids of secondary channels.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub also: Vec<Text>,
    /// What to do, in order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub steps: Vec<Text>,
    /// The common mistake to avoid.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub avoid: Option<Text>,
    /// Path of an article under `content/articles/`, without `.md`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub article: Option<Text>,
}

/// YAML front matter of an article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Text,
    #[serde(default)]
    pub situation: Option<Text>,
    #[serde(default)]
    pub order: Option<i64>,
    /// The page's meta description (search results, link previews), as in Zola and Hugo.
    #[serde(default)]
    pub description: Option<Text>,
    /// Left out of the build unless `--drafts`, as in Zola and Hugo.
    #[serde(default)]
    pub draft: Option<Spanned<bool>>,
    /// Old paths of the page (`articles/old-name.html`, `old/faq/`): each gets a small page that
    /// sends the reader on to this one, so old links keep working, as in Zola and Hugo.
    #[serde(default)]
    pub aliases: Vec<Text>,
}

/// A Markdown article under `content/articles/`.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to `content/articles/`, `/`-separated, without `.md` (e.g. `help/faq`).
    pub slug: String,
    /// Path shown in diagnostics (e.g. `content/articles/help/faq.md`): one copy, shared with
    /// the diagnostics' record of the files whose text they read again.
    pub file: std::sync::Arc<Path>,
    pub front: FrontMatter,
    /// Byte offset of the front matter's YAML in the file (spans in `front` are relative to it).
    pub front_base: usize,
    /// The whole file, shared with the diagnostics: held until its page has rendered where the
    /// load's budget allowed, else read again when asked for.
    pub text: std::sync::Arc<crate::file_text::FileText>,
    /// Byte offset of the body (after the front matter) in the file.
    pub body_base: usize,
}

impl Article {
    /// `draft: true` in its front matter.
    pub fn is_draft(&self) -> bool {
        self.front.draft.as_ref().is_some_and(|d| d.value)
    }

    /// A hash of its text as loaded: what `serve` compares to tell an edited article from one
    /// it knows.
    pub fn digest(&self) -> u64 {
        self.text.digest()
    }

    /// The Markdown after the front matter; `None` when the file changed or went since it
    /// loaded (and its text was not held).
    pub fn body(&self) -> Option<crate::file_text::Body> {
        let text = self.text.get(&self.file)?;
        Some(crate::file_text::Body::new(text, self.body_base))
    }
}

impl Guide {
    /// The guide with no list holding room for more than it has. A list read from YAML grows
    /// by doubling as its items come: at 10,000 situations and 5,000 windows, the room left
    /// over was about 7 MB, held through the whole build.
    pub fn without_spare_room(mut self) -> Self {
        self.channels.shrink_to_fit();
        self.situations.shrink_to_fit();
        for situation in &mut self.situations {
            situation.first.shrink_to_fit();
            situation.also.shrink_to_fit();
            situation.steps.shrink_to_fit();
        }
        self
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id.value == id)
    }

    /// The id of the group `channel` belongs to.
    pub fn group_of<'a>(&self, channel: &'a Channel) -> &'a str {
        channel
            .group
            .as_ref()
            .map_or(OTHER_GROUP, |g| g.value.as_str())
    }

    /// The situations the cheat sheet lists, in its order: those `sheet` names (ids that name
    /// no situation are a check error, and skipped), else every situation.
    pub fn sheet_situations(&self) -> Vec<&Situation> {
        match &self.sheet {
            Some(ids) => (ids.value.iter())
                .filter_map(|id| self.situations.iter().find(|s| s.id.value == id.value))
                .collect(),
            None => self.situations.iter().collect(),
        }
    }

    pub fn max_source_age_days(&self) -> u32 {
        self.max_source_age_days
            .as_ref()
            .map_or(DEFAULT_MAX_SOURCE_AGE_DAYS, |d| d.value)
    }

    /// Every free-text field a reader sees, for checks that scan prose (phone numbers).
    pub fn text_fields(&self) -> Vec<&Text> {
        let mut fields: Vec<&Text> = vec![&self.title, &self.lang];
        fields.extend(self.description.iter());
        fields.extend(self.rules.iter());
        fields.extend(self.labels.0.iter().map(|(_, text)| text));
        for kind in &self.channel_kinds {
            fields.extend([&kind.label, &kind.suits, &kind.merits]);
        }
        for group in &self.groups {
            fields.extend([&group.id, &group.title]);
            fields.extend(group.sheet_title.iter());
        }
        for c in &self.channels {
            fields.extend([&c.id, &c.name, &c.owner, &c.how, &c.source.title]);
            fields.extend(c.hours.iter().chain(c.phone.iter()).chain(c.on_hand.iter()));
            fields.extend(c.email.iter());
            fields.extend(c.group.iter());
        }
        for s in &self.situations {
            fields.extend([&s.id, &s.title, &s.summary]);
            fields.extend(s.urgent.iter().chain(s.avoid.iter()));
            fields.extend(s.steps.iter());
        }
        fields
    }
}
