//! The catalogue of hostile forms: each found, and where.

use super::*;

finds! {
    /// A service number that ends a paragraph, before a block that starts with kanji (a block
    /// boundary reads as a space): not a counter (seventh break-it round).
    short_before_the_next_block: "<p>困ったら 117</p><p>出典一覧</p>" => ["117"];
    /// After a space, only a counter or a unit makes a service number a quantity.
    /// A last group of look-alikes, read as `03-3446-SOOO` is (seventh break-it round).
    lookalike_last_group: "<p>03-3446-lOOO、0120-444-IOOO</p>" => ["0334461000", "01204441000"];
    short_before_spaced_words: "<p>電話 117 出典、TEL 177 ログイン</p>" => ["117", "177"];
    /// A word that starts with a counter kanji or a unit is not a counter (seventh break-it
    /// round): `年中無休`, `月曜`, `通話料`, `日曜`, `時間外` is a counter word, `分かりやすい`,
    /// `ページトップへ`, and the same words starting the next block.
    short_before_words_that_start_like_counters: "<p>ホットライン 188 年中無休、110 月曜〜金曜、117 通話料無料、
        119 日曜も、171 分かりやすい、177 ページトップへ、189 ポイントカード</p>
        <p>困ったら 104</p><footer>月刊ニュース</footer>" => ["188", "110", "117", "119", "171", "177", "189", "104"];
    /// Letters glued before: `TEL` ends where the digits begin.
    glued_to_tel: "<p>TEL0120-444-4444</p>" => ["01204444444"];
    /// "No." and a point: the point is not a digit's neighbour that hides it.
    glued_to_no: "<p>No.0120-444-4444</p>" => ["01204444444"];
    /// Kanji and a slash glued before.
    glued_to_kanji_and_slash: "<p>電話/0120-444-4444</p>" => ["01204444444"];
    /// The `℡` sign reads as "TEL".
    glued_to_tel_sign: "<p>℡0120-444-4444</p>" => ["01204444444"];
    /// More digit groups after a space must not hide the number.
    followed_by_hours: "<p>0120-444-4444 24時間受付</p>" => ["01204444444"];
    /// Full-width brackets glued after.
    followed_by_bracket: "<p>0120-444-4444（平日）</p>" => ["01204444444"];
    /// Digits glued to the last group.
    digits_glued_after: "<p>0120-444-444424時間</p>" => ["01204444444"];
    /// Digits glued to the first group (a time's minutes).
    digits_glued_before: "<p>受付9:00-17:000120-444-4444</p>" => ["01204444444"];
    /// Digits glued on both sides of an unbroken number.
    digits_glued_both_sides: "<p>受付24 2401204444444 24時間</p>" => ["01204444444"];
    /// Two numbers, one after the other.
    two_numbers: "<p>0120-444-4444 または 03-1234-5678</p>" => ["01204444444", "0312345678"];
    /// A no-break space typed.
    nbsp_typed: "<p>0120\u{a0}444\u{a0}4444</p>" => ["01204444444"];
    /// A no-break space as a reference.
    nbsp_reference: "<p>0120&nbsp;444&nbsp;4444</p>" => ["01204444444"];
    /// Tabs and line breaks.
    tab_and_newline: "<p>0120\t444\n4444</p>" => ["01204444444"];
    /// Several spaces, and `&ensp;` / `&emsp;` / `&thinsp;`.
    several_spaces: "<p>0120   444 &ensp;&emsp;&thinsp;4444</p>" => ["01204444444"];
    /// The ideographic space.
    ideographic_space: "<p>0120\u{3000}444\u{3000}4444</p>" => ["01204444444"];
    /// Katakana middle dots, full and half width.
    middle_dots: "<p>0120・444･4444</p>" => ["01204444444"];
    /// Half-width and full-width long-vowel marks.
    long_vowel_marks: "<p>0120ｰ444ー4444</p>" => ["01204444444"];
    /// An em dash, an en dash, a minus sign, a full-width hyphen-minus.
    dashes: "<p>0120—444–4444 / 03−1234－5678</p>" => ["01204444444", "0312345678"];
    /// Dash references, named and Windows-1252 numeric.
    dash_references: "<p>0120&ndash;444&mdash;4444 03&#150;1234&minus;5678</p>"
        => ["01204444444", "0312345678"];
    /// Wave dashes between groups.
    wave_dashes: "<p>0120〜444〜4444</p>" => ["01204444444"];
    /// A zero-width space inside a group.
    zero_width_space: "<p>01\u{200b}20-444-4444</p>" => ["01204444444"];
    /// Zero-width joiner and non-joiner, and their references.
    zero_width_joiners: "<p>0120\u{200d}-444&zwnj;-4444</p>" => ["01204444444"];
    /// A word joiner and `&NoBreak;`.
    word_joiner: "<p>0120-4\u{2060}44-44&NoBreak;44</p>" => ["01204444444"];
    /// Byte order marks (zero-width no-break spaces).
    byte_order_mark: "<p>\u{feff}0120-444-\u{feff}4444</p>" => ["01204444444"];
    /// Left-to-right and right-to-left marks, typed and as references.
    bidi_marks: "<p>0120\u{200e}-444\u{200f}-44&lrm;4&rlm;4</p>" => ["01204444444"];
    /// Bidi overrides and isolates.
    bidi_controls: "<p>\u{202e}0120-444-4444\u{202c} \u{2066}03-1234-5678\u{2069}</p>"
        => ["01204444444", "0312345678"];
    /// A soft hyphen typed inside the groups.
    soft_hyphen_typed: "<p>0120\u{ad}444\u{ad}4444</p>" => ["01204444444"];
    /// `&shy;` inside the groups.
    soft_hyphen_reference: "<p>0120&shy;444&shy;4444</p>" => ["01204444444"];
    /// An unknown named reference reads as nothing, joining the digits around it.
    unknown_reference: "<p>0120&bogus;444&zzz;4444</p>" => ["01204444444"];
    /// Mathematical bold digits.
    math_bold: "<p>𝟎𝟏𝟐𝟎-𝟒𝟒𝟒-𝟒𝟒𝟒𝟒</p>" => ["01204444444"];
    /// Mathematical monospace digits.
    math_monospace: "<p>𝟶𝟷𝟸𝟶-𝟺𝟺𝟺-𝟺𝟺𝟺𝟺</p>" => ["01204444444"];
    /// Circled digits.
    circled: "<p>⓪①②⓪-④④④-④④④④</p>" => ["01204444444"];
    /// Negative and sans-serif circled digits (NFKC leaves these alone).
    dingbat_circled: "<p>⓿❶❷⓿-➍➍➍-➃➃➃➃</p>" => ["01204444444"];
    /// Parenthesised and full-stop digits.
    parenthesised: "<p>０⑴⑵０-⒋⒋⒋-4444</p>" => ["01204444444"];
    /// Superscript digits.
    superscripts: "<p>⁰¹²⁰-⁴⁴⁴-⁴⁴⁴⁴</p>" => ["01204444444"];
    /// Subscript digits.
    subscripts: "<p>₀₁₂₀-₄₄₄-₄₄₄₄</p>" => ["01204444444"];
    /// Full-width digits and hyphens.
    full_width: "<p>０１２０－４４４－４４４４</p>" => ["01204444444"];
    /// Keycap emoji digits.
    keycaps: "<p>0\u{fe0f}\u{20e3}1\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3}0\u{fe0f}\u{20e3}-444-4444</p>"
        => ["01204444444"];
    /// Kanji digits.
    kanji: "<p>〇一二〇-四四四-四四四四</p>" => ["01204444444"];
    /// `零` and `○` written for zero.
    kanji_zero_forms: "<p>零三-一二三四-五六七八 ○三・一二三四・五六七八</p>"
        => ["0312345678", "0312345678"];
    /// `一` between ASCII digits reads as the dash it looks like.
    kanji_one_as_dash: "<p>0120一444一4444</p>" => ["01204444444"];
    /// Letters O and l that look like digits.
    lookalike_letters: "<p>電話：O12O-444-4444</p>" => ["01204444444"];
    /// Cyrillic O.
    lookalike_cyrillic: "<p>\u{41e}3-1234-5678</p>" => ["0312345678"];
    /// A decimal reference for the first digit.
    decimal_reference: "<p>&#48;120-444-4444</p>" => ["01204444444"];
    /// Hex references, upper and lower case.
    hex_reference: "<p>&#x30;&#X31;20-444-4444</p>" => ["01204444444"];
    /// References for every character.
    all_references: "<p>&#48;&#49;&#50;&#48;&#45;&#52;&#52;&#52;&#45;&#52;&#52;&#52;&#52;</p>"
        => ["01204444444"];
    /// A reference without its semicolon.
    reference_without_semicolon: "<p>&#48120-444-4444</p>" => [];
    /// Split by a comment.
    split_by_comment: "<p>0120<!-- x -->-444-4444</p>" => ["01204444444"];
    /// Split by an empty element.
    split_by_empty_element: "<p>0120<span></span>-444-4444</p>" => ["01204444444"];
    /// Split by inline tags.
    split_by_inline_tags: "<p>01<b>20</b>-<i>444</i>-<a href=\"#x\">4444</a></p>" => ["01204444444"];
    /// Split by a script and a style element.
    split_by_script: "<p>0120<script>x()</script>-444<style>p{}</style>-4444</p>" => ["01204444444"];
    /// Split by many empty elements and invisible characters.
    split_many_times: "<p>0<i></i>\u{200b}<i></i>1<b>&zwj;</b>2<!---->0<span>\u{2060}</span>4444444</p>"
        => ["01204444444"];
    /// Groups in table cells.
    split_by_cells: "<table><tr><td>0120</td><td>444</td><td>4444</td></tr></table>"
        => ["01204444444"];
    /// Groups on lines of their own.
    split_by_line_breaks: "<p>0120<br>444<br/>4444</p>" => ["01204444444"];
    /// Inside a CDATA section (text in SVG).
    in_cdata: "<svg><text><![CDATA[0120-444-4444]]></text></svg>" => ["01204444444"];
    /// A `+81` number.
    plus_81: "<p>+81 3-1234-5678</p>" => ["0312345678"];
    /// A `+81` number with `(0)`.
    plus_81_with_zero: "<p>+81 (0)3-1234-5678</p>" => ["0312345678"];
    /// A `+81` mobile number glued to text.
    plus_81_mobile: "<p>TEL:+81-90-1234-5678</p>" => ["09012345678"];
    /// Full-width `＋８１`.
    plus_81_full_width: "<p>＋８１－３－１２３４－５６７８</p>" => ["0312345678"];
    /// Another country code.
    other_country: "<p>+1 800 555 0199</p>" => ["18005550199"];
    /// A `#` short code.
    short_code: "<p>#9110</p>" => ["#9110"];
    /// A full-width `＃` short code.
    short_code_full_width: "<p>＃９１１０</p>" => ["#9110"];
    /// Music sharp, `⋕` and small `﹟` signs for `#`.
    short_code_look_alike_signs: "<p>♯7119 ⋕8000 ﹟9910</p>" => ["#7119", "#8000", "#9910"];
    /// `&num;` for `#`.
    short_code_reference: "<p>&num;8891、&#35;7119</p>" => ["#8891", "#7119"];
    /// 110 before `番`.
    short_110: "<p>事件は110番へ</p>" => ["110"];
    /// Kanji 一一〇番.
    short_110_kanji: "<p>事件は一一〇番へ</p>" => ["110"];
    /// Kanji 一一九 with invisible characters between.
    short_119_kanji_split: "<p>火事は一\u{200b}一\u{200b}九番</p>" => ["119"];
    /// 119 standing alone.
    short_119_alone: "<p>救急車は 119 へ。</p>" => ["119"];
    /// Full-width 188 with its nickname.
    short_188_full_width: "<p>１８８（いやや）</p>" => ["188"];
    /// Two service numbers side by side.
    short_pair: "<p>110・119</p>" => ["110", "119"];
    /// After a call word.
    short_after_call_word: "<p>Call 110 now. TEL:189</p>" => ["110", "189"];
    /// In a `<title>`.
    in_title: "<html><head><title>サポート 0120-444-4444</title></head></html>"
        => ["01204444444"];
    /// In a `<textarea>`.
    in_textarea: "<textarea>0120-444-4444</textarea>" => ["01204444444"];
    /// In `<noscript>`, which shows when scripts are off.
    in_noscript: "<noscript><p>0120-444-4444</p></noscript>" => ["01204444444"];

    // Found by the second break-it round (issue 13).
    /// Formal kanji numerals.
    formal_kanji: "<p>零壱弐零-四四四-四四四四</p>" => ["01204444444"];
    /// Old formal kanji numerals.
    old_formal_kanji: "<p>〇壹貳〇-肆肆肆-肆肆肆肆</p>" => ["01204444444"];
    /// Kanji positional numbers: `四百四十四` reads as 444.
    kanji_positional: "<p>〇一二〇-四百四十四-四千四百四十四</p>" => ["01204444444"];
    /// Two look-alike letters in a row.
    lookalike_pair: "<p>Ol20-444-4444</p>" => ["01204444444"];
    /// A bar for a 1.
    lookalike_bar: "<p>O|20-444-4444</p>" => ["01204444444"];
    /// `S B Z` inside a run of digits.
    lookalike_s_b_z: "<p>0120-4S4-4444 0120-BBB-4444 0Z20-444-4444</p>"
        => ["01204544444", "01208884444", "02204444444"];
    /// A whole first group of look-alikes.
    lookalike_group: "<p>OlZO-444-4444</p>" => ["01204444444"];
    /// Roman numerals one, and signs that look like a zero.
    roman_and_zero_signs: "<p>0Ⅰ20-444-4444 0ⅰ20-444-4444 0ⅼ20-444-4444 ∅120-444-4444 °120-444-4444</p>"
        => ["01204444444", "01204444444", "01204444444", "01204444444", "01204444444"];
    /// Dash-like characters: modifier minus, Canadian syllabics, double oblique hyphen.
    more_dashes: "<p>0120˗444˗4444 0120ᐨ444ᐨ4444 0120⸗444⸗4444</p>"
        => ["01204444444", "01204444444", "01204444444"];
    /// `の` and `ノ` between groups.
    no_between_groups: "<p>0120の444の4444 0120ノ444ノ4444</p>" => ["01204444444", "01204444444"];
    /// A word in brackets inside the number.
    aside_in_brackets: "<p>0120（無料）444-4444</p>" => ["01204444444"];
    /// Asides that hold digits or are long (third break-it round, issue 13).
    /// The subject and body a `mailto:` link prefills, percent-encoded.
    mailto_body: r#"<a href="mailto:help@rakuten.co.jp?subject=%E9%9B%BB%E8%A9%B1&amp;body=%30120%2D444%2D4444">x</a>"#
        => ["01204444444"];
    mailto_subject: r#"<a href="MAILTO:?Subject=TEL%200120%20444%204444">x</a>"# => ["01204444444"];
    /// Text a style adds (`content:`), CSS escapes decoded, and attributes its `attr()` shows.
    style_element_content: r"<style>.x::after{content:'\30 120\2d 444-4444'}</style>" => ["01204444444"];
    style_attribute_content: r#"<span style="content:&quot;0120-444-4444&quot;">x</span>"# => ["01204444444"];
    style_attr_shows_an_attribute: r#"<a data-n="0120-444-4444" href="/">x</a><style>a::after{content:attr(data-n)}</style>"#
        => ["01204444444"];
    /// Numbers spelt in kana or English words.
    spelt_in_katakana: "<p>ゼロイチニーゼロ・ヨンヨンヨン・ヨンヨンヨンヨン</p>" => ["01204444444"];
    spelt_in_hiragana: "<p>れいいちにーれい よんよんよん よんよんよんよん</p>" => ["01204444444"];
    spelt_in_english: "<p>Call zero one two zero, four four four, four four four four.</p>" => ["01204444444"];
    spelt_after_digits: "<p>0120 ヨンヨンヨン ヨンヨンヨンヨン</p>" => ["01204444444"];
    spelt_then_digits: "<p>れいいちにーれい 444 4444</p>" => ["01204444444"];
    /// Break-it pass: full-width English words, words split by tags and written as references.
    spelt_in_full_width_english: "<p>ＺＥＲＯ ＯＮＥ ＴＷＯ ＺＥＲＯ ＦＯＵＲ ＦＯＵＲ ＦＯＵＲ ＦＯＵＲ ＦＯＵＲ ＦＯＵＲ ＦＯＵＲ</p>"
        => ["01204444444"];
    spelt_split_by_a_tag: "<p>ゼ<b>ロ</b>イチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン</p>" => ["01204444444"];
    spelt_with_references: "<p>&#12476;&#12525;イチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン</p>" => ["01204444444"];
    spelt_in_half_width_kana: "<p>ｾﾞﾛｲﾁﾆｰｾﾞﾛ ﾖﾝﾖﾝﾖﾝ ﾖﾝﾖﾝﾖﾝﾖﾝ</p>" => ["01204444444"];
    /// The fourth break-it round (issue 13, P7): drawn-out vowels, katakana English, English
    /// words glued, a kanji zero among kana words.
    spelt_with_drawn_out_vowels: "<p>ぜろいちにいぜろ、よんよんよん、よんよんよんよん</p>" => ["01204444444"];
    /// Issue 13, fifth pass: `zero` before digits the quick check did not see as digits (a tag,
    /// a reference, full-width digits, an invisible character, a line break between them).
    zero_then_a_tag: "<p>zero<b></b>120-444-4444</p>" => ["01204444444"];
    zero_then_digits_in_a_tag: "<p>zero<b>120-444-4444</b></p>" => ["01204444444"];
    zero_then_a_reference: "<p>zero&#49;20-444-4444</p>" => ["01204444444"];
    zero_then_full_width_digits: "<p>zero１２０-４４４-４４４４</p>" => ["01204444444"];
    zero_then_an_invisible_character: "<p>zero\u{200b}120-444-4444</p>" => ["01204444444"];
    zero_then_a_line_break: "<p>Zero\n120-444-4444</p>" => ["01204444444"];
    spelt_with_drawn_out_vowels_in_katakana: "<p>ゼロイチニイゼロ ヨンヨンヨン ヨンヨンヨンヨン</p>" => ["01204444444"];
    spelt_with_long_vowel_marks: "<p>れーいちにーれー しーしーしー しーしーしーしー</p>" => ["01204444444"];
    spelt_in_katakana_english: "<p>ゼロワンツーゼロ フォーフォーフォー フォーフォーフォーフォー</p>" => ["01204444444"];
    spelt_in_english_glued: "<p>ZEROONETWOZERO FOURFOURFOUR FOURFOURFOURFOUR</p>" => ["01204444444"];
    spelt_with_a_kanji_zero_among_kana: "<p>〇いちに〇 よんよんよん よんよんよんよん</p>" => ["01204444444"];
    /// Found by the same round's own break-it pass: one word for zero, then digits.
    zero_word_then_digits_in_katakana: "<p>ゼロ120-444-4444</p>" => ["01204444444"];
    zero_word_then_digits_in_english: "<p>zero120 444 4444</p>" => ["01204444444"];
    zero_word_spaced_then_digits: "<p>Zero 120-444-4444</p>" => ["01204444444"];
    /// An interjection or an example before a date is not a zero.
    oh_or_example_before_a_date: "<p>Oh 2024/12/03 10:00:00、れい：2026年12月3日 10:00</p>" => [];
    /// Break-it pass: CSS strings continued over a line, split in two, in `@media`.
    style_content_forms: "<style>a::after{content:\"0120\\\n-444\" \"-4444\"} @media print { b::after { content: '0120-444-4445' } }</style>"
        => ["01204444444", "01204444445"];
    spelt_in_an_attribute: r#"<img alt="まるいちにまる よんよんよん よんよんよんよん" src="x.png">"# => ["01204444444"];
    aside_with_digits: "<p>0120（24時間）444-4444</p>" => ["01204444444"];
    aside_with_hours: "<p>0120（受付9時〜18時）-444-4444</p>" => ["01204444444"];
    aside_in_english: "<p>0120 [free call, 24h] 444 4444</p>" => ["01204444444"];
    aside_long_without_digits: "<p>0120（フリーダイヤル・通話無料）444-4444</p>" => ["01204444444"];
    /// Japanese brackets around each group.
    japanese_brackets: "<p>【0120】【444】【4444】 「0120」444『4444』</p>"
        => ["01204444444", "01204444444"];
    /// Japanese punctuation between groups.
    japanese_punctuation: "<p>0120、444。4444 0120：444：4444</p>" => ["01204444444", "01204444444"];
    /// ASCII marks between groups.
    ascii_marks: "<p>0120_444_4444 0120,444,4444 0120:444:4444 0120=444=4444</p>"
        => ["01204444444", "01204444444", "01204444444", "01204444444"];
    /// More ASCII marks.
    more_ascii_marks: r#"<p>0120+444+4444 0120\444\4444 0120'444'4444 0120"444"4444 0120x444x4444</p>"#
        => ["01204444444", "01204444444", "01204444444", "01204444444", "01204444444"];
    /// More marks, typed and as references.
    even_more_marks: "<p>0120&amp;444@4444 0120$444^4444 0120`444¦4444 0120※444〓4444 0120…444‥4444</p>"
        => ["01204444444", "01204444444", "01204444444", "01204444444", "01204444444"];
    /// A refresh to a `tel:` URL written with spaces and quotes, as browsers read it.
    meta_refresh_spaced: "<meta http-equiv=refresh content=\"0; URL = 'tel:0120-444-4444'\">"
        => ["01204444444", "01204444444"];
    /// Ruby text in a ruby text container.
    ruby_text_container: "<p><ruby>01<rtc><rt>ぜろいち</rt></rtc>20</ruby>-444-4444</p>"
        => ["01204444444"];
    /// Bars between groups (read both ways).
    bars: "<p>0120|444|4444</p>" => ["01204444444"];
    /// Arrows, stars, telephone signs and emoji.
    symbols: "<p>0120→444→4444 0120★444☎4444 0120📞444📞4444</p>"
        => ["01204444444", "01204444444", "01204444444"];
    /// The braille blank, the replacement character and `&#0;`.
    blanks: "<p>0120\u{2800}444\u{2800}4444 0120\u{fffd}444\u{fffd}4444 0120&#0;444&#0;4444</p>"
        => ["01204444444", "01204444444", "01204444444"];
    /// Runs of four separators and more.
    long_separator_runs: "<p>0120-----444-----4444 0120 - - 444 - - 4444</p>"
        => ["01204444444", "01204444444"];
    /// Ruby text between the digits.
    ruby_text_between: "<p><ruby>01<rt>ぜろいち</rt>20<rt>にぜろ</rt></ruby>-444-4444</p>"
        => ["01204444444"];
    /// Ruby text with its parentheses.
    ruby_with_parentheses: "<p><ruby>0120<rp>(</rp><rt>フリーダイヤル</rt><rp>)</rp></ruby>444-4444</p>"
        => ["01204444444"];
    /// A service number after a list of numbers, and after office hours.
    short_after_a_list: "<p>03-3446-0999、110</p>" => ["0334460999", "110"];
    short_after_hours: "<p>受付 9:00-17:00 110番</p>" => ["110"];
    /// Carrier service numbers.
    carrier_service_numbers: "<p>故障は113へ。151番、157、116、115</p>"
        => ["113", "151", "157", "116", "115"];
}

/// Each case: a page, and exactly what must be found on it and where.
macro_rules! finds_at {
    ($($(#[$doc:meta])* $name:ident: $html:expr => [$(($want:expr, $place:expr)),*];)*) => {$(
        $(#[$doc])*
        #[test]
        fn $name() {
            let want: Vec<(String, Place)> = vec![$(($want.to_string(), $place)),*];
            assert_eq!(places($html), want, "in {:?}", $html);
        }
    )*};
}

const TEL: Place = Place::TelLink;

finds_at! {
    /// A tooltip.
    in_title_attribute: r#"<span title="0120-444-4444">窓口</span>"#
        => [("01204444444", Place::Attribute("title"))];
    /// Alt text: shown where the image is not, read by screen readers.
    in_alt: r#"<img alt="電話 0120-444-4444" src="x.png">"#
        => [("01204444444", Place::Attribute("alt"))];
    /// A screen reader's label, in full-width digits.
    in_aria_label: r#"<a aria-label="０１２０−４４４−４４４４に電話" href="x">電話</a>"#
        => [("01204444444", Place::Attribute("aria-label"))];
    /// A screen reader's description, single-quoted.
    in_aria_description: r#"<p aria-description='03-1234-5678'>x</p>"#
        => [("0312345678", Place::Attribute("aria-description"))];
    /// A placeholder, unquoted.
    in_placeholder: r#"<input placeholder=0120-444-4444>"#
        => [("01204444444", Place::Attribute("placeholder"))];
    /// A button's value, with an upper-case name and a reference.
    in_value: r#"<input type="submit" VALUE="&#48;120-444-4444">"#
        => [("01204444444", Place::Attribute("value"))];
    /// An option's label.
    in_label: r#"<option label="0120 444 4444">x</option>"#
        => [("01204444444", Place::Attribute("label"))];
    /// A description that link previews show.
    in_meta_content: r#"<meta name="description" content="お電話は0120-444-4444へ">"#
        => [("01204444444", Place::Attribute("content"))];
    /// A `tel:` link dials its number (its text says nothing).
    tel_link: r#"<a href="tel:0120-444-4444">電話する</a>"# => [("01204444444", TEL)];
    /// Upper case, a leading space and a percent-encoded `+81`.
    tel_link_encoded: r#"<a href=" TEL:%2B81-120-444-4444">x</a>"# => [("01204444444", TEL)];
    /// The scheme written with a reference.
    tel_link_reference: r#"<a href="t&#101;l:0312345678">x</a>"# => [("0312345678", TEL)];
    /// A tab and a line break inside the URL (URL parsers drop them).
    tel_link_split: "<a href=\"te\tl:03\n12345678\">x</a>" => [("0312345678", TEL)];
    /// Any number a link dials counts, short ones too.
    tel_link_short: r#"<a href="tel:113">故障</a>"# => [("113", TEL)];
    /// An SMS link, with a body.
    sms_link: r#"<a href="sms:09012345678?body=hi">x</a>"# => [("09012345678", TEL)];
    /// A `callto:` link.
    callto_link: r#"<a href="callto://+81312345678">x</a>"# => [("0312345678", TEL)];
    /// An i-mode call link.
    wtai_link: r#"<a href="wtai://wp/mc;0312345678">x</a>"# => [("0312345678", TEL)];
    /// A short code, percent-encoded.
    tel_link_short_code: r#"<a href="tel:%239110">x</a>"# => [("#9110", TEL)];
    /// What is dialled after a pause is not the number.
    tel_link_with_pause: r#"<a href="tel:0312345678,123">x</a>"# => [("0312345678", TEL)];
    /// A Skype call to a number.
    skype_link: r#"<a href='skype:+81312345678?call'>x</a>"# => [("0312345678", TEL)];
    /// A Skype call to a user name is not a number.
    skype_user: r#"<a href="skype:echo123?call">x</a>"# => [];
    /// A refresh to a `tel:` URL with percent-encoded digits.
    meta_refresh_to_tel: r#"<meta http-equiv=refresh content="0;url=tel:%30%31%32%30%34%34%34%34%34%34%34">"#
        => [("01204444444", TEL)];
    /// Every digit of a `tel:` link percent-encoded.
    tel_link_all_encoded: r#"<a href="tel:%30%31%32%30%34%34%34%34%34%34%34">x</a>"#
        => [("01204444444", TEL)];
}

#[test]
fn where_and_how_a_number_is_reported() {
    let html = "<p>電話は TEL<b>0120</b>-444-4444 まで</p>";
    let found = unvetted_numbers(html.as_bytes(), &nobody());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].byte_offset, html.find("0120").unwrap());
    assert_eq!(found[0].shown, "電話は TEL0120-444-4444 まで");
    assert_eq!(found[0].place, Place::Text);
    let attr = r#"<p title="窓口 &#48;3-1234-5678">x</p>"#;
    let found = unvetted_numbers(attr.as_bytes(), &nobody());
    assert_eq!(found[0].byte_offset, attr.find("&#48;").unwrap());
}

#[test]
fn text_outside_html() {
    let v = vetted();
    let qr = unvetted_in_text("TEL:0120-444-4444", &v);
    assert_eq!(qr[0].canonical, "01204444444");
    assert_eq!(qr[0].place, Place::TelLink);
    assert!(unvetted_in_text("tel:+81-3-3446-0999", &v).is_empty());
    let title = unvetted_in_text("窓口ガイド（０１２０・４４４・４４４４）", &v);
    assert_eq!(title[0].canonical, "01204444444");
    assert_eq!(title[0].place, Place::Text);
    assert_eq!(title[0].byte_offset, "窓口ガイド（".len());
    assert!(unvetted_in_text("https://example.com/2026/12/02/page.html", &v).is_empty());
}

#[test]
fn markup_edge_cases_do_not_lose_text() {
    // A `>` inside a quoted attribute does not end the tag.
    assert_eq!(
        numbers(r#"<p title="a>b">0120-444-4444</p>"#),
        ["01204444444"]
    );
    // A literal `<` in text.
    assert_eq!(numbers("<p>1 < 2: 0120-444-4444</p>"), ["01204444444"]);
    // An unclosed comment hides the rest; a bogus comment hides only itself.
    assert!(numbers("<!-- 0120-444-4444").is_empty());
    assert_eq!(numbers("<?x 1?>0120-444-4444</ x>"), ["01204444444"]);
    // Upper-case tags and an unclosed script.
    assert!(numbers("<SCRIPT>0120-444-4444</SCRIPT >").is_empty());
    assert_eq!(numbers("<TITLE>0120-444-4444</TITLE>"), ["01204444444"]);
    assert!(numbers("<script>0120-444-4444").is_empty());
    // An unterminated tag at the end of the page.
    assert!(numbers("<p title='0120").is_empty());
}

#[test]
fn tag_names_end_at_white_space_a_slash_or_the_end_of_the_tag() {
    for end in [" ", "\t", "\n", "\x0c", "\r", "/", ">", " x=y>"] {
        let hidden = format!("<script{end}>0120-444-4444</script>");
        assert!(numbers(&hidden).is_empty(), "{hidden:?}");
        let hidden = format!("<STYLE{end}>0120-444-4444</style>");
        assert!(numbers(&hidden).is_empty(), "{hidden:?}");
        for shown in [
            format!("<scripts{end}>0120-444-4444</scripts>"),
            format!("<textarea{end}>0120-444-4444</textarea>"),
            format!("<blockquote{end}>0120</blockquote>444-4444"),
            format!("<b{end}>01</b>20-444-4444"),
        ] {
            assert_eq!(numbers(&shown), ["01204444444"], "{shown:?}");
        }
    }
}
