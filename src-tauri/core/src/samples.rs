//! The sample stories Wiredesk ships, loaded into an empty library on first
//! launch so there is something to work on at once. They are fictional, written
//! for Wiredesk in agency style, with the claims and syndication junk real copy has.

use include_dir::{include_dir, Dir};

static SAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/samples");

/// (file name, bytes) of every sample story, in name order.
pub fn all() -> Vec<(&'static str, &'static [u8])> {
    let mut samples: Vec<_> = SAMPLES
        .files()
        .filter_map(|f| Some((f.path().file_name()?.to_str()?, f.contents())))
        .collect();
    samples.sort_by_key(|(name, _)| *name);
    samples
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;

    #[test]
    fn every_sample_parses_with_a_headline_and_an_agency() {
        let samples = all();
        assert!(samples.len() >= 5, "only {} samples", samples.len());
        for (name, bytes) in samples {
            let parsed = ingest::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!parsed.headline.is_empty(), "{name}");
            assert!(parsed.body.len() > 400, "{name} is too short");
            assert_ne!(parsed.source.code, "unknown", "{name} names no agency");
        }
    }
}
