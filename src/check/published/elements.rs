//! Elements and attributes that change how a page's text is read: ruby text's names, the
//! elements that set the text direction, inline SVG, styles (what `content:` adds), and a
//! refresh's URL and the links a browser follows (what a `tel:` dials, what a `mailto:` prefills).

use std::ops::Range;

use super::css::shown_by_css;
use super::emails::mailto_prefill;
use super::links::dialled_by_link;
use super::markup::{element_end, is_space, Tag};
use super::references::decode_into;
use super::report::report_numbers;
use super::report::shorten;
use super::scanner::{Scanner, Stop};
use super::{Place, PublishedNumber, Why};

impl Scanner<'_> {
    /// An element that sets the text direction (`<bdo>`, `<bdi>`, `dir="rtl"`, `dir="auto"`),
    /// its start tag at `i`: digits in it may show in another order than written (see
    /// `report::report_direction`), so any are reported.
    pub(super) fn reversing_element(&mut self, i: usize, name_end: usize, end: usize) {
        self.element_digits(i, name_end, end, Why::Direction);
    }

    /// An SVG drawn in the page, its start tag at `i`: digits in its text are placed by
    /// coordinates (`<tspan x=…>`) and may show in any order, so any are reported, as an SVG
    /// image may hold no text at all.
    pub(super) fn inline_svg(&mut self, i: usize, name_end: usize, end: usize) {
        self.element_digits(i, name_end, end, Why::Placed);
    }

    /// Every digit in the text of the element whose start tag is at `i`, reported for `why`.
    fn element_digits(&mut self, i: usize, name_end: usize, end: usize, why: Why) {
        let b = self.b;
        let close = element_end(b, end, &b[i + 1..name_end]);
        if self.next_trigger(end, close, false).1 != Stop::Trigger {
            return;
        }
        let mut text = String::new();
        let mut in_tag = false;
        decode_into(b, end, close, &mut |c, _| match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        });
        let shown = super::normalise(&text).text;
        let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return;
        }
        self.out.push(PublishedNumber {
            canonical: digits,
            shown: shorten(shown.trim()),
            byte_offset: i,
            place: Place::Text,
            why,
        });
    }

    /// The kind of a tag whose name has two or three letters, where it is ruby text; and
    /// whether it is `<bdo>` or `<bdi>`, which set the direction of what they hold, or `<svg>`.
    pub(super) fn short_name(&mut self, name: &[u8], tag: Tag) -> Tag {
        let lower = |k: usize| name[k] | 0x20;
        match (lower(0), lower(1), name.get(2).map(|&c| c | 0x20)) {
            (b'r', b't', None) => Tag::Annotation(b"rt"),
            (b'r', b'p', None) => Tag::Annotation(b"rp"),
            (b'r', b't', Some(b'c')) => Tag::Annotation(b"rtc"),
            (b'b', b'd', Some(b'o' | b'i')) => {
                self.reversing = true;
                tag
            }
            (b's', b'v', Some(b'g')) => {
                self.svg = true;
                tag
            }
            _ => tag,
        }
    }

    /// CSS `from..to` (a `<style>`, or a `style=""` with its references): the text its
    /// `content:` adds is read, and the attributes its `attr()` shows are kept.
    pub(super) fn style(&mut self, from: usize, to: usize, references: bool) {
        let css = if references {
            let mut decoded = String::new();
            decode_into(self.b, from, to, &mut |c, _| decoded.push(c));
            decoded
        } else {
            String::from_utf8_lossy(&self.b[from..to]).into_owned()
        };
        let shown = shown_by_css(&css);
        self.shown_attributes.extend(shown.attributes);
        let mut found = Vec::new();
        report_numbers(
            &shown.text,
            0,
            None,
            Place::Attribute("style"),
            self.vetted,
            &mut self.scratch,
            &mut found,
        );
        self.out.extend(found.into_iter().map(|mut number| {
            number.byte_offset = from;
            number
        }));
    }

    /// An `href`: the number it dials, if it is a `tel:` (`sms:`, …) link.
    pub(super) fn link(&mut self, value: Range<usize>) {
        let b = self.b;
        let first = b[value.clone()].iter().find(|&&c| c > b' ');
        if !first.is_some_and(|c| b"tTsScCfFmMwW&".contains(c)) {
            return;
        }
        let mut decoded = String::new();
        decode_into(b, value.start, value.end, &mut |c, _| decoded.push(c));
        if let Some(number) = dialled_by_link(&decoded) {
            if !self.vetted.contains(&number) {
                self.out.push(PublishedNumber {
                    canonical: number,
                    shown: shorten(decoded.trim()),
                    byte_offset: value.start,
                    place: Place::TelLink,
                    why: Why::Unvetted,
                });
            }
        } else if let Some(prefill) = mailto_prefill(&decoded) {
            // The message a `mailto:` link opens: its subject and body are text a reader sees.
            let mut found = Vec::new();
            report_numbers(
                &prefill,
                0,
                None,
                Place::Attribute("href"),
                self.vetted,
                &mut self.scratch,
                &mut found,
            );
            self.out.extend(found.into_iter().map(|mut number| {
                number.byte_offset = value.start;
                number
            }));
        }
    }

    /// A `<meta http-equiv="refresh" content="0;url=tel:…">`: the page goes to its URL.
    pub(super) fn refresh(&mut self, value: Range<usize>) {
        let b = self.b;
        // `0; URL = 'tel:…'`, as browsers read it: `url`, spaces, `=`, spaces, a quote.
        let Some(k) = b[value.clone()]
            .windows(3)
            .position(|w| w.eq_ignore_ascii_case(b"url"))
        else {
            return;
        };
        let mut start = value.start + k + 3;
        let skip = |mut i: usize, marks: &[u8]| {
            while i < value.end && (is_space(b[i]) || marks.contains(&b[i])) {
                i += 1;
            }
            i
        };
        start = skip(start, b"");
        if start >= value.end || b[start] != b'=' {
            return;
        }
        start = skip(start + 1, b"'\"");
        self.link(start..value.end);
    }
}
