//! QR codes for the cheat sheet: an official URL as an inline SVG a phone camera reads from paper.

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
