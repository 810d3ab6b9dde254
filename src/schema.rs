//! Schema: the JSON Schemas (draft 2020-12) of `guide.yaml` and of the published `data.json`,
//! generated from the very types that read and write them.

use crate::model::Guide;

/// Where the repository keeps a copy, for editors (`# yaml-language-server: $schema=…`).
pub const SCHEMA_FILE: &str = "content/guide.schema.json";

/// The schema as pretty JSON with a final newline, exactly as committed in [`SCHEMA_FILE`].
pub fn guide_schema_json() -> String {
    let schema = schemars::schema_for!(Guide);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of `data.json` (what every build publishes), as pretty JSON with a final
/// newline: `madoguchi schema --data`.
pub fn data_schema_json() -> String {
    let schema = schemars::schema_for!(crate::output::data::PublishedData);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
