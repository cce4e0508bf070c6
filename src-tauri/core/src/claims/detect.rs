//! The claim detector (being written).

use super::{DetectContext, Suggestion};

/// Suggests the claims in a story body.
pub fn detect(_body: &str, _context: &DetectContext) -> Vec<Suggestion> {
    Vec::new()
}
