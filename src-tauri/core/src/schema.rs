//! The library's schema migrations, for tools and tests that build a
//! library at an earlier version or check the one they open. The store that
//! applies them is private to the core, behind [`crate::Library`].

pub use crate::store::{apply_migrations, embedded_migrations, latest_version, Migration};
