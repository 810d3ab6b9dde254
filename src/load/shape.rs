//! Finds every unknown key in a YAML document at once, before the typed parse stops at the first.
//!
//! Field names come from the model's own `Deserialize` impls (never a second list that could
//! drift); only which type sits at which path is written here.

use crate::model::Spanned;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::model::{Channel, FrontMatter, Group, Guide, KindNote, Situation, Source};

/// A YAML document reduced to its shape: mappings (with spanned keys), sequences, scalars.
enum Node {
    Map(Vec<(Spanned<String>, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            entries.push((key, map.next_value::<Node>()?));
        }
        Ok(Node::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
}

/// An unknown key: its name, byte span, and the fields allowed where it stands.
pub struct UnknownKey {
    pub key: String,
    pub span: std::ops::Range<usize>,
    pub expected: &'static [&'static str],
}

/// The struct type expected at a path of mapping keys (`[*]` for any sequence index).
pub type Schema = fn(&[&str]) -> Option<&'static [&'static str]>;

/// Where each model type sits in `guide.yaml`.
pub fn guide_schema(path: &[&str]) -> Option<&'static [&'static str]> {
    match path {
        [] => Some(fields_of::<Guide>()),
        ["groups", "[*]"] => Some(fields_of::<Group>()),
        ["channels", "[*]"] => Some(fields_of::<Channel>()),
        ["channels", "[*]", "source"] => Some(fields_of::<Source>()),
        ["situations", "[*]"] => Some(fields_of::<Situation>()),
        ["channel_kinds", "[*]"] => Some(fields_of::<KindNote>()),
        _ => None,
    }
}

/// `content/changes.yaml` is a list of entries.
pub fn history_schema(path: &[&str]) -> Option<&'static [&'static str]> {
    matches!(path, ["[*]"]).then(fields_of::<crate::model::history::ChangeEntry>)
}

/// Article front matter is one flat mapping.
pub fn front_matter_schema(path: &[&str]) -> Option<&'static [&'static str]> {
    path.is_empty().then(fields_of::<FrontMatter>)
}

/// What a front-matter key from Hugo or Zola is in madoguchi, for the unknown-key error's
/// help. The list is the keys both document for pages (Hugo's front matter, Zola's page front
/// matter) that a guide's author would reach for; keys neither has are left to did-you-mean.
pub fn front_matter_habit(key: &str, expected: &[&str]) -> Option<&'static str> {
    if front_matter_schema(&[]) != Some(expected) {
        return None;
    }
    // Hugo reads front-matter keys in any case (`Weight:`).
    Some(match key.to_ascii_lowercase().as_str() {
        "weight" => "Hugo's and Zola's `weight` is `order` here: `order: 1` sorts free-standing articles",
        "date" | "lastmod" | "updated" | "publishdate" | "expirydate" => {
            "an article has no date: how current the guide is comes from its sources' `checked` dates"
        }
        "tags" | "categories" | "taxonomies" | "keywords" | "series" => {
            "there are no taxonomies: name the situation the article belongs to with `situation: ID`, and link related articles with @/"
        }
        "slug" | "url" | "path" => {
            "an article's address is its file's path: `content/articles/help/faq.md` is `articles/help/faq.html`, linked as @/help/faq.md; rename the file to move it, and keep the old address with `aliases: [old/path]`"
        }
        "summary" => "an article's page description is `description`; its first paragraph is what readers see first",
        "template" | "layout" | "type" => {
            "every article uses the theme's `article.html`: override it in themes/NAME/templates/"
        }
        "extra" | "params" | "author" | "authors" => {
            "articles take no extra fields: write it in the text"
        }
        _ => return None,
    })
}

/// Every key not allowed by `schema`. A document that is not even valid YAML gives none:
/// the typed parse reports that.
pub fn unknown_keys(yaml: &str, options: serde_saphyr::Options, schema: Schema) -> Vec<UnknownKey> {
    let Ok(root) = serde_saphyr::from_str_with_options::<Node>(yaml, options) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&root, &mut Vec::new(), schema, &mut found);
    found
}

fn walk<'n>(node: &'n Node, path: &mut Vec<&'n str>, schema: Schema, found: &mut Vec<UnknownKey>) {
    match node {
        Node::Map(entries) => {
            let expected = schema(path);
            for (key, value) in entries {
                if let Some(fields) = expected {
                    if !fields.contains(&key.value.as_str()) {
                        found.push(UnknownKey {
                            key: key.value.clone(),
                            span: crate::model::span_of(key, 0),
                            expected: fields,
                        });
                        continue;
                    }
                }
                path.push(&key.value);
                walk(value, path, schema, found);
                path.pop();
            }
        }
        Node::Seq(items) => {
            path.push("[*]");
            for item in items {
                walk(item, path, schema, found);
            }
            path.pop();
        }
        Node::Scalar => {}
    }
}

/// The field names serde's derive knows for `T`, read by asking it to deserialize a struct.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldProbe(&mut fields));
    fields
}

struct FieldProbe<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldProbe<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("field probe"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("field probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_model() {
        assert!(fields_of::<Source>().contains(&"checked"));
        assert!(fields_of::<Channel>().contains(&"source"));
        assert_eq!(
            fields_of::<FrontMatter>(),
            [
                "title",
                "situation",
                "order",
                "description",
                "draft",
                "aliases"
            ]
        );
    }

    #[test]
    fn reports_every_unknown_key_with_its_place() {
        let yaml = "title: t\ntitel: x\nchannels:\n  - id: a\n    sorce: {}\n    source: { url: u, titl: x }\n";
        let keys = unknown_keys(yaml, serde_saphyr::Options::default(), guide_schema);
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(names, ["titel", "sorce", "titl"]);
        assert_eq!(&yaml[keys[1].span.clone()], "sorce");
    }
}
