/// A reference as a test reads it: the text of its span, and its call (name and args) or,
/// for a malformed one, what was expected and the text at that spot.
type Found = (String, Result<String, (String, String)>);

/// The references of `body`.
fn found(body: &str) -> Vec<Found> {
    crate::markdown::parse(body)
        .references()
        .iter()
        .map(|r| {
            let call = match &r.call {
                Ok(call) => {
                    let args: Vec<String> = (call.args.iter())
                        .map(|(k, v)| {
                            format!("{}={}", &body[k.span.clone()], &body[v.span.clone()])
                        })
                        .collect();
                    Ok(format!(
                        "{}({})",
                        &body[call.name.span.clone()],
                        args.join(",")
                    ))
                }
                Err(m) => Err((m.expected.to_owned(), body[m.span.clone()].to_owned())),
            };
            (body[r.span.clone()].to_owned(), call)
        })
        .collect()
}

#[test]
fn references_are_read_with_the_spans_they_are_written_at() {
    let body = "まず{{ window(id=\"shop-message\") }}へ。{{situation( id = 'card' )}}";
    assert_eq!(
        found(body),
        [
            (
                "{{ window(id=\"shop-message\") }}".to_owned(),
                Ok("window(id=shop-message)".to_owned())
            ),
            (
                "{{situation( id = 'card' )}}".to_owned(),
                Ok("situation(id=card)".to_owned())
            ),
        ]
    );
    let body = "a\\_b {{ window(id=\"x\", field=\"on_hand\") }} &amp; c";
    assert_eq!(
        found(body)[0].1,
        Ok("window(id=x,field=on_hand)".to_owned())
    );
}

#[test]
fn code_and_plain_braces_are_not_references() {
    for body in [
        "`{{ window(id=\"x\") }}`",
        "```\n{{ window(id=\"x\") }}\n```\n",
        "    {{ window(id=\"x\") }}\n",
        "&#123;&#123; window(id=\"x\") }}",
        "[a](https://example.org/{{window(id=\"x\")}})",
    ] {
        assert!(found(body).is_empty(), "{body}");
    }
}

#[test]
fn a_reference_that_does_not_go_on_says_what_was_expected_where() {
    for (body, expected, at) in [
        // Braces that start no reference are an error too: published as typed before.
        ("{{ not a call }}", "`{{` starts a reference here", "{{"),
        ("{{}}", "`{{` starts a reference here", "{{"),
        ("{{ window(id=x) }}", "a value in quotes", "x"),
        ("{{ window(id=\"x) }}", "closing quote", "\""),
        ("{{ window(id \"x\") }}", "`=`", "\""),
        ("{{ window(id=\"x\" }}", "`,` or `)`", "}"),
        ("{{ window(id=\"x\") }", "`}}`", "}"),
        ("{{ window(id=\"x\")\n}}", "`}}`", ")"),
        ("{{ window(\"x\") }}", "an argument", "\""),
        ("{{ window(id=\"x\", **f**=\"y\") }}", "an argument", " "),
    ] {
        let found = found(body);
        let (what, text) = found[0].1.clone().unwrap_err();
        assert!(what.contains(expected), "{body}: {what}");
        assert_eq!(text, at, "{body}");
    }
}
