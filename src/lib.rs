//! madoguchi: a checked guide to official contact windows, built as a static site and a cheat sheet.
//!
//! The pipeline reads top to bottom: [`load`] → [`check`] → [`render`] → [`write`], run by [`build`]
//! and driven from [`cli`].

pub mod build;
pub mod check;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod online;
pub mod pdf;
pub mod phone;
pub mod publish;
pub mod qr;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod shape;
pub mod theme;
pub mod write;
