//! QR codes for the cheat sheet: an official URL as an inline SVG a phone camera reads from paper.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::links::Page;
use crate::model::{Channel, Site};
use std::fmt::Write;

use fast_qr::qr::QRBuilder;
use fast_qr::ECL;

/// The quiet zone, in modules, that the QR standard asks for: without it a camera cannot
/// find the code's edge next to the sheet's text and rules.
const QUIET_ZONE: usize = 4;

/// The QR code of `url` as an `<svg>` with only a `viewBox`, so CSS sizes it in millimetres.
///
/// Error correction M survives a crease or a smudge on a sheet kept by the phone while
/// keeping the modules large enough to read at the printed size. Each row's runs of dark
/// modules are one rectangle each, which keeps a code to about a third of the bytes of one
/// square per module.
pub fn svg(url: &str) -> Result<String, String> {
    let code = QRBuilder::new(url)
        .ecl(ECL::M)
        .build()
        .map_err(|e| e.to_string())?;
    let n = code.size;
    let side = n + 2 * QUIET_ZONE;
    let dark = |x: usize, y: usize| code.data[y * n + x].value();
    let mut path = String::with_capacity(n * n);
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && dark(x, y) {
                x += 1;
            }
            let run = x - start;
            let _ = write!(
                path,
                "M{},{}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    // Screen readers get the printed URL beneath the code instead of an unlabelled picture.
    Ok(format!(
        "<svg class=\"qr-code\" aria-hidden=\"true\" viewBox=\"0 0 {side} {side}\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/><path d=\"{path}\" fill=\"#000000\"/></svg>"
    ))
}

/// The cheat sheet's QR codes, each drawn once per build.
pub(super) struct QrCodes<'s> {
    /// Every channel that is some situation's first window, by channel id: the code of its
    /// URL as a Tera value, whose text every channel that leads there shares, and every
    /// situation the cheat sheet lists (a big guide's sheet would copy it thousands of times).
    pub(super) windows: BTreeMap<&'s str, tera::Value>,
    /// The 更新履歴 page's public address and its code, when the guide has a `base_url`:
    /// a reader holding an old sheet learns from it whether the sheet is still current.
    pub(super) history: Option<(String, String)>,
}

/// The sheet's QR codes (`qr_codes` and `history_qr`); `known` holds codes by URL from
/// earlier builds (`serve`), and gains the new ones.
pub(super) fn sheet_qr_codes<'s>(
    site: &'s Site,
    known: &mut HashMap<String, tera::Value>,
) -> Result<QrCodes<'s>, Box<Diagnostic>> {
    Ok(QrCodes {
        windows: qr_codes(site, known)?,
        history: history_qr(site, known)?,
    })
}

/// The 更新履歴 page's absolute address and its QR code; `None` without a `base_url`.
fn history_qr(
    site: &Site,
    known: &mut HashMap<String, tera::Value>,
) -> Result<Option<(String, String)>, Box<Diagnostic>> {
    let Some(base) = crate::output::publish::base_url(&site.guide) else {
        return Ok(None);
    };
    let url = crate::output::publish::canonical_url(&base, &Page::History.output_path());
    if let Some(svg) = known.get(&url) {
        return Ok(Some((url, svg.as_str().unwrap_or_default().to_owned())));
    }
    match svg(&url) {
        Ok(code) => {
            known.insert(url.clone(), tera::Value::from(code.as_str()));
            Ok(Some((url, code)))
        }
        Err(e) => {
            let at = site
                .guide
                .base_url
                .as_ref()
                .map(|b| crate::model::span_of(b, 0));
            let d = Diagnostic::error(format!(
                "the address of the history page, `{url}`, does not fit in a QR code"
            ))
            .label(e)
            .help("use a shorter `base_url`: the cheat sheet prints a QR code to the history page");
            Err(Box::new(match at {
                Some(span) => d.at(&site.guide_file, span),
                None => d,
            }))
        }
    }
}

/// The QR code of every channel that is some situation's first window, by channel id.
/// Each URL is encoded once, however many channels lead to it, and the codes in parallel:
/// finding the best mask makes a code cost far more than a page. `known` holds codes by URL
/// from earlier builds (`serve`), and gains the new ones.
fn qr_codes<'s>(
    site: &'s Site,
    known: &mut HashMap<String, tera::Value>,
) -> Result<BTreeMap<&'s str, tera::Value>, Box<Diagnostic>> {
    let guide = &site.guide;
    let firsts: HashSet<&str> = guide
        .situations
        .iter()
        .flat_map(|s| &s.first)
        .map(|id| id.value.as_str())
        .collect();
    let entries: Vec<(&Channel, &crate::model::Text)> = guide
        .channels
        .iter()
        .filter(|c| firsts.contains(c.id.value.as_str()))
        .filter_map(|c| Some((c, c.url.as_ref()?)))
        .collect();
    let new_urls: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|(_, entry)| entry.value.as_str())
        .filter(|url| !known.contains_key(*url))
        .collect();
    let encoded: Vec<(&str, Result<String, String>)> = new_urls
        .into_par_iter()
        .map(|url| (url, crate::render::qr::svg(url)))
        .collect();
    let mut failed = HashMap::new();
    for (url, svg) in encoded {
        match svg {
            Ok(svg) => {
                known.insert(url.to_owned(), tera::Value::from(svg));
            }
            Err(e) => {
                failed.insert(url, e);
            }
        }
    }
    let mut codes = BTreeMap::new();
    // The first failure in channel order, so the same guide always gets the same report.
    for (channel, entry) in entries {
        if let Some(e) = failed.get(entry.value.as_str()) {
            return Err(Box::new(
                Diagnostic::error(format!(
                    "the official URL of `{}` does not fit in a QR code",
                    channel.id.value
                ))
                .at(&site.guide_file, crate::model::span_of(entry, 0))
                .label(e.clone())
                .help("link to a shorter official entry page"),
            ));
        }
        if let Some(svg) = known.get(&entry.value) {
            codes.insert(channel.id.value.as_str(), svg.clone());
        }
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_scales_and_keeps_a_quiet_zone() {
        let svg = svg("https://www.kokusen.go.jp/map/").unwrap();
        assert!(svg.starts_with("<svg class=\"qr-code\""));
        // 29 modules (version 3) plus 4 on each side.
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{}", &svg[..80]);
        assert!(
            svg.contains("M4,4h7v1h-7z"),
            "the finder pattern's top row is one run of seven, inside the quiet zone"
        );
    }

    #[test]
    fn too_long_for_a_qr_code_is_an_error() {
        assert!(svg(&"https://rakuten.co.jp/".repeat(200)).is_err());
    }
}
