//! The ingest pipeline's readers: files read, hashed, parsed and cleaned off the writer's thread, and matched to the stories they update.

use super::*;
use crate::ingest;

/// Stories a copy without an agency id is compared with, at most: those
/// sharing the most sampled trigrams of its opening.
const CANDIDATE_STORIES: usize = 3;
/// Wire revisions each sampled trigram brings as candidates, at most (the
/// newest): a phrase every story has cannot make a lookup read the library.
const CANDIDATES_PER_HASH: u32 = 20;

/// Sampled trigrams of an opening looked up before giving up when none
/// brings a candidate. Most copy updates no held story, and each lookup is
/// a full-text query; a story that agrees with the copy on a share `c` of
/// its opening shares none of ten sampled trigrams with a chance of about
/// (1 - c)^10: 11% at the threshold (0.2), 3% at 0.3, 0.1% at 0.5.
const QUICK_LOOKUPS: usize = 10;

/// A file waiting to be ingested.
pub(super) struct Pending {
    pub(super) path: PathBuf,
    /// Set for a drop-folder file: recorded as taken with what it stored.
    pub(super) dropped: Option<DroppedFile>,
    /// Copy handed over in memory (`path` is then only its label).
    pub(super) bytes: Option<Vec<u8>>,
}

impl Pending {
    pub(super) fn file(path: PathBuf) -> Pending {
        Pending {
            path,
            dropped: None,
            bytes: None,
        }
    }

    pub(super) fn len(&self) -> u64 {
        match &self.bytes {
            Some(bytes) => bytes.len() as u64,
            None => fs::metadata(&self.path).map_or(0, |m| m.len()),
        }
    }
}

/// One story of a file, parsed, with the opening it is matched by.
pub(super) struct PreparedItem {
    pub(super) parsed: ingest::ParsedCopy,
    pub(super) opening: Opening,
    pub(super) sample: Vec<i64>,
    pub(super) content_sha256: String,
    /// The claims the detector suggests (found off the writer's thread).
    pub(super) claims: Vec<Suggestion>,
    /// Plain text: each body paragraph's line hash if it could be
    /// furniture ([`furniture::candidate_lines`]); `None` for other formats.
    pub(super) lines: Option<Vec<Option<i64>>>,
}

/// What recurring furniture did to a plain-text copy, and what to count.
pub(super) struct Learned {
    /// The copy without the furniture taken out, when any was.
    pub(super) cleaned: Option<Cleaned>,
    pub(super) scope: String,
    /// The hashes of the copy's candidate lines, as received.
    pub(super) lines: Vec<i64>,
    /// The lines of the previous version of the story it updates.
    pub(super) counted: Vec<i64>,
}

/// A copy with learned furniture taken out: its text, its claims moved
/// with the text, and the opening sample of what is stored.
pub(super) struct Cleaned {
    pub(super) parsed: ingest::ParsedCopy,
    pub(super) claims: Vec<Suggestion>,
    pub(super) sample: Vec<i64>,
}

/// A file read, hashed and parsed (off the writer's thread), ready to write.
pub(super) struct Prepared {
    pub(super) label: String,
    pub(super) bytes: Vec<u8>,
    pub(super) sha256: String,
    /// Its stories, or the error that names the file and the problem.
    pub(super) parsed: Result<Vec<PreparedItem>>,
    pub(super) dropped: Option<DroppedFile>,
}

impl Prepared {
    pub(super) fn read(file: &Pending) -> Prepared {
        let label = file.path.display().to_string();
        if let Some(bytes) = &file.bytes {
            return Prepared::from_bytes(label, bytes.clone(), file.dropped.clone());
        }
        let read = if file.dropped.is_some() {
            ingest::read_dropped_file(&file.path)
        } else {
            ingest::read_file(&file.path)
        };
        match read {
            Ok(bytes) => Prepared::from_bytes(label, bytes, file.dropped.clone()),
            Err(source) => Prepared::failed(file, source),
        }
    }

    pub(super) fn from_bytes(
        label: String,
        bytes: Vec<u8>,
        dropped: Option<DroppedFile>,
    ) -> Prepared {
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let received = time::OffsetDateTime::now_utc().date();
        let parsed = ingest::parse_items(&bytes)
            .map(|items| {
                items
                    .into_iter()
                    .map(|mut parsed| {
                        parsed.date_received(received);
                        let derived = parsed.metadata.get("headline_derived").is_some();
                        let opening = Opening::of_copy(
                            &parsed.headline,
                            &parsed.body,
                            parsed.dateline.as_deref(),
                            derived,
                        );
                        let sample = opening.sample();
                        // The received text's hash, before anything the
                        // library learned is taken out: a re-send is known.
                        let content_sha256 = parsed.content_sha256();
                        let context = date_context(parsed.copy_date(), received);
                        let claims = suggest_claims(&parsed.body, &context);
                        let lines = (parsed.format == ingest::Format::Text)
                            .then(|| furniture::candidate_lines(&parsed));
                        PreparedItem {
                            parsed,
                            opening,
                            sample,
                            content_sha256,
                            claims,
                            lines,
                        }
                    })
                    .collect()
            })
            .map_err(|source| Error::Ingest {
                path: PathBuf::from(&label),
                source,
            });
        Prepared {
            label,
            bytes,
            sha256,
            parsed,
            dropped,
        }
    }

    pub(super) fn failed(file: &Pending, source: IngestError) -> Prepared {
        Prepared {
            label: file.path.display().to_string(),
            bytes: Vec::new(),
            sha256: String::new(),
            parsed: Err(Error::Ingest {
                path: file.path.clone(),
                source,
            }),
            dropped: file.dropped.clone(),
        }
    }
}

impl Library {
    /// The story a copy without an agency id is a new version of, if one
    /// held opens with the same words (see [`crate::similarity`]): the
    /// stories sharing the most sampled trigrams are compared, each through
    /// its newest wire version only, and the one agreeing best both ways
    /// wins. At most [`CANDIDATE_STORIES`] stories are read, each with two
    /// index seeks, however many stories or versions share the opening.
    pub(super) fn version_of(&self, opening: &Opening, sample: &[i64]) -> Result<Option<i64>> {
        if sample.is_empty() {
            return Ok(None);
        }
        // A trigram every story has ("(Reuters) - The") brings candidates
        // that share only it; a long opening must share two sampled ones.
        let min_shared = if sample.len() >= 12 { 2 } else { 1 };
        let mut best: Option<(i64, f64)> = None;
        let candidates =
            self.store
                .opening_candidates(sample, CANDIDATES_PER_HASH, QUICK_LOOKUPS)?;
        for story_id in candidates
            .into_iter()
            .filter(|c| c.shared >= min_shared)
            .map(|c| c.story_id)
            .take(CANDIDATE_STORIES)
        {
            let Some(held) = self.store.wire_opening(story_id)? else {
                continue;
            };
            let agreement = opening.agreement(&Opening::of_copy(
                &held.headline,
                &held.body,
                held.dateline.as_deref(),
                held.headline_derived,
            ));
            let score = agreement.both_ways();
            if agreement.same_story() && best.is_none_or(|(_, b)| score > b) {
                best = Some((story_id, score));
            }
        }
        Ok(best.map(|(id, _)| id))
    }

    /// Recurring furniture ([`crate::furniture`]) for a plain-text copy:
    /// the paragraphs whose line was seen in enough other stories are taken
    /// out (the copy's own story, `version_of`, does not count), and the
    /// lines to count once the copy is stored. `None` for other formats.
    pub(super) fn learn_furniture(
        &self,
        item: &PreparedItem,
        version_of: Option<i64>,
    ) -> Result<Option<Learned>> {
        let Some(lines) = &item.lines else {
            return Ok(None);
        };
        let scope = furniture::scope(&item.parsed);
        let counted = match version_of {
            Some(story) => self.store.latest_wire_lines(story)?,
            None => Vec::new(),
        };
        let counts = self.store.recurring_line_counts(&scope, lines)?;
        let mut remove = Vec::new();
        for (at, (line, count)) in lines.iter().zip(&counts).enumerate() {
            let (Some(hash), Some(count)) = (line, count) else {
                continue;
            };
            let own = version_of
                .is_some_and(|story| count.last_story_id == story || counted.contains(hash));
            let others = count.stories - i64::from(own);
            if others >= furniture::RECURRING_STORIES {
                remove.push((at, others));
            }
        }
        let cleaned = if remove.is_empty() {
            None
        } else {
            let mut parsed = item.parsed.clone();
            let mut claims = item.claims.clone();
            furniture::take_out(&mut parsed, &remove, &mut claims);
            (parsed.body != item.parsed.body).then(|| {
                // The sample changes only if a paragraph went from the
                // opening's words.
                let sample = if furniture::within_opening(&item.parsed, &remove) {
                    Opening::of_story(&parsed.headline, &parsed.body).sample()
                } else {
                    item.sample.clone()
                };
                Cleaned {
                    parsed,
                    claims,
                    sample,
                }
            })
        };
        Ok(Some(Learned {
            cleaned,
            scope,
            lines: lines.iter().flatten().copied().collect(),
            counted,
        }))
    }
}
