//! Issue 14, images and files beside articles (as mdBook and Zola's colocated assets):
//! `![alt](order-history.png)` is found from the article's folder, copied into the output and
//! written as `<img>` with the `width` and `height` of the file's header, on the page and in
//! `print.html`. A missing file, an empty alt, a file over 2 MiB, a format other than PNG,
//! JPEG, WebP, GIF or SVG, a file that is not the format its name says, and a path leaving
//! `content/articles/` are each an error at the image. An SVG is only ever an `<img>`, and its
//! text, the alt text and the file name are read by the check of what is published.

mod common;

use common::{fixtures, Guide, CONTACT_MD, DELIVERY_MD, FAQ_MD};

fn png() -> Vec<u8> {
    std::fs::read(fixtures().join("images/order-history.png")).expect("the fixture image")
}

/// The good guide with `order-history.png` beside the articles and in `help/img/`.
fn guide_with_images() -> Guide {
    let guide = Guide::good();
    guide.write("content/articles/order-history.png", png());
    guide.write("content/articles/help/img/button.png", png());
    guide
}

const IMG: &str = "<img width=\"480\" height=\"200\" src=\"";

#[test]
fn an_image_beside_an_article_is_copied_and_written_with_its_size_on_every_page_that_shows_it() {
    let guide = guide_with_images();
    guide.append(
        FAQ_MD,
        "\n![購入履歴の「問い合わせ」ボタン](order-history.png)\n",
    );
    guide.append(
        DELIVERY_MD,
        "\n![購入履歴](./order-history.png \"購入履歴\")\n",
    );
    guide.append(
        CONTACT_MD,
        "\n![ボタン](img/button.png) ![上の階](../order-history.png)\n",
    );
    guide.build().ok();
    let faq = guide.read("output/articles/faq.html");
    assert!(
        faq.contains(&format!(
            "{IMG}../articles/order-history.png\" alt=\"購入履歴の「問い合わせ」ボタン\" />"
        )),
        "{faq}"
    );
    // The article shown on a situation's page, and the print page, lead to the same file.
    let delivery = guide.read("output/situations/delivery.html");
    assert!(
        delivery.contains(&format!(
            "{IMG}../articles/order-history.png\" alt=\"購入履歴\" title=\"購入履歴\" />"
        )),
        "{delivery}"
    );
    let contact = guide.read("output/articles/help/contact.html");
    assert!(
        contact.contains(&format!(
            "{IMG}../../articles/help/img/button.png\" alt=\"ボタン\""
        )),
        "{contact}"
    );
    assert!(contact.contains(&format!("{IMG}../../articles/order-history.png\"")));
    let print = guide.read("output/print.html");
    assert!(print.contains(&format!(
        "{IMG}articles/order-history.png\" alt=\"購入履歴の「問い合わせ」ボタン\""
    )));
    assert!(print.contains(&format!("{IMG}articles/help/img/button.png\"")));
    // The files themselves, byte for byte.
    let output = guide.output();
    assert_eq!(output["articles/order-history.png"], png());
    assert_eq!(output["articles/help/img/button.png"], png());
    // Sized to the page on screen and in print.
    assert!(guide
        .read("output/style.css")
        .contains(".article img { max-width: 100%; height: auto; }"));
}

#[test]
fn an_svg_is_an_img_with_the_size_it_declares_never_inlined() {
    let guide = Guide::good();
    guide.write(
        "content/articles/flow.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 120\"><rect width=\"300\" height=\"120\"/></svg>",
    );
    guide.append(FAQ_MD, "\n![流れ図](flow.svg)\n");
    guide.build().ok();
    let faq = guide.read("output/articles/faq.html");
    assert!(
        faq.contains(
            "<img width=\"300\" height=\"120\" src=\"../articles/flow.svg\" alt=\"流れ図\" />"
        ),
        "{faq}"
    );
    assert!(!faq.contains("<rect"));
}

/// The good guide with one image line added to the FAQ (and the fixture PNG beside it), built:
/// the run, and where the line is (`content/articles/faq.md:LINE`).
fn with_image_line(line: &str, extra: impl FnOnce(&Guide)) -> (common::Run, String) {
    let guide = guide_with_images();
    extra(&guide);
    let lines = guide.read(FAQ_MD).lines().count();
    guide.append(FAQ_MD, &format!("\n{line}\n"));
    (
        guide.build().code(1),
        format!("content/articles/faq.md:{}", lines + 2),
    )
}

#[test]
fn a_missing_file_is_an_error_at_the_image_saying_where_it_was_looked_for() {
    let (run, at) = with_image_line("見本 ![ボタン](order-histroy.png)", |_| {});
    run.only_error("image `order-histroy.png` not found", &format!("{at}:4"))
        .help("content/articles/order-histroy.png");
}

#[test]
fn an_image_without_alt_text_is_an_error() {
    let (run, at) = with_image_line("![](order-history.png)", |_| {});
    run.only_error(
        "image `order-history.png` has no alt text",
        &format!("{at}:1"),
    );
    let (run, _) = with_image_line("![  ](order-history.png)", |_| {});
    run.error_anywhere("has no alt text");
    // Invisible characters alone say nothing either (the break-it round).
    for alt in ["\u{200b}", "\u{ad}\u{3000}", "\u{2060}\u{feff}"] {
        let (run, _) = with_image_line(&format!("![{alt}](order-history.png)"), |_| {});
        run.error_anywhere("has no alt text");
    }
}

#[test]
fn a_file_over_the_limit_is_an_error_and_is_never_read() {
    let (run, at) = with_image_line("![大きい](big.png)", |guide| {
        guide.write("content/articles/big.png", vec![0u8; 2 * 1024 * 1024 + 1]);
    });
    run.only_error(
        "image `big.png` is too large (2049 KiB; the limit is 2048 KiB)",
        &format!("{at}:1"),
    );
}

#[test]
fn a_format_not_published_or_a_file_not_its_named_format_is_an_error() {
    let (run, at) = with_image_line("![古い形式](shot.bmp)", |guide| {
        guide.write("content/articles/shot.bmp", b"BM....");
    });
    run.only_error(
        "image `shot.bmp` is not in a format published",
        &format!("{at}:1"),
    )
    .help("PNG, JPEG, WebP, GIF or SVG");
    let (run, _) = with_image_line("![偽物](fake.jpg)", |guide| {
        guide.write("content/articles/fake.jpg", png());
    });
    run.error_anywhere("image `fake.jpg` cannot be published: the file is not a JPG image");
    let (run, _) = with_image_line("![文字](text.png)", |guide| {
        guide.write("content/articles/text.png", b"not an image");
    });
    run.error_anywhere("image `text.png` cannot be published");
    let (run, _) = with_image_line("![大きさなし](nosize.svg)", |guide| {
        guide.write(
            "content/articles/nosize.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        );
    });
    run.error_anywhere("image `nosize.svg` cannot be published: the SVG gives no size");
}

#[test]
fn a_path_leaving_the_articles_folder_or_not_a_path_is_an_error() {
    for dest in [
        "../guide.png",
        "../../../etc/passwd.png",
        "./help/../../x.png",
    ] {
        let (run, at) = with_image_line(&format!("![外](<{dest}>)"), |_| {});
        run.only_error(
            &format!("image `{dest}` is outside content/articles/"),
            &format!("{at}:1"),
        );
    }
    for dest in [
        "/order-history.png",
        "order-history.png?v=2",
        "order-history.png#x",
        "a%FF.png",
    ] {
        let (run, _) = with_image_line(&format!("![外]({dest})"), |_| {});
        run.error_anywhere(&format!("image `{dest}` is not a file's path"));
    }
}

#[test]
fn every_problem_in_a_file_is_reported_in_one_run() {
    let (run, _) = with_image_line("![](a.png) ![b](b.gif) ![c](c.tiff)", |_| {});
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
}

#[test]
fn what_a_reader_meets_in_an_image_is_checked_for_unvetted_numbers() {
    // The alt text, an SVG's text, and the file's name.
    let (run, _) = with_image_line("![電話 0120-444-4444](order-history.png)", |_| {});
    run.error_anywhere("0120-444-4444");
    let (run, _) = with_image_line("![電話](call.svg)", |guide| {
        guide.write(
            "content/articles/call.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>0120-444-4444</text></svg>",
        );
    });
    run.error_anywhere("number `01204444444` is published");
    let (run, _) = with_image_line("![電話](0120-444-4444.png)", |guide| {
        guide.write("content/articles/0120-444-4444.png", png());
    });
    run.error_anywhere("0120-444-4444");
    // The file name's number is located at the image file, not "no content file holds it".
    assert!(
        run.errors()
            .iter()
            .any(|e| e.message.contains("01204444444")
                && e.text.contains("in content/articles/0120-444-4444.png")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_file_where_an_image_goes_is_an_error() {
    let guide = guide_with_images();
    guide.write("themes/t/static/articles/order-history.png", png());
    let run = guide.run(&["build", "--theme", "t"]).code(1);
    run.error_anywhere("theme file `static/articles/order-history.png` would replace");
}

/// The break-it round: `a.png` and `A.png` (or a name in NFC and in NFD) were both published,
/// and are one file on macOS and Windows hosts. An error at the second, naming the first: where
/// an article shows it, else at its file.
#[test]
fn images_whose_names_differ_only_in_case_or_unicode_form_are_an_error_at_the_second() {
    let guide = guide_with_images();
    guide.write("content/articles/A.png", png());
    guide.write("content/articles/a.png", png());
    let lines = guide.read(FAQ_MD).lines().count();
    guide.append(FAQ_MD, "\n![大](A.png) ![小](a.png)\n");
    for run in [guide.check().code(1), guide.build().code(1)] {
        run.only_error(
            "image `content/articles/a.png` would replace the image `content/articles/A.png` (`articles/A.png`): the names differ only in case",
            &format!("content/articles/faq.md:{}:13", lines + 2),
        )
        .help("rename the file");
    }
    // Unshown, and in NFD beside NFC (as a file copied from macOS is named): at the file.
    let guide = guide_with_images();
    let nfd = "content/articles/ホ\u{3099}タン.png";
    guide.write("content/articles/ボタン.png", png());
    guide.write(nfd, png());
    let run = guide.check().code(1);
    run.error_anywhere("image `content/articles/ボタン.png` would replace the image `content/articles/ホ\u{3099}タン.png`")
        .mentions("differ only in Unicode form (one NFC, one NFD")
        .mentions("in content/articles/ボタン.png");
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
}

/// A folder of images named like a page (`faq.html/`, or `FAQ.HTML/`) failed only when the
/// build wrote it ("Not a directory"), and `check` passed.
#[test]
fn an_image_in_a_folder_named_like_a_page_is_an_error_at_the_image() {
    for folder in ["faq.html", "FAQ.HTML"] {
        let guide = guide_with_images();
        guide.write(&format!("content/articles/{folder}/x.png"), png());
        for run in [guide.check().code(1), guide.build().code(1)] {
            run.error_anywhere(&format!("image `content/articles/{folder}/x.png` would be written in a folder `articles/{folder}`, where the build writes the page of `content/articles/faq.md` as a file (`articles/faq.html`)"))
                .mentions(&format!("in content/articles/{folder}/x.png"))
                .help("cannot be both a file and a folder");
            assert_eq!(run.errors().len(), 1, "{}", run.stderr);
            assert!(!run.stderr.contains("failed to write"), "{}", run.stderr);
        }
    }
    // Shown by an article: at the first place one shows it.
    let guide = guide_with_images();
    guide.write("content/articles/help/contact.html/x.png", png());
    let lines = guide.read(CONTACT_MD).lines().count();
    guide.append(CONTACT_MD, "\n![図](contact.html/x.png)\n");
    guide.check().code(1).only_error(
        "image `content/articles/help/contact.html/x.png` would be written in a folder `articles/help/contact.html`",
        &format!("content/articles/help/contact.md:{}:1", lines + 2),
    );
}

#[test]
fn an_image_folder_named_like_an_article_without_html_is_published() {
    let guide = guide_with_images();
    guide.write("content/articles/faq/shot.png", png());
    guide.append(FAQ_MD, "\n![図](faq/shot.png)\n");
    guide.build().ok();
    let output = guide.output();
    assert_eq!(output["articles/faq/shot.png"], png());
    assert!(output.contains_key("articles/faq.html"));
}

/// A reference in NFC to a file named in NFD (or in another case) is not found, and the help
/// says why, as the two names look identical.
#[test]
fn a_missing_image_named_in_another_unicode_form_or_case_says_so() {
    let (run, at) = with_image_line("![ボタン](ボタン.png)", |guide| {
        guide.write("content/articles/ホ\u{3099}タン.png", png());
    });
    run.only_error("image `ボタン.png` not found", &format!("{at}:1"))
        .help("`content/articles/ホ\u{3099}タン.png` looks the same but is written in another Unicode form (NFC/NFD");
    let (run, at) = with_image_line("![購入履歴](Order-History.png)", |_| {});
    run.only_error("image `Order-History.png` not found", &format!("{at}:1"))
        .help("`content/articles/order-history.png` differs from it in case");
}

#[test]
fn a_theme_file_in_a_folder_named_like_a_page_or_differing_only_in_case_is_an_error() {
    let guide = guide_with_images();
    guide.write("themes/t/static/articles/Order-History.png", png());
    guide.write("themes/t/static/index.html/x.css", "p {}");
    let run = guide.run(&["build", "--theme", "t"]).code(1);
    run.error_anywhere("theme file `static/articles/Order-History.png` would replace the page `articles/order-history.png` the build writes there (the names differ only in case");
    run.error_anywhere("theme file `static/index.html/x.css` and the file `index.html` the build writes cannot both be written");
    assert!(!run.stderr.contains("failed to write"), "{}", run.stderr);
}

#[test]
fn file_names_with_spaces_and_japanese_are_published_under_an_escaped_src() {
    let guide = guide_with_images();
    guide.write("content/articles/購入 履歴.png", png());
    guide.append(
        FAQ_MD,
        "\n![購入履歴](<購入 履歴.png>) ![同じ](%E8%B3%BC%E5%85%A5%20%E5%B1%A5%E6%AD%B4.png)\n",
    );
    guide.build().ok();
    let faq = guide.read("output/articles/faq.html");
    let src = "../articles/%E8%B3%BC%E5%85%A5%20%E5%B1%A5%E6%AD%B4.png";
    assert_eq!(faq.matches(&format!("{IMG}{src}\"")).count(), 2, "{faq}");
    assert_eq!(guide.output()["articles/購入 履歴.png"], png());
}

#[test]
fn an_svg_that_could_run_script_when_opened_on_its_own_is_an_error() {
    let (run, _) = with_image_line("![図](x.svg)", |guide| {
        guide.write(
            "content/articles/x.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\" onload=\"alert(1)\"></svg>",
        );
    });
    run.error_anywhere("image `x.svg` cannot be published: the SVG has an event handler");
    let (run, _) = with_image_line("![図](y.svg)", |guide| {
        guide.write(
            "content/articles/y.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>",
        );
    });
    run.error_anywhere("the SVG holds `script`");
}

#[test]
fn an_svg_that_could_show_a_number_the_checks_cannot_read_is_an_error() {
    // Each passed the checks and showed 0120-444-4444 (a break-it round): a nested SVG in a
    // `data:` image, XSLT applied to itself, script under a namespace prefix, text placed by
    // coordinates, another encoding, a file from elsewhere.
    let inner = "PHN2Zz48dGV4dD4wMTIwLTQ0NC00NDQ0PC90ZXh0Pjwvc3ZnPg==";
    for (svg, said) in [
        (format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"data:image/svg+xml;base64,{inner}\"/></svg>"), "the SVG holds `data:`"),
        ("<?xml-stylesheet type=\"text/xsl\" href=\"s.svg\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_owned(), "the SVG holds `<?xml-stylesheet`"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><x:script xmlns:x=\"http://www.w3.org/2000/svg\">1</x:script></svg>".to_owned(), "the SVG holds `script`"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text x=\"9\">44</text><text x=\"1\">0120</text></svg>".to_owned(), "the SVG holds text"),
        ("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".to_owned(), "the SVG declares the encoding `iso-2022-jp`"),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"https://evil.example/n.png\"/></svg>".to_owned(), "the SVG refers to `https://evil.example/n.png`"),
    ] {
        let (run, _) = with_image_line("![図](z.svg)", |guide| {
            guide.write("content/articles/z.svg", svg.as_str());
        });
        run.error_anywhere(&format!("image `z.svg` cannot be published: {said}"));
    }
}

#[test]
fn a_small_file_declaring_a_huge_image_is_an_error() {
    // A PNG header claiming 100,000 × 100,000 pixels: a phone would try to decode 40 GB.
    let mut huge = png();
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let (run, _) = with_image_line("![巨大](huge.png)", |guide| {
        guide.write("content/articles/huge.png", huge);
    });
    run.error_anywhere("it is 100000×100000 pixels (at most 8192 on each side)");
}

/// An image beside the articles that cannot be published and that no article shows is left
/// out of the output with a warning, not silently; one an article shows is that article's
/// error alone.
#[test]
fn an_unpublishable_image_no_article_shows_is_a_warning_not_silently_dropped() {
    const NO_SIZE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    let guide = guide_with_images();
    guide.write("content/articles/help/nosize.svg", NO_SIZE);
    guide.write(
        "content/articles/flow.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 3 1\"><rect width=\"3\" height=\"1\"/></svg>",
    );
    let run = guide.build().code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].message
            == "image `content/articles/help/nosize.svg` is not published: the SVG gives no size: give its <svg> `width` and `height` in pixels, or a `viewBox`",
        "{}",
        run.stderr
    );
    assert!(warnings[0]
        .text
        .contains("in content/articles/help/nosize.svg"));
    assert!(warnings[0].text.contains("no article shows it"));
    assert!(!guide.out().join("articles/help/nosize.svg").exists());
    // A good image no article shows is published, without a word (as Zola does).
    assert!(guide.out().join("articles/flow.svg").is_file());
    guide.run(&["build", "--strict"]).code(1);
    // Shown by an article: the article's error, and no warning besides.
    let (run, _) = with_image_line("![図](help/nosize.svg)", |guide| {
        guide.write("content/articles/help/nosize.svg", NO_SIZE);
    });
    run.error_anywhere("image `help/nosize.svg` cannot be published: the SVG gives no size");
    assert!(run.warnings().is_empty(), "{}", run.stderr);
}

/// Makes a named pipe at `path` with the system's `mkfifo`; `false` (said loudly) without one.
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) -> bool {
    match std::process::Command::new("mkfifo").arg(path).status() {
        Ok(status) if status.success() => true,
        other => {
            eprintln!(
                "SKIPPED: no named pipe made with `mkfifo` ({other:?}): this test did not run"
            );
            false
        }
    }
}

/// Runs madoguchi on `guide`; fails if it is still running after a minute (it would be blocked
/// opening the named pipe `fifo`: that open is let through first, so nothing is left hanging).
#[cfg(unix)]
fn run_beside_a_pipe(guide: &common::Guide, fifo: &std::path::Path, args: &[&str]) -> common::Run {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = tx.send(guide.run(args));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(run) => run,
            Err(_) => {
                drop(std::fs::OpenOptions::new().write(true).open(fifo));
                panic!("madoguchi blocked on the named pipe `{}`", fifo.display());
            }
        }
    })
}

/// A named pipe with an image's name is there but is no file to publish: never opened (that
/// would block the build), an error at the image an article shows, else a warning that it is
/// left out, as for any image that cannot be published.
#[cfg(unix)]
#[test]
fn a_named_pipe_with_an_image_name_is_not_a_regular_file_and_is_never_opened() {
    const SAID: &str = "is not a regular file (it is a named pipe)";
    let guide = guide_with_images();
    let fifo = guide.path("content/articles/p.png");
    if !mkfifo(&fifo) {
        return;
    }
    let lines = guide.read(FAQ_MD).lines().count();
    guide.append(FAQ_MD, "\n見本 ![ボタン](p.png)\n");
    let run = run_beside_a_pipe(&guide, &fifo, &["build"]).code(1);
    run.only_error(
        &format!("image `p.png` {SAID}"),
        &format!("content/articles/faq.md:{}:4", lines + 2),
    )
    .mentions("not a regular file")
    .mentions("content/articles/p.png");
    assert!(!run.stderr.contains("not found"), "{}", run.stderr);

    // Shown by no article: a warning, and it is left out of the output.
    let guide = guide_with_images();
    let fifo = guide.path("content/articles/help/p.png");
    assert!(mkfifo(&fifo));
    let run = run_beside_a_pipe(&guide, &fifo, &["build"]).code(0);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert_eq!(
        warnings[0].message,
        format!("image `content/articles/help/p.png` is not published: it {SAID}"),
        "{}",
        run.stderr
    );
    assert!(warnings[0].text.contains("in content/articles/help/p.png"));
    assert!(!guide.out().join("articles/help/p.png").exists());
    run_beside_a_pipe(&guide, &fifo, &["build", "--strict"]).code(1);
}

/// Images are read again when the output copies them (only an SVG is held). One whose file
/// name is not UTF-8 was looked for again under its lossy name (`x\u{FFFD}.png`), which is no
/// file: every build failed with "it changed or went while the build was reading it", though
/// nothing changed. Such a name cannot be published as it is (a page's `src` is UTF-8): it is
/// left out with a warning, as any image that cannot be published.
#[test]
#[cfg(target_os = "linux")]
fn an_image_whose_file_name_is_not_utf8_is_a_warning_not_a_failed_copy() {
    use std::os::unix::ffi::OsStrExt;
    let guide = guide_with_images();
    let name = std::ffi::OsStr::from_bytes(b"x\xff.png");
    let path = guide.root().join("content/articles").join(name);
    std::fs::write(&path, png()).unwrap();
    let run = guide.build().code(0);
    assert!(!run.stderr.contains("failed to copy"), "{}", run.stderr);
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].message.contains("its file name is not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(guide.out().join("articles/order-history.png").is_file());
}
