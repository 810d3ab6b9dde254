//! `madoguchi schema`: generated from the loader's types, committed for editors, and it agrees
//! with the loader on the bundled guide and on unknown keys.

use std::path::Path;

use madoguchi::schema::{guide_schema_json, SCHEMA_FILE};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&guide_schema_json()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is valid draft 2020-12")
}

/// YAML → JSON the way an editor's YAML language server sees it.
fn yaml_to_json(yaml: &str) -> serde_json::Value {
    serde_saphyr::from_str(yaml).expect("YAML parses")
}

fn bundled_guide() -> String {
    std::fs::read_to_string(repo().join("content/guide.yaml")).unwrap()
}

#[test]
fn committed_copy_is_current() {
    let committed = std::fs::read_to_string(repo().join(SCHEMA_FILE)).unwrap();
    assert!(
        committed == guide_schema_json(),
        "{SCHEMA_FILE} is stale: run `cargo run -- schema > {SCHEMA_FILE}`"
    );
}

#[test]
fn schema_is_draft_2020_12_and_describes_every_field() {
    let schema: serde_json::Value = serde_json::from_str(&guide_schema_json()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut objects = vec![&schema];
    objects.extend(schema["$defs"].as_object().unwrap().values());
    let mut fields = 0;
    for object in objects {
        if let Some(properties) = object.get("properties").and_then(|p| p.as_object()) {
            assert_eq!(
                object["additionalProperties"], false,
                "unknown keys must be refused"
            );
            for (name, property) in properties {
                fields += 1;
                let description = property["description"].as_str().unwrap_or_default();
                assert!(!description.is_empty(), "field `{name}` has no description");
            }
        }
    }
    assert!(fields > 30, "only {fields} fields described");
}

#[test]
fn bundled_guide_points_editors_at_the_schema() {
    let first = bundled_guide()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(first, "# yaml-language-server: $schema=./guide.schema.json");
}

#[test]
fn accepts_the_bundled_guide() {
    let guide = yaml_to_json(&bundled_guide());
    let errors: Vec<String> = validator()
        .iter_errors(&guide)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn rejects_an_unknown_key() {
    let typo = bundled_guide().replacen("    source: {", "    sorce: {", 1);
    let errors: Vec<String> = validator()
        .iter_errors(&yaml_to_json(&typo))
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("sorce")),
        "a misspelt `source` must be flagged: {errors:#?}"
    );
}

#[test]
fn rejects_a_wrong_kind_and_a_bad_id() {
    let bad = bundled_guide()
        .replacen("kind: message", "kind: fax", 1)
        .replacen("id: shop-message", "id: Shop Message", 1);
    let errors = validator().iter_errors(&yaml_to_json(&bad)).count();
    assert!(errors >= 2, "expected the kind and the id to be flagged");
}
