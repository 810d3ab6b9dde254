//! Views: what templates see. Borrowed views over the model, built once per build and shared
//! by every page rendered in parallel (pages never clone the model).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::*;
use crate::links::Page;
use crate::load::labels::{LabelSets, Labels};
use crate::markdown::{Parsed, RenderContext};
use crate::model::{Article, Channel, Site, Situation, OTHER_GROUP};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) lang: &'a str,
    pub(super) rules: Vec<&'a str>,
    pub(super) nav: Vec<NavItem<'a>>,
    /// More situations than the header lists.
    pub(super) nav_more: bool,
    /// Oldest and newest `checked` dates over all sources.
    pub(super) checked_oldest: &'a str,
    pub(super) checked_newest: &'a str,
}

#[derive(Serialize, Clone)]
pub(super) struct NavItem<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
}

#[derive(Serialize, Clone)]
pub(super) struct ChannelView<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) kind: &'a str,
    pub(super) owner: &'a str,
    pub(super) how: &'a str,
    pub(super) hours: Option<&'a str>,
    pub(super) phone: Option<&'a str>,
    pub(super) url: Option<&'a str>,
    /// Its vetted e-mail address, written as a `mailto:` link.
    pub(super) email: Option<&'a str>,
    /// Where the reader finds the way in on something they hold (`on_hand`).
    pub(super) on_hand: Option<&'a str>,
    /// `url` as an inline SVG QR code, for channels that are some situation's first window. A
    /// window without a `url` gets none: its source page documents it, but is no way in. A
    /// Tera value (a string), so that each page's context shares its text.
    pub(super) qr: Option<&'a tera::Value>,
    pub(super) source: SourceView<'a>,
}

#[derive(Serialize, Clone)]
pub(super) struct SourceView<'a> {
    pub(super) url: &'a str,
    pub(super) title: &'a str,
    pub(super) checked: &'a str,
}

#[derive(Serialize)]
pub(super) struct SituationView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) urgent: Option<&'a str>,
    pub(super) first: Vec<ChannelView<'a>>,
    pub(super) also: Vec<ChannelView<'a>>,
    pub(super) steps: Vec<&'a str>,
    pub(super) avoid: Option<&'a str>,
    pub(super) href: String,
    /// Its section's id on the print page.
    pub(super) anchor: String,
}

#[derive(Serialize)]
pub(super) struct KindView<'a> {
    pub(super) kind: &'a str,
    pub(super) label: &'a str,
    pub(super) suits: &'a str,
    pub(super) merits: &'a str,
    pub(super) channels: Vec<NavItem<'a>>,
}

#[derive(Serialize)]
pub(super) struct ArticleView<'a> {
    pub(super) title: &'a str,
    pub(super) html: String,
    pub(super) href: String,
    /// Its section's id on the print page.
    pub(super) anchor: String,
}

/// A situation as the overviews list it (the home page's flow and map, the print page's
/// contents and map): its windows by name only, as its own page and chapter show the rest.
/// So an edit to a window's details leaves the overviews as they were.
#[derive(Serialize)]
pub(super) struct SituationSummary<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) urgent: Option<&'a str>,
    pub(super) href: String,
    pub(super) anchor: String,
    pub(super) first: Names<'a>,
    pub(super) also: Names<'a>,
}

/// A situation's windows by name: as views (what fingerprints read), or as the Tera values of
/// `SiteViews::channel_names`, one per window however many situations name it (a context
/// serialized with them shares each window's map instead of making one per situation).
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Names<'a> {
    Views(Vec<ChannelName<'a>>),
    Shared(Vec<tera::Value>),
}

#[derive(Serialize)]
pub(super) struct ChannelName<'a> {
    pub(super) name: &'a str,
    /// Shown beside the name, so an overview never names a window without its way in: its
    /// vetted number, or else where the reader finds the way in on something they hold.
    pub(super) phone: Option<&'a str>,
    pub(super) on_hand: Option<&'a str>,
}

/// A group of windows as the home page and the cheat sheet list it, in the order `groups`
/// declares them (the group `other`, when undeclared, last).
#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) sheet_title: &'a str,
    /// Its windows with a phone number, listed by number.
    pub(super) numbers: Vec<ChannelView<'a>>,
    /// Its windows no situation names, shown in full on the home page: no other page does.
    pub(super) unlisted: Vec<ChannelView<'a>>,
}

#[derive(Serialize)]
pub(super) struct SourceGroup<'a> {
    pub(super) url: &'a str,
    pub(super) title: &'a str,
    pub(super) checked: &'a str,
    pub(super) channels: Vec<&'a str>,
}

/// A list serialized item by item as it is made: the views of a big guide's 15,000
/// situations never wait in memory beside the Tera values made from them.
pub(super) struct Each<I>(pub(super) I);

impl<I: Iterator<Item: Serialize> + Clone> Serialize for Each<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

/// The parts of the model every page shares, built once per build and read by every page
/// in parallel (pages never clone the model).
pub(super) struct SiteViews<'a> {
    pub(super) site: &'a Site,
    /// `SiteView` as a Tera value: Tera values share their data, so each page's copy is cheap.
    pub(super) view: tera::Value,
    /// The same, as a view to fingerprint (a Tera value's maps may list keys in any order).
    pub(super) site_view: SiteView<'a>,
    /// `overview_digest`, once computed.
    pub(super) overview: std::sync::OnceLock<u64>,
    pub(super) channels: BTreeMap<&'a str, ChannelView<'a>>,
    /// The labels in the guide's language, as templates get them (`labels`), and as they are
    /// fingerprinted.
    pub(super) labels_value: tera::Value,
    pub(super) labels: Labels,
    /// The public address from `base_url`, for canonical links and the sitemap.
    pub(super) base: Option<url::Url>,
    /// The 更新履歴 page's public address and its QR code, for the cheat sheet's edition.
    pub(super) history_qr: Option<&'a (String, String)>,
    /// Situation id → the article its page shows.
    pub(super) article_on: HashMap<&'a str, &'a Article>,
    /// Where each article's parse comes from, and where every page goes as it is written.
    pub(super) hooks: &'a dyn RenderHooks,
    /// Whether each page's `RenderedPage::named` is wanted (by `serve`'s memo).
    pub(super) remember_named: bool,
    /// Where a big page goes on while it renders (`page_bytes`): the staging folder.
    pub(super) scratch: Option<&'a std::path::Path>,
}

/// How many situations the header lists on every page; a bigger guide links its home page's
/// full list instead, so each page stays small whatever the size of the guide.
pub(super) const NAV_LIMIT: usize = 12;

impl<'a> SiteViews<'a> {
    pub(super) fn new(
        site: &'a Site,
        label_sets: &LabelSets,
        qr_codes: &'a super::qr::QrCodes<'a>,
        hooks: &'a dyn RenderHooks,
    ) -> Self {
        let guide = &site.guide;
        let dates = guide
            .channels
            .iter()
            .map(|c| c.source.checked.value.as_str());
        let view = SiteView {
            title: &guide.title.value,
            description: guide.description.as_ref().map(|d| d.value.as_str()),
            lang: &guide.lang.value,
            rules: guide.rules.iter().map(|r| r.value.as_str()).collect(),
            nav: nav(guide),
            nav_more: guide.situations.len() > NAV_LIMIT,
            checked_oldest: dates.clone().min().unwrap_or(""),
            checked_newest: dates.max().unwrap_or(""),
        };
        let channels = guide
            .channels
            .iter()
            .map(|c| {
                let qr = qr_codes.windows.get(c.id.value.as_str());
                (c.id.value.as_str(), channel_view(c, qr))
            })
            .collect();
        let mut article_on = HashMap::new();
        for article in &site.articles {
            if let Some(id) = site.situation_of(article) {
                article_on.entry(id).or_insert(article);
            }
        }
        let labels = label_sets.for_guide(guide);
        SiteViews {
            site,
            labels_value: tera::Value::from_serializable(&labels),
            labels,
            view: tera::Value::from_serializable(&view),
            site_view: view,
            overview: std::sync::OnceLock::new(),
            channels,
            base: crate::output::publish::base_url(guide),
            history_qr: qr_codes.history.as_ref(),
            article_on,
            hooks,
            remember_named: false,
            scratch: None,
        }
    }

    /// The named channels' views. QR codes (kilobytes of SVG each) go only where a page prints
    /// them: copying them into every situation's context made big guides slow.
    pub(super) fn channels_named(
        &self,
        ids: &[crate::model::Text],
        with_qr: bool,
    ) -> Vec<ChannelView<'a>> {
        ids.iter()
            .filter_map(|id| self.channels.get(id.value.as_str()))
            .map(|c| ChannelView {
                qr: c.qr.filter(|_| with_qr),
                ..c.clone()
            })
            .collect()
    }

    pub(super) fn situation_view(&self, s: &'a Situation, with_qr: bool) -> SituationView<'a> {
        SituationView {
            id: &s.id.value,
            title: &s.title.value,
            summary: &s.summary.value,
            urgent: s.urgent.as_ref().map(|u| u.value.as_str()),
            first: self.channels_named(&s.first, with_qr),
            also: self.channels_named(&s.also, false),
            steps: s.steps.iter().map(|t| t.value.as_str()).collect(),
            avoid: s.avoid.as_ref().map(|a| a.value.as_str()),
            href: Page::Situation(&s.id.value).output_path(),
            anchor: print_anchor(&Page::Situation(&s.id.value)),
        }
    }

    /// The situations the cheat sheet lists (`sheet`, else all), with their first windows'
    /// QR codes.
    pub(super) fn cheatsheet_situations(
        &self,
    ) -> Each<impl Iterator<Item = SituationView<'a>> + Clone + '_> {
        let sheet = self.site.guide.sheet_situations().into_iter();
        Each(sheet.map(|s| self.situation_view(s, true)))
    }

    /// An article as its page shows it (at `page_path`, headings shifted by `heading_shift`)
    /// and as its print chapter does (one level deeper, links leading to the print page's
    /// sections), from one run of the HTML writer.
    pub(super) fn article_views(
        &self,
        article: &'a Article,
        parsed: &Parsed,
        page_path: &str,
        heading_shift: u8,
    ) -> (ArticleView<'a>, ArticleView<'a>) {
        let on_page = RenderContext {
            site: self.site,
            page_path,
            heading_shift,
            anchor_for: None,
            article: &article.slug,
        };
        let print_path = Page::Print.output_path();
        let in_chapter = RenderContext {
            site: self.site,
            page_path: &print_path,
            heading_shift: heading_shift + 1,
            anchor_for: Some(&print_anchor),
            article: &article.slug,
        };
        let (page_html, chapter_html) = parsed.to_html_twice(&on_page, &in_chapter);
        let view = |html| ArticleView {
            title: &article.front.title.value,
            html,
            href: Page::Article(&article.slug).output_path(),
            anchor: print_anchor(&Page::Article(&article.slug)),
        };
        (view(page_html), view(chapter_html))
    }

    /// Each window's name as the overviews list it, as a Tera value.
    pub(super) fn channel_names(&self) -> HashMap<&'a str, tera::Value> {
        (self.channels.iter())
            .map(|(id, c)| (*id, tera::Value::from_serializable(&channel_name(c))))
            .collect()
    }

    /// Every situation as the overviews list it; its windows' names `shared` where given (for
    /// a page's context: `channel_names`), else as views.
    pub(super) fn situation_summaries<'s>(
        &'s self,
        shared: Option<&'s HashMap<&'a str, tera::Value>>,
    ) -> Each<impl Iterator<Item = SituationSummary<'a>> + Clone + 's> {
        let names = move |ids: &'a [crate::model::Text]| -> Names<'a> {
            let ids = ids.iter().map(|id| id.value.as_str());
            match shared {
                Some(values) => {
                    Names::Shared(ids.filter_map(|id| values.get(id).cloned()).collect())
                }
                None => Names::Views(
                    ids.filter_map(|id| self.channels.get(id))
                        .map(channel_name)
                        .collect(),
                ),
            }
        };
        Each(
            self.site
                .guide
                .situations
                .iter()
                .map(move |s| SituationSummary {
                    id: &s.id.value,
                    title: &s.title.value,
                    summary: &s.summary.value,
                    urgent: s.urgent.as_ref().map(|u| u.value.as_str()),
                    href: Page::Situation(&s.id.value).output_path(),
                    anchor: print_anchor(&Page::Situation(&s.id.value)),
                    first: names(&s.first),
                    also: names(&s.also),
                }),
        )
    }

    /// Articles with their own page, by `order` then path, for the home page.
    pub(super) fn free_articles(&self) -> Each<impl Iterator<Item = NavItem<'a>> + Clone> {
        Each(self.free_article_list().into_iter().map(|a| NavItem {
            title: &a.front.title.value,
            href: Page::Article(&a.slug).output_path(),
        }))
    }

    /// Articles with their own page, by `order` then path.
    pub(super) fn free_article_list(&self) -> Vec<&'a Article> {
        let mut free: Vec<&Article> = self
            .site
            .articles
            .iter()
            .filter(|a| self.site.situation_of(a).is_none())
            .collect();
        free.sort_by(|a, b| {
            (a.front.order.unwrap_or(i64::MAX), &a.slug)
                .cmp(&(b.front.order.unwrap_or(i64::MAX), &b.slug))
        });
        free
    }

    pub(super) fn kind_views(&self) -> Vec<KindView<'a>> {
        self.site
            .guide
            .channel_kinds
            .iter()
            .map(|k| KindView {
                kind: k.kind.value.as_str(),
                label: &k.label.value,
                suits: &k.suits.value,
                merits: &k.merits.value,
                channels: self
                    .site
                    .guide
                    .channels
                    .iter()
                    .filter(|c| c.kind.value == k.kind.value)
                    .map(|c| NavItem {
                        title: &c.name.value,
                        href: String::new(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// One entry per cited page, listing the channels that cite it, in the order of the data.
    pub(super) fn source_groups(&self) -> Vec<SourceGroup<'a>> {
        let mut groups: Vec<SourceGroup<'a>> = Vec::new();
        for c in &self.site.guide.channels {
            let s = &c.source;
            match groups.iter_mut().find(|g| g.url == s.url.value) {
                Some(g) => {
                    g.channels.push(&c.name.value);
                    g.checked = g.checked.min(&s.checked.value);
                }
                None => groups.push(SourceGroup {
                    url: &s.url.value,
                    title: &s.title.value,
                    checked: &s.checked.value,
                    channels: vec![&c.name.value],
                }),
            }
        }
        groups
    }

    /// The groups of windows, each with its numbers and the windows no situation names. Whose
    /// a window is comes from its `group`: nothing is guessed from what it has (a `phone`).
    pub(super) fn group_views(&self) -> Vec<GroupView<'_>> {
        let guide = &self.site.guide;
        let mut groups: Vec<GroupView<'_>> = (guide.groups.iter())
            .map(|g| GroupView {
                id: &g.id.value,
                title: &g.title.value,
                sheet_title: g.sheet_title.as_ref().unwrap_or(&g.title).value.as_str(),
                numbers: Vec::new(),
                unlisted: Vec::new(),
            })
            .collect();
        let other_declared = groups.iter().any(|g| g.id == OTHER_GROUP);
        if !other_declared && guide.channels.iter().any(|c| c.group.is_none()) {
            groups.push(GroupView {
                id: OTHER_GROUP,
                title: self.label("other_windows"),
                sheet_title: self.label("other_numbers"),
                numbers: Vec::new(),
                unlisted: Vec::new(),
            });
        }
        let named: HashSet<&str> = (guide.situations.iter())
            .flat_map(|s| s.first.iter().chain(&s.also))
            .map(|c| c.value.as_str())
            .collect();
        for channel in &guide.channels {
            let group = groups.iter_mut().find(|g| g.id == guide.group_of(channel));
            let view = self.channels.get(channel.id.value.as_str());
            // An unknown group is a check error: nothing renders then.
            let (Some(group), Some(view)) = (group, view) else {
                continue;
            };
            // No QR code: neither page prints one for these windows.
            let view = ChannelView {
                qr: None,
                ..view.clone()
            };
            if channel.phone.is_some() {
                group.numbers.push(view.clone());
            }
            if !named.contains(channel.id.value.as_str()) {
                group.unlisted.push(view);
            }
        }
        groups
    }

    /// A label's text in the guide's language.
    pub(super) fn label(&self, key: &str) -> &str {
        self.labels.get(key).unwrap_or_default()
    }
}

/// The header's situation links: all of them, or the first `NAV_LIMIT` (the template then
/// links the home page's full list).
pub(super) fn nav(guide: &crate::model::Guide) -> Vec<NavItem<'_>> {
    guide
        .situations
        .iter()
        .take(NAV_LIMIT)
        .map(|s| NavItem {
            title: &s.title.value,
            href: Page::Situation(&s.id.value).output_path(),
        })
        .collect()
}

/// A window as the overviews name it.
fn channel_name<'a>(c: &ChannelView<'a>) -> ChannelName<'a> {
    ChannelName {
        name: c.name,
        phone: c.phone,
        on_hand: c.on_hand,
    }
}

pub(super) fn channel_view<'a>(c: &'a Channel, qr: Option<&'a tera::Value>) -> ChannelView<'a> {
    ChannelView {
        id: &c.id.value,
        name: &c.name.value,
        kind: c.kind.value.as_str(),
        owner: &c.owner.value,
        how: &c.how.value,
        hours: c.hours.as_ref().map(|h| h.value.as_str()),
        phone: c.phone.as_ref().map(|p| p.value.as_str()),
        url: c.url.as_ref().map(|u| u.value.as_str()),
        email: c.email.as_ref().map(|e| e.value.as_str()),
        on_hand: c.on_hand.as_ref().map(|h| h.value.as_str()),
        qr,
        source: SourceView {
            url: &c.source.url.value,
            title: &c.source.title.value,
            checked: &c.source.checked.value,
        },
    }
}
