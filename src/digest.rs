//! Digests: one way to fingerprint what a build read or rendered, so `serve` can tell what an
//! edit changed. Not for security: a collision only costs a page that is not re-rendered until
//! the next full build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The digest of a value (a file's text, the inputs of a check).
pub fn of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The digest of some views, as their JSON would be written (template views are `Serialize`,
/// not `Hash`), fed to the hasher without building a string.
pub fn of_views(parts: &[&dyn erased::Serialized]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.feed(&mut HashWriter(&mut hasher));
    }
    hasher.finish()
}

/// Feeds what is written into a hasher.
pub struct HashWriter<'h>(&'h mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub mod erased {
    /// A view that can be hashed through a `dyn` reference (serde's `Serialize` cannot).
    pub trait Serialized {
        fn feed(&self, out: &mut super::HashWriter);
    }

    impl<T: serde::Serialize> Serialized for T {
        fn feed(&self, out: &mut super::HashWriter) {
            // Writing into a hasher cannot fail; a view that cannot be serialized would also
            // fail to render, which reports it.
            let _ = serde_json::to_writer(out, self);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn equal_inputs_agree_and_different_ones_differ() {
        assert_eq!(super::of("a"), super::of("a"));
        assert_ne!(super::of("a"), super::of("b"));
        assert_eq!(super::of_views(&[&"x", &1]), super::of_views(&[&"x", &1]));
        assert_ne!(super::of_views(&[&"x", &1]), super::of_views(&[&"x", &2]));
    }
}
