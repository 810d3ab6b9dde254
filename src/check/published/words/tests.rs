use super::*;

fn digits(text: &str) -> Vec<String> {
    let text = crate::check::published::normalise(text).text;
    spelt_numbers(&text).into_iter().map(|(d, _)| d).collect()
}

#[test]
fn runs_of_number_words_read_as_digits() {
    assert_eq!(
        digits("ゼロイチニーゼロ ヨンヨンヨン ヨンヨンヨンヨン"),
        ["0120 444 4444"]
    );
    assert_eq!(digits("れいいちにーれい、よんよんよん"), ["0120,444"]);
    assert_eq!(
        digits("call zero one two zero - four four four - four four four four"),
        ["0120 - 444 - 4444"]
    );
    assert_eq!(digits("ｾﾞﾛｲﾁﾆｰｾﾞﾛﾖﾝﾖﾝ"), ["012044"]);
}

#[test]
fn drawn_out_vowels_katakana_english_glued_words_and_kanji_digits_are_read() {
    // The fourth break-it round (issue 13, P7).
    for (text, want) in [
        (
            "ぜろいちにいぜろ、よんよんよん、よんよんよんよん",
            "0120,444,4444",
        ),
        (
            "ゼロイチニイゼロ ヨンヨンヨン ヨンヨンヨンヨン",
            "0120 444 4444",
        ),
        (
            "れーいちにーれー しーしーしー しーしーしーしー",
            "0120 444 4444",
        ),
        ("ぜろいちにいぜろ ごおごおごお", "0120 555"),
        (
            "ゼロワンツーゼロ フォーフォーフォー フォーフォーフォーフォー",
            "0120 444 4444",
        ),
        (
            "ゼロワンツーゼロ スリーシックスセブン エイトナインファイブゼロ",
            "0120 367 8950",
        ),
        (
            "ZEROONETWOZERO FOURFOURFOUR FOURFOURFOURFOUR",
            "0120 444 4444",
        ),
        ("zeroonetwozero-fourfourfour", "0120-444"),
        ("〇いちに〇 よんよんよん よんよんよんよん", "0120 444 4444"),
        ("ｾﾞﾛﾜﾝﾂｰｾﾞﾛ ﾌｫｰﾌｫｰﾌｫｰ ｾﾌﾞﾝ", "0120 444 7"),
    ] {
        assert_eq!(digits(text), [want], "{text}");
    }
}

#[test]
fn the_quick_check_lets_these_pages_be_read() {
    for text in [
        "ぜろいちにいぜろ",
        "0れー",
        "0いちにー0 しーしーしー",
        "0ワンツー0 フォーフォーフォー",
        "ZEROONETWOZERO",
        "<p>0ONETWO0</p>",
    ] {
        assert!(may_spell_a_number(text.as_bytes()), "{text}");
    }
    for text in ["someone often phones", "onenote", "ones and twos"] {
        assert!(!may_spell_a_number(text.as_bytes()), "{text}");
    }
}

#[test]
fn the_quick_check_passes_over_number_words_with_nothing_to_join() {
    // Prose: each word has a letter or `#` beside it, past separators.
    for text in [
        "<p>If you have one, bring it. Two forms, one photo.</p>",
        "Bring one copy, two are kept. #one",
    ] {
        assert!(!may_spell_a_number(text.as_bytes()), "{text}");
    }
    // A word beside a digit, a tag, a reference, a character that is not ASCII, an escape
    // or another number word may be read in a run.
    for text in [
        "Call: one two.",
        "one 2 3 4, five",
        "one<b></b>two",
        "one&nbsp;two",
        "a one\u{3000}two b",
        "x%2C one x%2C two",
        r#"content: "x\a one\a two""#,
        "nine, one",
    ] {
        assert!(may_spell_a_number(text.as_bytes()), "{text}");
    }
}

#[test]
fn ordinary_words_are_not_read() {
    for text in [
        "いちにちに二回、ごごに。",
        "someone often phones; one or two",
        "まるでサンプルのように、しごとはロクに進まない",
        "きれいにしてください",
        "Someone phones often; ohone, tone, onenote",
        "シートのレースは、ワンピースとセブンイレブン",
        "〇〇〇〇-〇〇〇〇 のような番号",
    ] {
        assert!(
            digits(text)
                .iter()
                .all(|d| crate::check::published::dialable_numbers(d).is_empty()),
            "{text}: {:?}",
            digits(text)
        );
    }
}
