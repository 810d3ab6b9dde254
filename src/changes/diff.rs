//! The difference between two publications of the data (`data.json` as JSON values): per
//! window and situation id, what was added, removed or changed, field by field.

use serde_json::{Map, Value};

/// Windows or situations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Window,
    Situation,
}

impl ItemKind {
    pub fn word(self) -> &'static str {
        match self {
            ItemKind::Window => "window",
            ItemKind::Situation => "situation",
        }
    }

    /// Its list in `data.json`.
    fn list(self) -> &'static str {
        match self {
            ItemKind::Window => "windows",
            ItemKind::Situation => "situations",
        }
    }
}

/// What happened to one id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Added,
    Removed,
    /// Each changed field (`source.url` for a nested one), in the order of `data.json`.
    Changed(Vec<FieldChange>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    /// The value as JSON (`"188"`, `null`, `["a","b"]`); `None` when the field is new or gone.
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    pub kind: ItemKind,
    pub id: String,
    pub what: What,
}

/// Fields that say when a source was checked again: a change of them alone is a re-check,
/// not a change of the contact data, and needs no entry in the history.
const CHECK_DATES: [&str; 2] = ["checked", "source.checked"];

impl ItemChange {
    /// Whether the change is more than a re-check of the window's source (so the history
    /// must record it).
    pub fn needs_record(&self) -> bool {
        match &self.what {
            What::Changed(fields) => fields.iter().any(|f| !CHECK_DATES.contains(&&*f.field)),
            What::Added | What::Removed => true,
        }
    }
}

/// Every window's, then every situation's change from `old` to `new`: in the order of the new
/// data, then the removed ones in the order of the old.
pub fn diff(old: &Value, new: &Value) -> Vec<ItemChange> {
    let mut changes = Vec::new();
    for kind in [ItemKind::Window, ItemKind::Situation] {
        let (old_items, new_items) = (items(old, kind), items(new, kind));
        for (id, item) in &new_items {
            let what = match old_items.iter().find(|(old_id, _)| old_id == id) {
                None => What::Added,
                Some((_, before)) => {
                    let fields = field_changes(before, item);
                    if fields.is_empty() {
                        continue;
                    }
                    What::Changed(fields)
                }
            };
            changes.push(ItemChange {
                kind,
                id: id.clone(),
                what,
            });
        }
        for (id, _) in &old_items {
            if !new_items.iter().any(|(new_id, _)| new_id == id) {
                changes.push(ItemChange {
                    kind,
                    id: id.clone(),
                    what: What::Removed,
                });
            }
        }
    }
    changes
}

/// The objects of one list, by id (an item without a string id is skipped: a file no build
/// wrote).
fn items(data: &Value, kind: ItemKind) -> Vec<(String, &Map<String, Value>)> {
    let list = data.get(kind.list()).and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|item| {
            let object = item.as_object()?;
            Some((object.get("id")?.as_str()?.to_owned(), object))
        })
        .collect()
}

/// Field by field, nested objects by their dotted path: the new item's fields in its order,
/// then fields only the old one had.
fn field_changes(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<FieldChange> {
    let (old, new) = (flatten(old), flatten(new));
    let mut changes: Vec<FieldChange> = Vec::new();
    for (field, value) in &new {
        let before = old.iter().find(|(f, _)| f == field).map(|(_, v)| *v);
        if before != Some(*value) {
            changes.push(FieldChange {
                field: field.clone(),
                old: before.map(shown),
                new: Some(shown(value)),
            });
        }
    }
    for (field, value) in &old {
        if !new.iter().any(|(f, _)| f == field) {
            changes.push(FieldChange {
                field: field.clone(),
                old: Some(shown(value)),
                new: None,
            });
        }
    }
    changes
}

fn flatten(object: &Map<String, Value>) -> Vec<(String, &Value)> {
    let mut fields = Vec::new();
    for (key, value) in object {
        match value.as_object() {
            Some(inner) => fields.extend(
                flatten(inner)
                    .into_iter()
                    .map(|(field, v)| (format!("{key}.{field}"), v)),
            ),
            None => fields.push((key.clone(), value)),
        }
    }
    fields
}

/// A value as the listing shows it: JSON, so quotes show where text starts and ends.
fn shown(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_added_removed_and_changed_fields_in_a_stable_order() {
        let old = json!({
            "windows": [
                {"id": "a", "phone": "188", "source": {"url": "u", "checked": "2026-01-01"}},
                {"id": "gone", "phone": null}
            ],
            "situations": [{"id": "s", "first": ["a"]}]
        });
        let new = json!({
            "windows": [
                {"id": "new", "phone": null},
                {"id": "a", "phone": "189", "source": {"url": "u", "checked": "2026-02-01"}}
            ],
            "situations": [{"id": "s", "first": ["a"]}]
        });
        let changes = diff(&old, &new);
        let ids: Vec<(&str, &What)> = changes.iter().map(|c| (c.id.as_str(), &c.what)).collect();
        assert_eq!(ids[0], ("new", &What::Added));
        assert_eq!(ids[2], ("gone", &What::Removed));
        let What::Changed(fields) = ids[1].1 else {
            panic!("{ids:?}")
        };
        assert_eq!(fields[0].field, "phone");
        assert_eq!(fields[0].old.as_deref(), Some("\"188\""));
        assert_eq!(fields[0].new.as_deref(), Some("\"189\""));
        assert_eq!(fields[1].field, "source.checked");
        assert_eq!(changes.len(), 3, "the unchanged situation is not listed");
    }

    #[test]
    fn a_new_check_date_alone_needs_no_record() {
        let old = json!({"windows": [{"id": "a", "checked": "1", "source": {"checked": "1"}}]});
        let new = json!({"windows": [{"id": "a", "checked": "2", "source": {"checked": "2"}}]});
        assert!(!diff(&old, &new)[0].needs_record());
        let moved = json!({"windows": [{"id": "a", "checked": "2", "source": {"checked": "2", "url": "v"}}]});
        assert!(diff(&old, &moved)[0].needs_record());
    }
}
