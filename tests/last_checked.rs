//! Issue 14, 最終確認日: each situation page and article shows the oldest `checked` date of the
//! windows it shows or references (label `last_checked`), on screen, in its print chapter and
//! in the page's metadata (`<meta name="last-checked">` and `<time datetime>`). A page that
//! shows and names no window shows none.

mod common;

use common::{Guide, CONTACT_MD, DELIVERY_MD, FAQ_MD, GUIDE};

/// The line a page shows for `date`, in Japanese.
fn line(date: &str) -> String {
    format!("<p class=\"last-checked\">最終確認日 <time datetime=\"{date}\">{date}</time></p>")
}

fn meta(date: &str) -> String {
    format!("<meta name=\"last-checked\" content=\"{date}\">")
}

/// The good guide with a window of each situation checked on its own day: `ichiba-support`
/// (delivery's `also`) on 2026-10-01, `police-consult` (trouble's `also`) on 2026-09-15.
fn guide_with_dates() -> Guide {
    let guide = Guide::good();
    let old = |id: &str, date: &str| {
        let text = guide.read(GUIDE);
        let at = text.find(&format!("id: {id}\n")).unwrap();
        let checked = at + text[at..].find("checked: 2026-11-20").unwrap();
        let edited = format!(
            "{}checked: {date}{}",
            &text[..checked],
            &text[checked + "checked: 2026-11-20".len()..]
        );
        guide.write(GUIDE, edited);
    };
    old("ichiba-support", "2026-10-01");
    old("police-consult", "2026-09-15");
    guide
}

#[test]
fn a_situation_page_shows_the_oldest_date_of_its_windows_on_screen_in_print_and_in_its_head() {
    let guide = guide_with_dates();
    guide.build().ok();
    let delivery = guide.read("output/situations/delivery.html");
    assert!(delivery.contains(&line("2026-10-01")), "{delivery}");
    assert!(delivery.contains(&meta("2026-10-01")));
    let trouble = guide.read("output/situations/trouble.html");
    assert!(trouble.contains(&line("2026-09-15")));
    let print = guide.read("output/print.html");
    assert!(print.contains(&line("2026-10-01")) && print.contains(&line("2026-09-15")));
}

#[test]
fn the_windows_an_article_references_count_on_its_page_and_on_its_situations_page() {
    let guide = guide_with_dates();
    // The delivery article names the trouble situation's older window.
    guide.append(
        DELIVERY_MD,
        "\n{{ window(id=\"police-consult\", field=\"phone\") }}\n",
    );
    // The FAQ references `consumer-hotline` only (2026-11-20).
    guide.build().ok();
    let delivery = guide.read("output/situations/delivery.html");
    assert!(delivery.contains(&line("2026-09-15")), "{delivery}");
    let faq = guide.read("output/articles/faq.html");
    assert!(faq.contains(&line("2026-11-20")) && faq.contains(&meta("2026-11-20")));
    // A later date of a referenced window is not the oldest.
    guide.append(FAQ_MD, "\n{{ window(id=\"ichiba-support\") }}\n");
    guide.build().ok();
    assert!(guide
        .read("output/articles/faq.html")
        .contains(&line("2026-10-01")));
}

#[test]
fn an_article_that_names_no_window_shows_no_date() {
    let guide = guide_with_dates();
    guide.build().ok();
    let contact = guide.read("output/articles/help/contact.html");
    assert!(!guide.read(CONTACT_MD).contains("window("));
    assert!(!contact.contains("last-checked"), "{contact}");
    assert!(!contact.contains("最終確認日"));
    // Nor do the pages that are not a situation's or an article's.
    assert!(!guide.read("output/index.html").contains("last-checked"));
}

#[test]
fn the_label_speaks_the_guides_language_and_can_be_overridden() {
    let guide = guide_with_dates();
    guide.replace(GUIDE, "lang: ja", "lang: en");
    guide.build().ok();
    let page = guide.read("output/situations/delivery.html");
    assert!(
        page.contains("Last checked <time datetime=\"2026-10-01\">"),
        "{page}"
    );
    guide.replace(
        GUIDE,
        "lang: en",
        "lang: en\nlabels: { last_checked: \"Checked on\" }",
    );
    guide.build().ok();
    assert!(guide
        .read("output/situations/delivery.html")
        .contains("Checked on <time datetime=\"2026-10-01\">"));
}
