use super::*;

#[test]
fn a_plain_name_resolves_as_its_segments_would() {
    for slug in ["faq", "help/contact", "a//b", "深い/階層/記事"] {
        for dest in [
            "shot.png",
            "購入履歴.png",
            "a b.png",
            ".hidden.png",
            "...png",
        ] {
            assert_eq!(
                resolve(slug, dest),
                resolve_parts(slug, dest),
                "{slug} {dest}"
            );
        }
    }
    assert_eq!(resolve("faq", "."), Ok("articles".into()));
    assert_eq!(resolve("faq", ".."), Err(Unusable::LeavesArticles));
}

proptest::proptest! {
    /// The plain-name shortcut gives what reading the segments gives, for any slug and any
    /// destination made of names, dots, slashes, escapes, spaces and kana.
    #[test]
    fn the_shortcut_never_differs_from_the_segments(
        slug in proptest::collection::vec(proptest::sample::select(vec![
            "a", "b", "/", "記事", ".", " "]), 1..6),
        dest in proptest::collection::vec(proptest::sample::select(vec![
            "shot", ".png", ".", "..", "/", "%2e", "%2F", "%", "画像", " ", "a"]), 1..6),
    ) {
        let (slug, dest) = (slug.concat(), dest.concat());
        let trimmed = dest.trim();
        proptest::prop_assume!(!trimmed.is_empty() && !trimmed.starts_with('/'));
        proptest::prop_assert_eq!(resolve(&slug, &dest), resolve_parts(&slug, trimmed));
    }
}

#[test]
fn an_images_path_is_resolved_from_its_articles_folder() {
    assert_eq!(resolve("faq", "shot.png"), Ok("articles/shot.png".into()));
    assert_eq!(
        resolve("help/contact", "./img/a%20b.png"),
        Ok("articles/help/img/a b.png".into())
    );
    assert_eq!(
        resolve("help/contact", "../a.png"),
        Ok("articles/a.png".into())
    );
    assert_eq!(resolve("faq", "../a.png"), Err(Unusable::LeavesArticles));
    assert_eq!(
        resolve("help/c", "../../../etc/a.png"),
        Err(Unusable::LeavesArticles)
    );
    for bad in ["/a.png", "a.png?v=1", "a.png#x", "a\\b.png", "", "%ff.png"] {
        assert_eq!(resolve("faq", bad), Err(Unusable::NotAPath), "{bad}");
    }
}

#[test]
fn an_svgs_size_comes_from_width_and_height_or_its_view_box() {
    let size = |svg: &str| svg_size(svg.as_bytes());
    assert_eq!(
        size("<svg xmlns='x' width=\"120\" height='40px'>"),
        Ok((120, 40))
    );
    assert_eq!(
        size("<svg width=\"100%\" viewBox=\"0 0 300 150\">"),
        Ok((300, 150))
    );
    assert_eq!(size("<?xml?><svg\nviewBox='0,0,24,24'/>"), Ok((24, 24)));
    assert!(size("<svg>").is_err());
    assert!(size("<html>").is_err());
    // A `data-width` is not `width`.
    assert!(size("<svg data-width=\"1\" data-height=\"1\">").is_err());
}

#[test]
fn an_svg_that_could_run_script_is_refused() {
    for svg in [
        "<svg width='1' height='1'><script>alert(1)</script></svg>",
        "<svg width='1' height='1' onload='alert(1)'></svg>",
        "<svg width='1' height='1'><a href='JavaScript:x'>a</a></svg>",
        "<svg width='1' height='1'><foreignObject/></svg>",
        "<!DOCTYPE svg [<!ENTITY x 'y'>]><svg width='1' height='1'/>",
        "<svg width='1' height='1'><rect\nONCLICK = 'x'/></svg>",
        // Script through a namespace prefix, XSLT, nested documents, outside files, text.
        "<svg width='1' height='1'><x:script xmlns:x='http://www.w3.org/2000/svg'>x</x:script></svg>",
        "<?xml-stylesheet type='text/xsl' href='s.svg'?><svg width='1' height='1'/>",
        "<svg width='1' height='1'><image href='data:image/svg+xml;base64,AA'/></svg>",
        // The break-it round: a link's address set by animation after the checks.
        "<svg width='1' height='1'><a href='#a'><set attributeName='href' to='tel:0570000111'/></a></svg>",
        "<svg width='1' height='1'><a href='#a'><animate attributeName='href' values='https://evil.example/'/></a></svg>",
        "<svg width='1' height='1'><s:set xmlns:s='http://www.w3.org/2000/svg' attributeName='href'/></svg>",
        "<svg width='1' height='1' xml:base='https://evil.example/'><rect/></svg>",
        "<svg width='1' height='1' style=\"background:image-set('https://evil.example/p.png' 1x)\"/>",
        "<svg width='1' height='1'><image xlink:href = \"https://evil.example/x.png\"/></svg>",
        "<svg width='1' height='1'><style>@import url(https://evil.example/x.css)</style></svg>",
        "<svg width='1' height='1'><rect fill='url(https://evil.example/p)'/></svg>",
        "<svg width='1' height='1'><text>0120</text></svg>",
        "<svg width='1' height='1'><t:text xmlns:t='http://www.w3.org/2000/svg'>1</t:text></svg>",
        "<?xml version='1.0' encoding='ISO-2022-JP'?><svg width='1' height='1'/>",
        "<svg width='1' height='1'>\u{1b}$B#0\u{1b}(B</svg>",
    ] {
        let svg = svg.replace("\\n", "\n");
        assert!(Image::from_bytes("a.svg", svg.into_bytes()).size.is_err());
    }
    // A word with `on` in it is not a handler.
    let fine = "<svg width='10' height='10' font='x' done='1'><rect fill='url(#g)' clip-path=\"url( '#c')\"/><use href='#r'/></svg>";
    assert_eq!(Image::from_bytes("a.svg", fine.into()).size, Ok((10, 10)));
}

#[test]
fn an_image_larger_than_the_side_limit_is_refused() {
    let huge = "<svg width='9000' height='10'></svg>";
    assert!(Image::from_bytes("a.svg", huge.into()).size.is_err());
}

#[test]
fn a_file_must_be_the_format_its_name_says() {
    let png = Image::from_bytes("a.png", tiny_png());
    assert_eq!(png.size, Ok((3, 2)));
    let renamed = Image::from_bytes("a.jpg", tiny_png());
    assert!(matches!(renamed.size, Err(ImageProblem::Unreadable(m)) if m.contains("not a JPG")));
    let text = Image::from_bytes("a.png", b"hello".to_vec());
    assert!(text.size.is_err());
}

/// The header of a 3×2 PNG.
fn tiny_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(3u32.to_be_bytes());
    png.extend(2u32.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    // An IDAT chunk (its data is not decoded) and the IEND chunk.
    png.extend(b"\0\0\0\x01IDAT\0\0\0\0\0");
    png.extend(b"\0\0\0\0IEND\xAE\x42\x60\x82");
    png
}

#[test]
fn a_header_without_the_image_after_it_is_refused() {
    let png = tiny_png();
    assert_eq!(Image::from_bytes("a.png", png.clone()).size, Ok((3, 2)));
    // The header alone (33 bytes), and the file cut before its end.
    for cut in [33, png.len() - 12, png.len() - 1] {
        let size = Image::from_bytes("a.png", png[..cut].to_vec()).size;
        assert!(size.is_err(), "{cut}: {size:?}");
    }
    // JPEG: start, a frame header (100×50), end; no scan of image data.
    let mut jpeg = b"\xFF\xD8\xFF\xC0\0\x11\x08\0\x32\0\x64\x03".to_vec();
    jpeg.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    jpeg.extend(b"\xFF\xD9");
    assert!(Image::from_bytes("a.jpg", jpeg.clone()).size.is_err());
    let end = jpeg.len() - 2;
    jpeg.splice(end..end, b"\xFF\xDA\0\x02".iter().copied());
    assert_eq!(Image::from_bytes("a.jpg", jpeg).size, Ok((100, 50)));
    // GIF: the screen descriptor and the trailer, no image; then with one.
    let mut gif = b"GIF89a\x64\0\x32\0\0\0\0".to_vec();
    assert!(
        Image::from_bytes("a.gif", [gif.clone(), vec![0x3B]].concat())
            .size
            .is_err()
    );
    gif.extend(b"\x21\xF9\x04\0\0\0\0\0"); // a graphic control extension
    gif.extend(b"\x2C\0\0\0\0\x64\0\x32\0\0\x02\x02\x44\x01\0\x3B");
    assert_eq!(Image::from_bytes("a.gif", gif).size, Ok((100, 50)));
}

#[test]
fn only_an_svg_is_held_and_another_format_is_published_only_while_unchanged() {
    let dir = std::env::temp_dir().join(format!("madoguchi-image-copy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shot.png");
    std::fs::write(&file, tiny_png()).unwrap();
    let png = Image::from_bytes("articles/shot.png", tiny_png());
    assert!(png.svg.is_empty(), "a PNG's bytes are not held");
    assert_eq!(
        png.bytes_to_publish(&file).as_deref(),
        Some(&tiny_png()[..])
    );
    // Edited after it was loaded and measured: not published.
    let mut edited = tiny_png();
    edited[20] = 9;
    std::fs::write(&file, &edited).unwrap();
    assert_eq!(png.bytes_to_publish(&file), None);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(png.bytes_to_publish(&file), None, "gone");
    // An SVG is read as text by the check: it is held, and published as checked, whatever
    // its file says now.
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#;
    let image = Image::from_bytes("articles/a.svg", svg.into());
    assert_eq!(image.svg.as_slice(), svg.as_bytes());
    assert_eq!(
        image.bytes_to_publish(&file).as_deref(),
        Some(svg.as_bytes())
    );
    std::fs::remove_dir_all(&dir).ok();
}
