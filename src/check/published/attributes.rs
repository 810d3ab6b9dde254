//! What the scanner reads on its own, apart from the flow of text: an attribute value (by what
//! the attribute does: shows text, navigates, styles, sets the direction) and any run of text
//! read alone (an attribute value, the title, raw text).

use std::ops::Range;

use super::kinds::{char_at, kind, kind_at, ASCII_KINDS};
use super::markup::{visible_attribute, Tag};
use super::references::{decode_into, reference, Reference};
use super::report::report_numbers;
use super::scanner::{Scanner, Stop};
use super::stats::Stats;
use super::Place;

impl Scanner<'_> {
    pub(super) fn attribute(&mut self, tag: Tag, name: Range<usize>, value: Range<usize>) {
        let name = &self.b[name];
        // Where a browser goes (a `tel:` there dials), by length first: most attributes are
        // none of these.
        let goes_to = match name.len() {
            3 if name.eq_ignore_ascii_case(b"dir") => {
                let value = self.b[value].trim_ascii();
                self.reversing |=
                    value.eq_ignore_ascii_case(b"rtl") || value.eq_ignore_ascii_case(b"auto");
                return;
            }
            3 => name.eq_ignore_ascii_case(b"src"),
            4 => name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"data"),
            6 => name.eq_ignore_ascii_case(b"action"),
            10 => {
                name.eq_ignore_ascii_case(b"xlink:href") || name.eq_ignore_ascii_case(b"formaction")
            }
            _ => false,
        };
        let shown = visible_attribute(name, tag);
        if shown.is_none() && self.vetted.shows_attribute(name) {
            // A stylesheet shows it (`content: attr(href)`).
            let place = Place::Attribute("shown by attr()");
            self.scan_run(value.start, value.end, place, true);
        }
        if goes_to {
            // Where a browser goes: a `tel:` there dials.
            self.link(value);
        } else if name.eq_ignore_ascii_case(b"style") {
            self.style(value.start, value.end, true);
        } else if let Some(attribute) = shown {
            if tag == Tag::Meta && attribute == "content" {
                self.refresh(value.clone());
            }
            self.scan_run(value.start, value.end, Place::Attribute(attribute), true);
        }
    }

    /// Text `from..to` read on its own (an attribute value, the title, raw text).
    pub(super) fn scan_run(&mut self, from: usize, to: usize, place: Place, references: bool) {
        if self.next_trigger(from, to, false).1 != Stop::Trigger {
            return;
        }
        let b = self.b;
        let mut stats = Stats::default();
        let mut j = from;
        while j < to {
            let c = b[j];
            if c == b'&' && references {
                if let Some((r, len)) = reference(&b[j..to]) {
                    match r {
                        Reference::Char(c) => stats.observe(kind(c)),
                        Reference::Text(t) => t.chars().for_each(|c| stats.observe(kind(c))),
                    }
                    j += len;
                    continue;
                }
            }
            if c < 0x80 {
                stats.observe(ASCII_KINDS[usize::from(c)]);
                j += 1;
            } else {
                let (kind, len) = kind_at(b, j);
                stats.observe(kind);
                j += len;
            }
        }
        if !stats.worth_searching(self.vetted) {
            return;
        }
        let acc = &mut self.acc;
        acc.clear();
        if references {
            decode_into(b, from, to, &mut |c, at| acc.push(c, at));
        } else {
            let mut j = from;
            while j < to {
                let (c, len) = char_at(b, j);
                acc.push(c, j);
                j += len;
            }
        }
        {
            report_numbers(
                &self.acc.text,
                0,
                Some(&self.acc.origin),
                place,
                self.vetted,
                &mut self.scratch,
                &mut self.out,
            );
        }
    }
}
