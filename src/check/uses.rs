//! `madoguchi where`: every place in the guide's files that shows or mentions one window or
//! situation (its definition, the lists that name it, references, links and plain mentions of
//! its name), found with the same parses and name finder the checks use.

use std::ops::Range;
use std::path::PathBuf;

use super::ArticleRules;
use crate::links::{classify, Link};
use crate::markdown::references::{Named, Target};
use crate::markdown::Parsed;
use crate::model::history::HISTORY_FILE;
use crate::model::{span_of, Article, Site, Text};

/// One place that names the subject: a file, the span there, and what stands there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub file: PathBuf,
    pub span: Range<usize>,
    pub what: String,
}

/// What `madoguchi where ID` may mean: every window and every situation with that id (a window
/// and a situation may share one).
pub fn subjects(site: &Site, id: &str) -> Vec<Named> {
    let window = site.channel(id).map(|_| Named::Window(id.to_owned()));
    let situation = site.situation(id).map(|_| Named::Situation(id.to_owned()));
    window.into_iter().chain(situation).collect()
}

impl ArticleRules<'_> {
    /// Where `guide.yaml` names `subject`: where it is defined, the `first`/`also` lists that
    /// name a window, and a window's name written in another text field; in file order.
    /// `guide_text` is the file as read.
    pub fn uses_in_guide(&self, subject: &Named, guide_text: &str) -> Vec<Use> {
        let site = self.site;
        let at = |text: &Text, what: String| Use {
            file: site.guide_file.clone(),
            span: span_of(text, 0),
            what,
        };
        let mut uses = Vec::new();
        match subject {
            Named::Window(id) => {
                let Some(window) = site.channel(id) else {
                    return uses;
                };
                uses.push(at(&window.id, "defined here".to_owned()));
                for s in &site.guide.situations {
                    let lists = [("first", &s.first), ("also", &s.also)];
                    for (list, ids) in lists {
                        for named in ids.iter().filter(|i| i.value == *id) {
                            let what = format!("in `{list}` of situation `{}`", s.id.value);
                            uses.push(at(named, what));
                        }
                    }
                }
                // A source's title is the cited page's, which a rename does not change.
                let titles: Vec<&Text> = (site.guide.channels.iter())
                    .map(|c| &c.source.title)
                    .collect();
                for field in site.guide.text_fields() {
                    let quoted = titles.iter().any(|t| std::ptr::eq(*t, field));
                    if quoted || std::ptr::eq(field, &window.name) {
                        continue;
                    }
                    for (_, range) in (self.window_names.windows_in(&field.value))
                        .filter(|(c, _)| c.id.value == *id)
                    {
                        uses.push(Use {
                            span: within(guide_text, field, range),
                            ..at(field, "its name, written as plain text".to_owned())
                        });
                    }
                }
            }
            Named::Situation(id) => {
                if let Some(situation) = site.situation(id) {
                    uses.push(at(&situation.id, "defined here".to_owned()));
                }
                let on_sheet = site.guide.sheet.iter().flat_map(|sheet| &sheet.value);
                for named in on_sheet.filter(|i| i.value == *id) {
                    uses.push(at(
                        named,
                        "in `sheet`, the cheat sheet's situations".to_owned(),
                    ));
                }
            }
        }
        uses.sort_by_key(|u| u.span.start);
        uses.extend(self.uses_in_history(subject));
        uses
    }

    /// The entries of `content/changes.yaml` that name `subject` (after `guide.yaml`'s, in
    /// file order): the history the 更新履歴 page and the feed show for it.
    fn uses_in_history(&self, subject: &Named) -> Vec<Use> {
        let (id, lists) = match subject {
            Named::Window(id) => (id, ["windows", "removed"]),
            Named::Situation(id) => (id, ["situations", "removed"]),
        };
        history_uses(self.site, id, &lists)
    }

    /// Where one article names `subject`, from the parse that its checks read: references,
    /// `@/situation/ID` links, its `situation:` front matter, and a window's name in its prose.
    pub fn uses_in_article(&self, article: &Article, parsed: &Parsed, subject: &Named) -> Vec<Use> {
        let site = self.site;
        let in_body = |span: Range<usize>, what: String| Use {
            file: article.file.to_path_buf(),
            span: article.body_base + span.start..article.body_base + span.end,
            what,
        };
        let mut uses = Vec::new();
        for reference in parsed.references() {
            let names_it = match (reference.resolve(site), subject) {
                (Ok(Target::Window { channel, .. }), Named::Window(id)) => channel.id.value == *id,
                (Ok(Target::Situation(s)), Named::Situation(id)) => s.id.value == *id,
                _ => false,
            };
            if names_it {
                let written = parsed.body()[reference.span.clone()].to_owned();
                uses.push(in_body(
                    reference.span.clone(),
                    format!("reference {written}"),
                ));
            }
        }
        match subject {
            Named::Window(id) => {
                let prose = parsed.prose();
                for (_, range) in
                    (self.window_names.windows_in(&prose.text)).filter(|(c, _)| c.id.value == *id)
                {
                    let what = "its name, written as plain text".to_owned();
                    uses.push(in_body(prose.source_span(range), what));
                }
                // The title and description are published as typed (references are not read
                // there): a rename does not reach them either.
                let front = &article.front;
                let fields = [
                    ("title", Some(&front.title)),
                    ("description", front.description.as_ref()),
                ];
                for (key, field) in fields.into_iter().filter_map(|(k, f)| Some((k, f?))) {
                    let names_it = (self.window_names.windows_in(&field.value))
                        .any(|(c, _)| c.id.value == *id);
                    if names_it {
                        uses.push(Use {
                            file: article.file.to_path_buf(),
                            span: span_of(field, article.front_base),
                            what: format!("its name, in the article's `{key}`"),
                        });
                    }
                }
            }
            Named::Situation(id) => {
                for link in parsed.scan().links {
                    if links_to_situation(&link.dest, id) {
                        uses.push(in_body(link.span, format!("link {}", link.dest)));
                    }
                }
                if let Some(front) = article.front.situation.as_ref().filter(|s| s.value == *id) {
                    uses.push(Use {
                        file: article.file.to_path_buf(),
                        span: span_of(front, article.front_base),
                        what: "`situation:` of the article".to_owned(),
                    });
                }
            }
        }
        uses.sort_by_key(|u| u.span.start);
        uses
    }
}

/// Whether a link destination is `@/situation/ID` (with or without a `#fragment`).
fn links_to_situation(dest: &str, id: &str) -> bool {
    matches!(classify(dest), Ok(Link::Internal { target, .. })
        if target.trim_end_matches('/').strip_prefix("situation/") == Some(id))
}

/// `range` of a text field's value as a span in `guide.yaml`: exact where the file holds the
/// value as it is (a plain or simply quoted scalar), else the whole value.
fn within(guide_text: &str, field: &Text, range: Range<usize>) -> Range<usize> {
    let span = span_of(field, 0);
    match guide_text.get(span.clone()) == Some(field.value.as_str()) {
        true => span.start + range.start..span.start + range.end,
        false => span,
    }
}

/// The entries of `content/changes.yaml` whose `lists` (`windows`, `situations`, `removed`)
/// name `id`, in file order.
pub fn history_uses(site: &Site, id: &str, lists: &[&str]) -> Vec<Use> {
    let mut uses = Vec::new();
    for entry in &site.history.entries {
        let fields = [
            ("windows", &entry.windows),
            ("situations", &entry.situations),
            ("removed", &entry.removed),
        ];
        for (field, ids) in fields.into_iter().filter(|(f, _)| lists.contains(f)) {
            for text in ids.iter().filter(|i| i.value == id) {
                uses.push(Use {
                    file: PathBuf::from(HISTORY_FILE),
                    span: span_of(text, 0),
                    what: format!("in `{field}` of the change of {}", entry.date.value),
                });
            }
        }
    }
    uses.sort_by_key(|u| u.span.start);
    uses
}
