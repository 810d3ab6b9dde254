//! The typed guide: what `load` produces and every later stage reads. Spans point back into the files.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A value with the byte span it came from. Spans are relative to the whole file
/// (front matter offsets are shifted by the loader).
pub type Text = Spanned<String>;

/// Byte range of a spanned value, shifted by `base` (where its YAML started in the file).
pub fn span_of<T>(value: &Spanned<T>, base: usize) -> Range<usize> {
    let span = value.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize + base;
    let len = span.byte_len().unwrap_or(0) as usize;
    start..start + len.max(1)
}

/// `content/guide.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub lang: Text,
    #[serde(default)]
    pub max_source_age_days: Option<Spanned<u32>>,
    pub official_domains: Vec<Text>,
    /// Raw HTML in Markdown is escaped unless the guide opts in.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// The few rules a reader should remember; shown on the home page and the cheat sheet.
    #[serde(default)]
    pub rules: Vec<Text>,
    /// The channel kinds compared (phone, chat, …): what each suits, merits and cautions.
    #[serde(default)]
    pub channel_kinds: Vec<KindNote>,
    pub channels: Vec<Channel>,
    pub situations: Vec<Situation>,
}

pub const DEFAULT_MAX_SOURCE_AGE_DAYS: u32 = 365;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindNote {
    pub kind: Spanned<ChannelKind>,
    pub label: Text,
    pub suits: Text,
    pub merits: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Phone,
    Chat,
    Form,
    Message,
    Email,
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: Text,
    pub name: Text,
    pub kind: Spanned<ChannelKind>,
    pub owner: Text,
    pub how: Text,
    #[serde(default)]
    pub hours: Option<Text>,
    #[serde(default)]
    pub phone: Option<Text>,
    /// The official entry point (printed as a QR code on the cheat sheet).
    #[serde(default)]
    pub url: Option<Text>,
    pub source: Source,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: Text,
    pub title: Text,
    pub checked: Text,
}

/// Something that happened to the reader, and which windows to contact for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    pub id: Text,
    pub title: Text,
    pub summary: Text,
    /// What to do first when money or personal data is involved (the home-page flow).
    #[serde(default)]
    pub urgent: Option<Text>,
    #[serde(default)]
    pub first: Vec<Text>,
    #[serde(default)]
    pub also: Vec<Text>,
    #[serde(default)]
    pub steps: Vec<Text>,
    #[serde(default)]
    pub avoid: Option<Text>,
    /// Path of an article under `content/articles/`, without `.md`.
    #[serde(default)]
    pub article: Option<Text>,
}

/// YAML front matter of an article.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Text,
    #[serde(default)]
    pub situation: Option<Text>,
    #[serde(default)]
    pub order: Option<i64>,
}

/// A Markdown article under `content/articles/`.
#[derive(Debug)]
pub struct Article {
    /// Path relative to `content/articles/`, `/`-separated, without `.md` (e.g. `help/faq`).
    pub slug: String,
    /// Path shown in diagnostics (e.g. `content/articles/help/faq.md`).
    pub file: PathBuf,
    pub front: FrontMatter,
    /// Byte offset of the front matter's YAML in the file (spans in `front` are relative to it).
    pub front_base: usize,
    pub body: String,
    /// Byte offset of `body` in the file.
    pub body_base: usize,
}

/// Everything loaded from a guide folder. Not changed after loading: the lookup maps are
/// built once by [`Site::new`], so a guide of 10,000 articles is not scanned per link.
#[derive(Debug)]
pub struct Site {
    pub guide: Guide,
    pub guide_file: PathBuf,
    pub articles: Vec<Article>,
    index: Index,
}

/// Positions in `Site`'s lists, by id. Where ids repeat (a check error), the first one wins,
/// as a linear search would find it.
#[derive(Debug, Default)]
struct Index {
    article_by_slug: HashMap<String, usize>,
    situation_by_id: HashMap<String, usize>,
    /// Slug → the first situation whose `article` names it.
    situation_showing: HashMap<String, usize>,
}

impl Index {
    fn new(guide: &Guide, articles: &[Article]) -> Self {
        let mut index = Index::default();
        for (i, a) in articles.iter().enumerate() {
            index.article_by_slug.entry(a.slug.clone()).or_insert(i);
        }
        for (i, s) in guide.situations.iter().enumerate() {
            index.situation_by_id.entry(s.id.value.clone()).or_insert(i);
            if let Some(article) = &s.article {
                index
                    .situation_showing
                    .entry(article.value.clone())
                    .or_insert(i);
            }
        }
        index
    }
}

impl Guide {
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id.value == id)
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
        for kind in &self.channel_kinds {
            fields.extend([&kind.label, &kind.suits, &kind.merits]);
        }
        for c in &self.channels {
            fields.extend([&c.id, &c.name, &c.owner, &c.how, &c.source.title]);
            fields.extend(c.hours.iter().chain(c.phone.iter()));
        }
        for s in &self.situations {
            fields.extend([&s.id, &s.title, &s.summary]);
            fields.extend(s.urgent.iter().chain(s.avoid.iter()));
            fields.extend(s.steps.iter());
        }
        fields
    }
}

impl Site {
    pub fn new(guide: Guide, guide_file: PathBuf, articles: Vec<Article>) -> Self {
        let index = Index::new(&guide, &articles);
        Site {
            guide,
            guide_file,
            articles,
            index,
        }
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.index
            .article_by_slug
            .get(slug)
            .map(|&i| &self.articles[i])
    }

    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.index
            .situation_by_id
            .get(id)
            .map(|&i| &self.guide.situations[i])
    }

    /// The situation whose page shows this article, if any (from either side of the link).
    pub fn situation_of<'a>(&'a self, article: &'a Article) -> Option<&'a str> {
        if let Some(s) = &article.front.situation {
            return Some(&s.value);
        }
        self.index
            .situation_showing
            .get(&article.slug)
            .map(|&i| self.guide.situations[i].id.value.as_str())
    }
}
