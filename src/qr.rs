//! QR codes for the cheat sheet: an official URL as an inline SVG a phone camera reads from paper.

use fast_qr::convert::svg::SvgBuilder;
use fast_qr::convert::Builder;
use fast_qr::qr::QRBuilder;
use fast_qr::ECL;

/// The quiet zone, in modules, that the QR standard asks for: without it a camera cannot
/// find the code's edge next to the sheet's text and rules.
const QUIET_ZONE: usize = 4;

/// The QR code of `url` as an `<svg>` with only a `viewBox`, so CSS sizes it in millimetres.
///
/// Error correction M survives a crease or a smudge on a sheet kept by the phone while
/// keeping the modules large enough to read at the printed size.
pub fn svg(url: &str) -> Result<String, String> {
    let code = QRBuilder::new(url)
        .ecl(ECL::M)
        .build()
        .map_err(|e| e.to_string())?;
    let svg = SvgBuilder::default().margin(QUIET_ZONE).to_str(&code);
    // Screen readers get the printed URL beneath the code instead of an unlabelled picture.
    Ok(svg.replacen("<svg ", "<svg class=\"qr-code\" aria-hidden=\"true\" ", 1))
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
            svg.contains("M4,4h1v1h-1"),
            "the first dark module sits inside the quiet zone"
        );
    }

    #[test]
    fn too_long_for_a_qr_code_is_an_error() {
        assert!(svg(&"https://rakuten.co.jp/".repeat(200)).is_err());
    }
}
