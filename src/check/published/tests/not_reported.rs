//! What is not reported: what is not a number, and vetted numbers in any form.

use super::*;

finds! {
    /// Dates in every written form, and a list of them.
    not_dates: "<p>2026-12-02、2026/11/30、2026年12月2日、2026.12.02、02/12/2026、12/29〜1/3、2026-12</p>
        <p>2026-12-02 2026-12-03 2026-12-04 2026-12-05</p>" => [];
    /// A date before a number hides nothing, and is not read into it.
    date_then_number: "<p>2026-12-02 0120-444-4444</p>" => ["01204444444"];
    /// Times.
    not_times: "<p>09:00〜17:00、9時〜18時、09:00-12:00 13:00-17:00、9:00 to 17:00</p>" => [];
    /// Prices.
    not_prices: "<p>2,110円、¥1,200、1,000,000円、税込 3,300 円、$1,100.50</p>" => [];
    /// Postal codes.
    not_postal_codes: "<p>〒150-0001、〒 060-0001 札幌市、〒1500001 〒100-8111 東京都</p>" => [];
    /// Years, percentages, versions, counts.
    not_quantities: "<p>2026年、1999-2026、10%、0.5%、v1.0.2、10000ページ、第3版</p>" => [];
    /// Placeholders written with circles.
    not_placeholders: "<p>＠〇〇.rakuten.co.jp、〇〇さま、○○市、○ 対応、◯ 可</p>" => [];
    /// Ordinary prose with kanji numerals.
    not_kanji_prose: "<p>一般の方は一つずつ、十一月三日に。一・二年生は統一して。</p>" => [];
    /// Script, style and comment contents.
    not_hidden_markup: "<script>var t = '0120-444-4444';</script>\
        <style>.x{color:#9110a0;width:01204444444px}</style><!-- 0120-444-4444 -->" => [];
    /// URLs of ordinary links, image sources, ids and classes.
    not_urls_and_ids: r#"<a href="https://example.com/0120-444-4444?id=01204444444">公式サイト</a>
        <img src="/img/0120444444.png" alt="ロゴ"><div id="n0120444444" class="c-0120-444-4444" data-tel="0120-444-4444">x</div>"# => [];
    /// Order numbers, card numbers and ids too long to be a number and its glue.
    not_long_ids: "<p>注文番号 0123456789012345、ID 12345678901234567890</p>" => [];
    /// Three-digit numbers that are part of a larger numeral.
    not_short_in_numerals: "<p>2,110円、1.188、3110、〒110-0001、110-119-1</p>" => [];
    /// Three-digit numbers that are quantities, ordinals, addresses or words.
    not_short_quantities: "<p>110円、188件、110km、119 ページ、第110条、約110人、110番地、110%、Room 110、
        School enrolment 110、子どもの入学 110 / Enrolment 110、v110、/110、abc110</p>" => [];
    /// Other three-digit numbers.
    /// Service numbers before a spaced counter or unit.
    not_short_before_spaced_counters: "<p>110 円、188 件、119 ページ、110 メートル、188 ポイント、117 人、
        117 世帯、110 坪の、188 時間外、110 万円、119 リットル、117 年の</p>" => [];
    not_other_short: "<p>100、999、120、200</p>" => [];
    /// `#` and digits that are not a short code.
    not_short_codes: "<p>#91100、#911、C#、#1 と #12</p>" => [];
    /// `№` reads as "No", not as the `#` key.
    not_numero_sign: "<p>№9110</p>" => [];
    /// Too short and too long.
    not_wrong_lengths: "<p>0120-444-44、012-345-678、03-1234-567</p>" => [];
    /// Starting with 00, and all zeros.
    not_double_zero: "<p>00-1234-5678、0000-0000-0000</p>" => [];
    /// Decimal digits in a URL shown as text do not glue into a number across `/`.
    not_shown_url_ids: "<p>https://www.gov-online.go.jp/pr/media/cd/201511/201511_08.html</p>" => [];
    /// Character references are decoded before the scan, never read as `#` and digits.
    not_character_references: "<p>&#9742; 電話 &#8209; &#9110; &#x2611;</p>" => [];
    /// A corporate number, an invoice registration number, a JAN code and an ISBN after their
    /// labels: digits glued to a number inside them are not read off them.
    not_identifiers_after_labels: "<p>法人番号 8010001034740、登録番号：T8010001034740、
        JAN 4901234567894、ISBN 978-4-01-234567-8、商品コード 4901201044440</p>" => [];
    /// Order numbers after their label, and a card number.
    not_order_and_card_numbers: "<p>注文番号 123456-20261203-0000123、カード 4111 1111 1111 1111</p>" => [];
    /// Compact dates and ids.
    not_compact_dates: "<p>20261203、id 2026120312、v20261203</p>" => [];
    /// Lists of years, in prose and in a table.
    not_years: "<p>2024 2025 2026</p><p>2024, 2025, 2026</p>
        <table><tr><th>2024</th><th>2025</th><th>2026</th></tr><tr><td>1,234</td><td>2,345</td></tr></table>" => [];
    /// Version strings.
    not_versions: "<p>1.2.3、v2.10.0、10.0.19045</p>" => [];
    /// A step of a procedure.
    not_steps: "<p>手順110、第110項、110章</p>" => [];
    /// Times with colons, and a list of hours.
    not_times_with_colons: "<p>9:00-17:00、10:00〜12:00 13:00〜17:00、受付 09:00:00</p>" => [];
    /// Link fragments, heading ids, data attributes, text scripts and machine-readable times.
    not_machine_text: r##"<a href="#1234">x</a><h2 id="0120-444-4444">x</h2>
        <div data-tel="0120-444-4444" data-n="110">x</div>
        <script type="text/plain">0120-444-4444</script>
        <time datetime="2026-12-03T09:00">12月3日</time>"## => [];
    /// Ruby text over a word is read on its own.
    not_ruby_annotation: "<p><ruby>窓口<rt>まどぐち</rt></ruby> 2026年</p>" => [];
    /// Letters that look like digits in words, and `x` between numbers in sizes.
    /// Dates with a weekday in brackets, and short numbers around an aside: a reading across an
    /// aside counts only as a whole number.
    not_across_short_asides: "<p>12/3（火）10:00〜、1（火）・10（水）、3（日）10時、第1（月）19（火）</p>" => [];
    /// Number words in ordinary prose, and a vetted number spelt out.
    not_number_words_in_prose: "<p>いちにちに二回、ごごにまるでサンプルのように。きれいにします。
        Someone often phones; one or two, oh well. ぜろから始めます。</p>" => [];
    not_words_with_lookalikes: "<p>USB 3.0、B2B、SOS、CO2、1920x1080、A4、Z世代</p>" => [];
}

// -----------------------------------------------------------------------------------------
// Vetted numbers, in any written form, are not reported

#[test]
fn vetted_numbers_in_any_form_are_not_reported() {
    let html = r##"<html><head><title>窓口 03-3446-0999</title>
        <meta name="description" content="消費者ホットライン188"></head><body>
        <p>03-3446-0999、０３－３４４６－０９９９、(03) 3446-0999、03（3446）0999</p>
        <p>+81 3-3446-0999、+81 (0)3-3446-0999、〇三-三四四六-〇九九九、𝟎𝟑-𝟑𝟒𝟒𝟔-𝟎𝟗𝟗𝟗</p>
        <p>03&#8209;3446&shy;0999、0<b>3</b>-3446-0999 9時〜17時、03-3446-0999 24時間</p>
        <p>050-5838-4333、+81-50-5838-4333、＃９１１０、#9110、♯9110、188（いやや）、一八八</p>
        <a href="tel:+81334460999" title="03-3446-0999">電話</a><a href="tel:188">188</a>
        <a href="tel:%239110">#9110</a></body></html>"##;
    let found = unvetted_numbers(html.as_bytes(), &vetted());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn vetted_numbers_in_the_new_forms_are_not_reported() {
    // Found by the second break-it round: `&#8209;` (a non-breaking hyphen) was read as the
    // short code `#8209`; lists joined by `、` ran two vetted numbers into one.
    let html = "<p>&#9742; 03&#8209;3446&#8209;0999</p>
        <p>03-3446-0999、050-5838-4333、188、#9110</p>
        <p>03|3446|0999、03：3446：0999、03（代表）3446-0999、〇三-三千四百四十六-〇九九九</p>";
    let found = unvetted_numbers(html.as_bytes(), &vetted());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn vetted_numbers_with_asides_readings_and_in_words_are_not_reported() {
    // The third break-it round's readings, of vetted numbers.
    let html = "<p>03（平日9時〜17時）3446-0999、ぜろさん さんよんよんろく ぜろきゅうきゅうきゅう</p>
        <p><ruby>03<rt>ぜろさん</rt></ruby>-3446-0999 に電話します。</p>
        <p>zero three three four four six zero nine nine nine</p>
        <a href=\"mailto:help@rakuten.co.jp?subject=%E7%9B%B8%E8%AB%87&amp;body=03-3446-0999\">x</a>";
    let found = unvetted_numbers(html.as_bytes(), &vetted());
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn vetted_numbers_are_read_in_any_written_form() {
    let v = VettedNumbers::new(["03-3446-0999".to_string(), "＃９１１０".to_string()]);
    assert!(v.contains("0334460999"));
    assert!(v.contains("#9110"));
    assert!(!v.contains("0334460998"));
}

#[test]
fn an_unvetted_number_beside_a_vetted_one_is_reported() {
    let html = "<p>03-3446-0999 または 03-3446-0998</p>";
    let found = unvetted_numbers(html.as_bytes(), &vetted());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].canonical, "0334460998");
}
