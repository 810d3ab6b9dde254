//! `email` windows: the address is on an official domain, is written as a `mailto:` link, and
//! no page shows an address that is not a vetted channel's `email` (as with numbers).

mod common;

use common::{bad_with, Guide, DELIVERY_MD, GUIDE};

/// The line after which an `email` is added to `ichiba-support` (line 31 of the good guide).
const ICHIBA_URL: &str = "    url: https://corp.faq.rakuten.net/livechat/chat_launch\n";
const DELIVERY_TEXT: &str = "購入履歴を開きます。";

fn with_email(guide: &Guide, address: &str) {
    guide.replace(
        GUIDE,
        ICHIBA_URL,
        &format!("{ICHIBA_URL}    email: {address}\n"),
    );
}

#[test]
fn an_email_window_on_an_official_domain_builds_as_a_mailto_link() {
    let guide = Guide::good();
    with_email(&guide, "help@rakuten.co.jp");
    guide.replace(GUIDE, "    kind: web\n", "    kind: email\n");
    guide.replace(
        DELIVERY_MD,
        DELIVERY_TEXT,
        "{{ window(id=\"ichiba-support\", field=\"email\") }} か HELP@Rakuten.co.jp へ。",
    );
    guide.build().ok();
    let page = guide.read("output/situations/delivery.html");
    assert!(
        page.contains(
            r#"<dd class="email"><a href="mailto:help@rakuten.co.jp">help@rakuten.co.jp</a></dd>"#
        ),
        "{page}"
    );
    assert!(page.contains(
        r#"<a href="mailto:help@rakuten.co.jp">help@rakuten.co.jp</a> か HELP@Rakuten.co.jp へ。"#
    ));
}

#[test]
fn an_email_off_the_official_domains_is_an_error_at_its_line() {
    bad_with(|g| with_email(g, "help@rakuten-support.example"))
        .only_error(
            "e-mail address is not on an official domain",
            "content/guide.yaml:32:12",
        )
        .mentions("`rakuten-support.example` is not an official domain");
    bad_with(|g| with_email(g, "help@rakuten.co.jp.evil.example")).only_error(
        "e-mail address is not on an official domain",
        "content/guide.yaml:32:12",
    );
    bad_with(|g| with_email(g, "\"mailto:help@rakuten.co.jp\""))
        .only_error(
            "e-mail address is not on an official domain",
            "content/guide.yaml:32:12",
        )
        .mentions("without `mailto:`");
}

#[test]
fn an_email_window_without_an_address_is_an_error() {
    bad_with(|g| {
        g.replace(GUIDE, "    kind: web\n", "    kind: email\n");
    })
    .only_error(
        "window `ichiba-support` is `kind: email` but gives no `email`",
        "content/guide.yaml:25:9",
    );
}

#[test]
fn an_address_no_vetted_channel_gives_fails_the_build_where_it_is_written() {
    bad_with(|g| {
        g.replace(DELIVERY_MD, DELIVERY_TEXT, "困ったら support@rakuten-help.example へ。");
    })
    .only_error(
        "e-mail address `support@rakuten-help.example` is published, but it is not the `email` of any vetted channel",
        "content/articles/delivery.md:7:6",
    )
    .mentions("situations/delivery.html");
}

#[test]
fn hidden_forms_of_an_address_are_read_as_the_reader_reads_them() {
    for written in [
        "[メール](mailto:support@evil.example)",
        "support&#64;evil.example",
        "ｓｕｐｐｏｒｔ＠ｅｖｉｌ.ｅｘａｍｐｌｅ",
        "support (at) evil.example",
        "support\\@evil.example",
        // The third break-it round (issue 13).
        "support @ evil.example",
        "support(at)evil(dot)example",
        "support[at]evil.example",
        "support あっと evil.example",
        "support@evil。example",
        "support@evil．example",
        "[メール](mailto:help@rakuten.co.jp?body=support%40evil.example)",
        // The seventh pass: forms the quick pass let by (with no other sign on the page).
        "support あ\u{200b}っと evil.example",
        "support ｱット evil.example",
        "support ㋐ット evil.example",
        "[メール](mailto:support%28at%29evil.example)",
        "[メール](mailto:support%EF%BC%A0evil.example)",
    ] {
        let run = bad_with(|g| {
            g.replace(DELIVERY_MD, DELIVERY_TEXT, written);
        });
        run.error_anywhere("e-mail address `support@evil.example` is published");
    }
}

#[test]
fn an_address_in_another_script_or_to_an_address_literal_is_read() {
    for (written, address) in [
        ("詐欺@evil.example へ。", "詐欺@evil.example"),
        ("support@[192.0.2.1] へ。", "support@[192.0.2.1]"),
    ] {
        let run = bad_with(|g| {
            g.replace(DELIVERY_MD, DELIVERY_TEXT, written);
        });
        run.error_anywhere(&format!("e-mail address `{address}` is published"));
    }
}

#[test]
fn an_official_domain_is_not_enough_the_address_must_be_a_channels() {
    bad_with(|g| {
        with_email(g, "help@rakuten.co.jp");
        g.replace(DELIVERY_MD, DELIVERY_TEXT, "info@rakuten.co.jp へ。");
    })
    .only_error(
        "e-mail address `info@rakuten.co.jp` is published",
        "content/articles/delivery.md:7:1",
    );
}

#[test]
fn a_senders_domain_shown_alone_is_not_an_address() {
    // As the bundled guide's safety article teaches readers to check a sender.
    let guide = Guide::good();
    guide.replace(
        DELIVERY_MD,
        DELIVERY_TEXT,
        "送信元は `@rakuten.co.jp`、`@〇〇.rakuten.co.jp` です。`@secure-rakuten.co.jp` は別物です。",
    );
    guide.build().ok();
}

#[test]
fn an_address_in_a_themes_template_is_reported_by_its_pages() {
    let guide = Guide::good();
    guide.build().ok();
    guide.write(
        "themes/mine/templates/404.html",
        "<!doctype html><title>404</title><p>support@evil.example</p>",
    );
    let run = guide.run(&["build", "--theme", "mine"]).code(1);
    run.error_anywhere("e-mail address `support@evil.example` is published, but it is not the `email` of any vetted channel (no content file holds it)")
        .mentions("404.html");
}

#[test]
fn the_sheet_gives_a_first_windows_address_as_it_gives_a_number() {
    let guide = Guide::good();
    with_email(&guide, "help@rakuten.co.jp");
    guide.replace(
        GUIDE,
        "    first: [shop-message]\n    also: [ichiba-support]\n",
        "    first: [ichiba-support]\n    also: [shop-message]\n",
    );
    guide.build().ok();
    let sheet = guide.read("output/cheatsheet/index.html");
    assert!(
        sheet.contains(r#"楽天市場お客様サポートセンター <span class="on-hand email">help@rakuten.co.jp</span>"#),
        "{sheet}"
    );
}

#[test]
fn a_look_alike_domain_is_read_as_an_address_of_its_own() {
    // `rakuten` with a Cyrillic `а`: not the vetted address, however alike it looks.
    bad_with(|g| {
        with_email(g, "help@rakuten.co.jp");
        g.replace(DELIVERY_MD, DELIVERY_TEXT, "help@r\u{430}kuten.co.jp へ。");
    })
    .error_anywhere("e-mail address `help@r\u{430}kuten.co.jp` is published");
}

/// `<someone@example.jp>` is an e-mail autolink: a `mailto:` link, vetted like any address,
/// not a relative link.
#[test]
fn an_email_autolink_is_a_mailto_link_vetted_like_any_address() {
    let guide = Guide::good();
    with_email(&guide, "help@rakuten.co.jp");
    guide.replace(DELIVERY_MD, DELIVERY_TEXT, "<help@rakuten.co.jp> へ。");
    let run = guide.build().ok();
    assert!(run.warnings().is_empty(), "{:?}", run.warnings());
    let page = guide.read("output/situations/delivery.html");
    assert!(
        page.contains(r#"<a href="mailto:help@rakuten.co.jp">help@rakuten.co.jp</a> へ。"#),
        "{page}"
    );
    // On the print page too, where links are rewritten for the chapters.
    assert!(guide
        .read("output/print.html")
        .contains(r#"<a href="mailto:help@rakuten.co.jp">"#));

    let run = bad_with(|g| {
        g.replace(DELIVERY_MD, DELIVERY_TEXT, "<someone@rakuten.co.jp> へ。");
    });
    run.only_error(
        "e-mail address `someone@rakuten.co.jp` is published, but it is not the `email` of any vetted channel",
        "content/articles/delivery.md:7:2",
    );
    assert!(
        !run.diagnostics()
            .iter()
            .any(|d| d.message.contains("relative")),
        "an address is not a relative link"
    );
}

/// The fourth break-it round (issue 13): each form published `scam@evil.example` with exit 0.
#[test]
fn quoted_commented_japanese_and_defanged_addresses_fail_the_build_naming_the_page() {
    for (written, raw_html) in [
        // P5: a quoted or commented mailbox name.
        ("[連絡](mailto:\"scam\"@evil.example)", false),
        ("[連絡](mailto:%22scam%22%40evil.example)", false),
        (
            "<a href=\"mailto:&quot;scam&quot;@evil.example\">連絡</a>",
            true,
        ),
        ("\"scam\"@evil.example", false),
        ("「scam」@evil.example", false),
        ("[連絡](mailto:scam(comment)@evil.example)", false),
        // P6: Japanese and defanged spellings.
        ("scam アットマーク evil ドット example", false),
        ("scam あっとまーく evil どっと example", false),
        ("scam（アット）evil（ドット）example", false),
        ("scam[@]evil[.]example", false),
        ("scam@evil[.]example", false),
        ("scam[at]evil[.]example", false),
        ("scam @ evil . example", false),
        ("scam@evil・example", false),
    ] {
        let run = bad_with(|g| {
            if raw_html {
                g.replace(GUIDE, "lang: ja", "lang: ja\nallow_raw_html: true");
            }
            g.replace(DELIVERY_MD, DELIVERY_TEXT, written);
        });
        run.error_anywhere("e-mail address `scam@evil.example` is published")
            .mentions("situations/delivery.html");
    }
}

/// W9: `。` after a vetted address ends the sentence; it does not make a longer address.
#[test]
fn punctuation_after_a_vetted_address_still_builds() {
    let guide = Guide::good();
    with_email(&guide, "help@rakuten.co.jp");
    guide.replace(
        DELIVERY_MD,
        DELIVERY_TEXT,
        "お問い合わせは help@rakuten.co.jp。Please write in Japanese. help@rakuten.co.jp．Thanks",
    );
    guide.build().ok();
    // A top-level domain after it is another address a reader may write to.
    bad_with(|g| {
        with_email(g, "help@rakuten.co.jp");
        g.replace(DELIVERY_MD, DELIVERY_TEXT, "help@rakuten.co.jp。com へ。");
    })
    .error_anywhere("e-mail address `help@rakuten.co.jp.com` is published");
}
