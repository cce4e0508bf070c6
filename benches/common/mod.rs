//! What the benchmarks share: the story bodies they run on.

/// The cleaned body of every sample and corpus story, as ingest makes it.
pub fn bodies() -> Vec<String> {
    let mut raw: Vec<Vec<u8>> = wiredesk_core::samples::all()
        .into_iter()
        .map(|(_, bytes)| bytes.to_vec())
        .collect();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/stories");
    if let Ok(entries) = std::fs::read_dir(corpus) {
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        raw.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    raw.iter()
        .filter_map(|bytes| wiredesk_core::ingest::parse(bytes).ok())
        .map(|copy| copy.body)
        .filter(|body| !body.is_empty())
        .collect()
}
