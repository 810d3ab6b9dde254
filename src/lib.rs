//! madoguchi: a checked guide to official contact windows, built as a static site and a cheat sheet.
//!
//! The pipeline reads top to bottom, one module a stage: [`load`] (files → typed model) →
//! [`check`] (rules → diagnostics) → [`render`] (model → pages) → [`output`] (pages → files,
//! staged and swapped in). [`pipeline`] runs the stages for `build`, `check` and `serve`;
//! [`cli`] and [`serve`] drive it, and print through [`console`]. The foundations below the
//! stages ([`model`], [`diagnostic`], [`report`], [`markdown`], [`links`], [`phone`], [`email`], [`date`], [`fold`])
//! import no stage.

pub mod changes;
pub mod check;
pub mod cli;
pub mod console;
pub mod date;
pub mod diagnostic;
pub mod digest;
pub mod email;
pub mod file_text;
pub mod fold;
pub mod image;
pub mod links;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod phone;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod where_used;
