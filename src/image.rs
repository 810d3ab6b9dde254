//! Images beside articles (`![購入履歴のボタン](order-history.png)`): which formats are
//! published, their size from the file's header, and which file an article's image names. The
//! load stage reads them, the checks point at what is wrong, the render writes `<img>` with
//! `width` and `height`, and the output copies them beside the pages.

use std::sync::Arc;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// The largest image published: 2 MiB. A screenshot of a button or a form is a few hundred
/// KiB; anything larger is slow on the phone of a worried reader, and is refused unread.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// The widest or tallest image published, in pixels: a small file can declare a huge image
/// (a "decompression bomb") that a reader's phone would have to decode.
pub const MAX_IMAGE_SIDE: u32 = 8192;

/// The file extensions of the formats published (lower case), as the help names them.
pub const FORMATS: [&str; 6] = ["png", "jpg", "jpeg", "webp", "gif", "svg"];

/// Where images live: beside the articles, and below.
pub const IMAGES_DIR: &str = "articles";

/// An image file as loaded: its size, or why it cannot be published. Only an SVG's bytes are
/// kept (they are text the check of what is published reads); the other formats are read
/// again when the output copies them, and published only if still what was loaded (a guide
/// with thousands of screenshots never holds them all).
#[derive(Debug, Clone)]
pub struct Image {
    /// An SVG's bytes; empty for the other formats and for a file not read.
    pub svg: Arc<Vec<u8>>,
    /// A hash of the bytes as loaded (`crate::digest::of`), which a copy must still have.
    pub digest: u64,
    /// Width and height in CSS pixels, from the file's header.
    pub size: Result<(u32, u32), ImageProblem>,
    /// Its path under `content/` as a URL path (`url_path`), made once: every page that shows
    /// it writes this after its root prefix.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImageProblem {
    /// Over `MAX_IMAGE_BYTES`: its length.
    TooLarge(u64),
    /// The header is not the format its name says, or gives no size: what was wrong.
    Unreadable(String),
    /// Not a regular file (a named pipe, a socket, a device): what it is. Never opened.
    NotAFile(&'static str),
}

/// Why an article's image names no publishable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// `?`, `#`, `\`, an absolute path or a percent escape that is not UTF-8.
    NotAPath,
    /// `..` past `content/articles/`.
    LeavesArticles,
}

/// Whether a file name is one of an image format published, by its extension.
pub fn is_image_name(name: &str) -> bool {
    extension(name).is_some_and(|e| FORMATS.contains(&e.as_str()))
}

/// The lower-case extension of a file name.
pub fn extension(name: &str) -> Option<String> {
    let file = name.rsplit('/').next()?;
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

impl Image {
    /// An image from a file's bytes, at `path` under `content/` (its extension names the format).
    pub fn from_bytes(path: &str, bytes: Vec<u8>) -> Image {
        let extension = extension(path).unwrap_or_default();
        let size = measure(&extension, &bytes);
        let digest = crate::digest::of(bytes.as_slice());
        Image {
            svg: Arc::new(if extension == "svg" {
                bytes
            } else {
                Vec::new()
            }),
            digest,
            size: size.map_err(ImageProblem::Unreadable),
            url: url_path(path),
        }
    }

    /// The bytes to publish, from `file` (where it was loaded from): an SVG's as loaded,
    /// another format's read again, `None` if it changed or went since it loaded (its size on
    /// the pages, and the check, were of what was loaded).
    pub fn bytes_to_publish(&self, file: &std::path::Path) -> Option<std::borrow::Cow<'_, [u8]>> {
        if !self.svg.is_empty() {
            return Some(std::borrow::Cow::Borrowed(self.svg.as_slice()));
        }
        let bytes = crate::file_text::read_again(file, MAX_IMAGE_BYTES)?;
        (crate::digest::of(bytes.as_slice()) == self.digest)
            .then_some(std::borrow::Cow::Owned(bytes))
    }

    /// An image over the limit, not read.
    pub fn too_large(path: &str, len: u64) -> Image {
        Image::unread(path, ImageProblem::TooLarge(len))
    }

    /// An image's name on something that is not a regular file (`what` it is), not opened.
    pub fn not_a_file(path: &str, what: &'static str) -> Image {
        Image::unread(path, ImageProblem::NotAFile(what))
    }

    /// An image that cannot be published for `why`, not read.
    pub fn unreadable(path: &str, why: String) -> Image {
        Image::unread(path, ImageProblem::Unreadable(why))
    }

    fn unread(path: &str, problem: ImageProblem) -> Image {
        Image {
            svg: Arc::new(Vec::new()),
            digest: 0,
            size: Err(problem),
            url: url_path(path),
        }
    }
}

/// Width and height from the header, which must be the format the extension says.
fn measure(extension: &str, bytes: &[u8]) -> Result<(u32, u32), String> {
    let (width, height) = measure_header(extension, bytes)?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "it is {width}×{height} pixels (at most {MAX_IMAGE_SIDE} on each side)"
        ));
    }
    Ok((width, height))
}

fn measure_header(extension: &str, bytes: &[u8]) -> Result<(u32, u32), String> {
    use imagesize::ImageType;
    if extension == "svg" {
        active_svg(bytes)?;
        return svg_size(bytes);
    }
    let expected = match extension {
        "png" => ImageType::Png,
        "jpg" | "jpeg" => ImageType::Jpeg,
        "webp" => ImageType::Webp,
        "gif" => ImageType::Gif,
        _ => return Err(format!("`.{extension}` is not a format published")),
    };
    let found = imagesize::image_type(bytes)
        .map_err(|_| format!("the file is not a {} image", extension.to_ascii_uppercase()))?;
    if found != expected {
        return Err(format!(
            "the file is not a {} image (its header says {})",
            extension.to_ascii_uppercase(),
            format!("{found:?}").to_ascii_uppercase()
        ));
    }
    let size = imagesize::blob_size(bytes).map_err(|e| format!("its header is broken ({e})"))?;
    if let Err(missing) = holds_an_image(found, bytes) {
        return Err(format!(
            "the file has a header but no image ({missing}): it shows as a broken image"
        ));
    }
    let (width, height) = (u32::try_from(size.width), u32::try_from(size.height));
    match (width, height) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err("its header gives no size".to_owned()),
    }
}

/// Whether a file with a good header goes on to hold an image: the parts every decoder needs,
/// found by walking the file's structure (no pixel is decoded). A cut download or a header
/// saved alone has the size and shows as a broken image. WebP is not walked.
fn holds_an_image(format: imagesize::ImageType, bytes: &[u8]) -> Result<(), &'static str> {
    use imagesize::ImageType;
    match format {
        ImageType::Png => png_holds_an_image(bytes),
        ImageType::Jpeg => {
            let scan = find(bytes, b"\xFF\xDA").ok_or("no scan of image data")?;
            find(&bytes[scan..], b"\xFF\xD9")
                .map(drop)
                .ok_or("no end of image")
        }
        ImageType::Gif => gif_holds_an_image(bytes),
        _ => Ok(()),
    }
}

fn find(bytes: &[u8], what: &[u8]) -> Option<usize> {
    bytes.windows(what.len()).position(|w| w == what)
}

/// PNG: chunks after the signature, an `IDAT` among them and `IEND` last.
fn png_holds_an_image(bytes: &[u8]) -> Result<(), &'static str> {
    let mut at = 8;
    let mut data = false;
    while let Some(header) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        match &header[4..8] {
            b"IDAT" => data = true,
            // Its CRC too: a download cut inside it is cut short.
            b"IEND" if data && bytes.len() >= at + 12 => return Ok(()),
            b"IEND" if data => break,
            b"IEND" => return Err("no IDAT chunk of image data"),
            _ => {}
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    Err(if data {
        "no IEND chunk: the file is cut short"
    } else {
        "no IDAT chunk of image data"
    })
}

/// GIF: after the screen descriptor (and its colour table), extensions, at least one image
/// descriptor with its data, then the trailer `;`.
fn gif_holds_an_image(bytes: &[u8]) -> Result<(), &'static str> {
    let cut = "the file is cut short";
    let flags = *bytes.get(10).ok_or(cut)?;
    let mut at = 13 + colour_table(flags);
    // Sub-blocks: a length byte, that many bytes, until a zero length.
    let skip_blocks = |mut at: usize| -> Option<usize> {
        loop {
            let len = *bytes.get(at)? as usize;
            at += 1 + len;
            if len == 0 {
                return Some(at);
            }
        }
    };
    let mut images = 0;
    loop {
        match *bytes.get(at).ok_or(cut)? {
            0x21 => at = skip_blocks(at + 2).ok_or(cut)?,
            0x2C => {
                let flags = *bytes.get(at + 9).ok_or(cut)?;
                // The descriptor, its colour table, the code size, then the data.
                at = skip_blocks(at + 10 + colour_table(flags) + 1).ok_or(cut)?;
                images += 1;
            }
            0x3B if images > 0 => return Ok(()),
            0x3B => return Err("no image descriptor"),
            _ => return Err("a block of unknown kind"),
        }
    }
}

/// The length of a GIF colour table its flags announce (none when bit 7 is clear).
fn colour_table(flags: u8) -> usize {
    match flags & 0x80 {
        0 => 0,
        _ => 3 << ((flags & 0x07) + 1),
    }
}

/// An SVG is published only as a picture: shapes and colours, nothing else. Opened on its own
/// (its address typed into a browser shows it as a document, where no page's policy applies) an
/// SVG could run script, load other files or transform itself (XSLT); and text in it is laid
/// out by coordinates, so the order a reader sees is not the order the file holds, which no
/// check can follow. So an SVG with script, event handlers, text, references to anything
/// outside itself, stylesheets to apply, entities or another encoding than UTF-8 is refused.
fn active_svg(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(
            "the SVG is not UTF-8: a browser could read it in an encoding the checks do not"
                .to_owned(),
        );
    };
    if bytes.iter().any(|b| *b == 0x1b || *b == 0) {
        return Err("the SVG holds escape or zero bytes: a browser could read it in another encoding (ISO-2022-JP, UTF-16) than the checks do".to_owned());
    }
    let text = text.to_ascii_lowercase();
    if let Some(t) = [
        "script",
        "javascript:",
        "foreignobject",
        "<!entity",
        "<!doctype",
        "<iframe",
        "<embed",
        "<object",
        "<?xml-stylesheet",
        "xsl",
        "@import",
        "data:",
        // Animation can set any attribute, a link's `href` too (`tel:…`), after every check.
        "<set",
        ":set",
        "<animate",
        ":animate",
        // A base address or an image set makes a relative or listed address load from outside.
        "xml:base",
        "image-set",
    ]
    .into_iter()
    .find(|t| text.contains(t))
    {
        return Err(format!(
            "the SVG holds `{t}`: an image must not run script, load or embed documents, or change or transform itself"
        ));
    }
    if let Some(t) = ["<text", "<tspan", "<textpath", ":text"]
        .into_iter()
        .find(|t| text.contains(t))
    {
        return Err(format!("the SVG holds text (`{t}`): text in an SVG is placed by coordinates, so the checks cannot read it in the order a reader does; export the image as PNG, or draw it without text and write the words in the article"));
    }
    if let Some(encoding) = declared_encoding(&text).filter(|e| *e != "utf-8" && *e != "utf8") {
        return Err(format!(
            "the SVG declares the encoding `{encoding}`: save it as UTF-8"
        ));
    }
    if let Some(reference) = outside_reference(&text) {
        return Err(format!("the SVG refers to `{reference}` outside itself: an image must not load anything (only `#id` references within the file are allowed)"));
    }
    let handler = text.match_indices("on").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let name: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let rest = text[at + 2 + name.len()..].trim_start();
        before.is_some_and(|c| c.is_whitespace() || c == '/')
            && !name.is_empty()
            && rest.starts_with('=')
    });
    match handler {
        true => {
            Err("the SVG has an event handler (`on…=`): an image must not run script".to_owned())
        }
        false => Ok(()),
    }
}

/// The encoding an XML declaration names (`<?xml … encoding="…"?>`), lower case.
fn declared_encoding(text: &str) -> Option<&str> {
    let declaration = &text[text.find("<?xml")?..];
    let declaration = &declaration[..declaration.find("?>")?];
    let after = declaration[declaration.find("encoding")? + "encoding".len()..].trim_start();
    let value = after.strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    let value = &value[1..];
    Some(&value[..value.find(quote)?])
}

/// The first `href`, `src` or `url(…)` of the SVG that names something other than an `#id` in
/// the file itself.
fn outside_reference(text: &str) -> Option<String> {
    let values = ["href", "src"].into_iter().flat_map(|name| {
        text.match_indices(name).filter_map(move |(at, _)| {
            let rest = text[at + name.len()..].trim_start().strip_prefix('=')?;
            let rest = rest.trim_start();
            Some(rest.trim_start_matches(['"', '\'']).trim_start())
        })
    });
    let urls = text.match_indices("url(").map(|(at, _)| {
        text[at + 4..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .trim_start()
    });
    values
        .chain(urls)
        .find(|value| !value.starts_with('#'))
        .map(|value| {
            let end = value
                .find(['"', '\'', ')', ' ', '>'])
                .unwrap_or(value.len());
            value[..end].chars().take(60).collect()
        })
}

/// An SVG's size: its root element's `width` and `height` in pixels (unitless or `px`), else its
/// `viewBox`'s.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_owned())?;
    let start = text
        .find("<svg")
        .ok_or_else(|| "the file is not an SVG image (no <svg> element)".to_owned())?;
    let tag = &text[start..start + text[start..].find('>').unwrap_or(text.len() - start)];
    let pixels = |name: &str| {
        let value = attribute(tag, name)?;
        let value = value.trim().strip_suffix("px").unwrap_or(value.trim());
        value.parse::<f64>().ok().filter(|v| *v >= 1.0 && *v < 1e6)
    };
    if let (Some(w), Some(h)) = (pixels("width"), pixels("height")) {
        return Ok((w.round() as u32, h.round() as u32));
    }
    let view_box: Vec<f64> = attribute(tag, "viewBox")
        .map(|v| {
            v.split([' ', ',', '\t', '\n'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    match view_box[..] {
        [_, _, w, h] if (1.0..1e6).contains(&w) && (1.0..1e6).contains(&h) => {
            Ok((w.round() as u32, h.round() as u32))
        }
        _ => Err(
            "the SVG gives no size: give its <svg> `width` and `height` in pixels, or a `viewBox`"
                .to_owned(),
        ),
    }
}

/// The value of `name="…"` (or `'…'`) in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        return rest.find(quote).map(|end| &rest[..end]);
    }
    None
}

/// The file an article's image names, as a path under `content/` (`articles/help/shot.png`),
/// which is also where the output puts it. `slug` is the article's (`help/contact`); `dest` is
/// resolved from its folder, percent escapes decoded, as a browser would.
pub fn resolve(slug: &str, dest: &str) -> Result<String, Unusable> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('/') || dest.contains(['?', '#', '\\']) {
        return Err(Unusable::NotAPath);
    }
    // Most images are a plain name beside the article (`shot.png`): no segment to read, no
    // escape to decode. Gives what the parts below give for it.
    if !dest.contains(['/', '%']) && dest != "." && dest != ".." {
        let folder = slug.rfind('/').map_or("", |end| &slug[..=end]);
        // Pushed rather than `format!`ed: this runs for every image of every page.
        let mut path = String::with_capacity(IMAGES_DIR.len() + 1 + folder.len() + dest.len());
        for piece in [IMAGES_DIR, "/", folder, dest] {
            path.push_str(piece);
        }
        return Ok(path);
    }
    resolve_parts(slug, dest)
}

/// `resolve` for a destination with segments or escapes: decoded, then read segment by segment
/// from the article's folder.
fn resolve_parts(slug: &str, dest: &str) -> Result<String, Unusable> {
    let dest = percent_decode_str(dest)
        .decode_utf8()
        .map_err(|_| Unusable::NotAPath)?;
    let mut parts: Vec<&str> = std::iter::once(IMAGES_DIR).chain(slug.split('/')).collect();
    parts.pop();
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.len() > 1 => {
                parts.pop();
            }
            ".." => return Err(Unusable::LeavesArticles),
            _ => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// Characters escaped in an image's `src`: the file name is written as a URL path.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'&');

/// `path` (under `content/`, as `resolve` gives it) as a URL path.
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_ESCAPES).to_string()
}

#[cfg(test)]
mod tests;
