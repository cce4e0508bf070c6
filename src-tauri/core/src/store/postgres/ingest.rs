//! Copy arriving: stored once, whoever ingests it, with its recurring lines, openings and fingerprints; edits saved by compare-and-set; the audit log.
//!
//! The port of the SQLite store's ingest path (`store/mod.rs`: `write_copy`,
//! `store_item` and the steps it names; `store/recurring.rs`; the claims
//! that follow a story's text, `store/claims.rs`): the same statements in
//! the same order, the decisions taken by the same pure helpers
//! ([`crate::arrival`], [`crate::claims::carry`], [`crate::furniture`]).
//!
//! What differs is the engine's:
//! * an ingest write takes the advisory lock [`INGEST_LOCK`] first, for the
//!   rest of its transaction: two desktops storing the same file at the
//!   same moment store it once (the second finds the first's rows, as a
//!   second SQLite writer does after `BEGIN IMMEDIATE`); the inserts into
//!   tables with unique keys say `ON CONFLICT` besides;
//! * a story whose head may move is locked (`FOR UPDATE`) before its head
//!   is read, by ingest and by saves alike: a save is a compare-and-set;
//! * the search index needs no upkeep (`revisions.search` is generated);
//!   the CJK bigrams are written with the revision (`search_cjk`);
//! * FTS5's token tables are plain ones: `wire_fingerprints`,
//!   `story_openings`.
//!
//! The claims that follow a story's text are written by the claims port's
//! `insert_suggestions` and `carry_claims` (claims.rs).

use std::collections::{HashMap, HashSet};

use serde_json::json;

use super::claims::{carry_claims, head, insert_suggestions};
use super::{Pg, PgStore};
use crate::arrival::{self, Arrival, Found, HeldRevision, HeldStory};
use crate::domain::{RevisionKind, StoryState};
use crate::error::{Error, Result};
use crate::ingest::ParsedCopy;
use crate::store::claims::Carried;
use crate::store::{
    content_token, copy_token, CopyItem, DroppedFile, Edit, HeldOpening, LineCount,
    OpeningCandidate, ReceivedCopy, Stored, WireItem,
};
use crate::time_stamp;

/// The advisory lock an ingest write holds until its transaction ends
/// ("WDingest"): one ingest writes at a time, as on SQLite.
const INGEST_LOCK: i64 = 0x5744_696e_6765_7374;

/// The id of story $1's newest wire version in the agency's order: the
/// highest agency version, else (no version carries one) the newest
/// arrival. SQLite's `LATEST_WIRE_ID`; two seeks in `revisions_wire_order`.
const LATEST_WIRE_ID: &str = "coalesce(
     (SELECT id FROM revisions
      WHERE story_id = $1 AND kind = 'wire' AND agency_version IS NOT NULL
      ORDER BY agency_version DESC, id DESC LIMIT 1),
     (SELECT id FROM revisions
      WHERE story_id = $1 AND kind = 'wire' AND agency_version IS NULL
      ORDER BY id DESC LIMIT 1))";

/// The highest agency version among story $1's wire versions.
const HIGHEST_AGENCY_VERSION: &str = "SELECT agency_version FROM revisions
     WHERE story_id = $1 AND kind = 'wire' AND agency_version IS NOT NULL
     ORDER BY agency_version DESC LIMIT 1";

/// The wire version a new one of story $1 follows: the newest with an
/// agency version (at most $2, for one that arrives late), else the newest
/// without. SQLite's `WIRE_PARENT`.
const WIRE_PARENT: &str = "SELECT coalesce(
     (SELECT id FROM revisions
      WHERE story_id = $1 AND kind = 'wire' AND agency_version IS NOT NULL
        AND ($2::bigint IS NULL OR agency_version <= $2::bigint)
      ORDER BY agency_version DESC, id DESC LIMIT 1),
     (SELECT id FROM revisions
      WHERE story_id = $1 AND kind = 'wire' AND agency_version IS NULL
      ORDER BY id DESC LIMIT 1))";

/// The CJK column of a new revision from the CJK index's text of its
/// headline ($1) and body ($2) (store/cjk.rs `index_text`, NULL without CJK):
/// `wiredesk_cjk_vector` (the schema's), NULL when neither has CJK.
const SEARCH_CJK: &str = "wiredesk_cjk_vector($1::text, $2::text)";

/// A revision's headline and body as the CJK column is made from them.
struct CjkText {
    headline: Option<String>,
    body: Option<String>,
}

impl CjkText {
    fn of(headline: &str, body: &str) -> CjkText {
        let (headline, body) = super::search::cjk_index_texts(headline, body);
        CjkText { headline, body }
    }
}

/// [`SEARCH_CJK`] with its parameters numbered from `$first`.
fn search_cjk_sql(first: usize) -> String {
    SEARCH_CJK
        .replace("$1", &format!("${first}"))
        .replace("$2", &format!("${}", first + 1))
}

impl PgStore {
    /// Stores a received copy and the stories it carries, in one
    /// transaction (a savepoint inside a group): the feed copy, the
    /// stories, their revisions, the indexes and the audit entries land
    /// together or not at all. One result per story, in order.
    pub fn insert_wire_copy(
        &mut self,
        copy: ReceivedCopy<'_>,
        items: &[WireItem<'_>],
        actor: &str,
    ) -> Result<Vec<Stored>> {
        self.write(|pg| {
            pg.execute("SELECT pg_advisory_xact_lock($1)", &[&INGEST_LOCK])?;
            write_copy(pg, copy, items, actor)
        })
    }

    /// Saves an edit as a new revision whose parent is the current head, and
    /// makes it the head: a compare-and-set on the story's row, locked
    /// first. A stale base fails with [`Error::EditConflict`] and nothing is
    /// written. The story's claims follow the text.
    pub fn save_edit(&mut self, edit: &Edit<'_>, actor: &str) -> Result<i64> {
        let search = CjkText::of(edit.headline, edit.body);
        let insert = format!(
            "INSERT INTO revisions (story_id, parent_id, kind, author, created_at, note,
                 headline, dateline, byline, credit, body, search_cjk)
             VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, $10, {})
             RETURNING id",
            search_cjk_sql(12)
        );
        self.write(|pg| {
            let locked = pg.query_opt(
                "SELECT head_revision_id FROM stories WHERE id = $1 FOR UPDATE",
                &[&edit.story_id],
            )?;
            if locked.is_none() {
                return Err(Error::StoryNotFound(edit.story_id));
            }
            let Some(row) = pg.query_opt(
                "SELECT r.id, r.body, r.dateline, r.byline, r.credit, s.state, r.headline
                 FROM stories s JOIN revisions r ON r.id = s.head_revision_id WHERE s.id = $1",
                &[&edit.story_id],
            )?
            else {
                return Err(Error::StoryNotFound(edit.story_id));
            };
            let head_id: i64 = row.try_get(0)?;
            let old_body: String = row.try_get(1)?;
            let dateline: Option<String> = row.try_get(2)?;
            let byline: Option<String> = row.try_get(3)?;
            let credit: Option<String> = row.try_get(4)?;
            let state: StoryState = row.try_get::<_, &str>(5)?.parse()?;
            let old_headline: String = row.try_get(6)?;
            if let Some(base) = edit.base_revision_id.filter(|base| *base != head_id) {
                let base_story: Option<i64> = pg
                    .query_opt("SELECT story_id FROM revisions WHERE id = $1", &[&base])?
                    .map(|row| row.try_get(0))
                    .transpose()?;
                if base_story != Some(edit.story_id) {
                    return Err(Error::UnknownBase {
                        story: edit.story_id,
                        base,
                        head: head_id,
                    });
                }
                return Err(Error::EditConflict {
                    story: edit.story_id,
                    base,
                    head: head_id,
                });
            }
            // An edit that changes nothing makes no revision (a merge always
            // does: it records which wire version was taken in).
            if edit.kind == RevisionKind::Edit
                && edit.headline == old_headline
                && edit.body == old_body
            {
                return Err(Error::Unchanged {
                    story: edit.story_id,
                    head: head_id,
                });
            }
            let now = time_stamp::now();
            let revision_id: i64 = pg
                .query_one(
                    &insert,
                    &[
                        &edit.story_id,
                        &head_id,
                        &actor,
                        &now,
                        &edit.note,
                        &edit.headline,
                        &dateline,
                        &byline,
                        &credit,
                        &edit.body,
                        &edit.kind.as_str(),
                        &search.headline,
                        &search.body,
                    ],
                )?
                .try_get(0)?;
            set_head(pg, edit.story_id, revision_id)?;
            if state == StoryState::New {
                pg.execute(
                    "UPDATE stories SET state = $2 WHERE id = $1",
                    &[&edit.story_id, &StoryState::Editing.as_str()],
                )?;
            }
            let carried = Carried {
                story_id: edit.story_id,
                revision_id,
                old_body: &old_body,
                new_body: edit.body,
                suggestions: edit.suggestions,
            };
            carry_claims(pg, &carried, actor, &now)?;
            let mut detail =
                json!({ "revision_id": revision_id, "parent_id": head_id, "note": edit.note });
            if let (Some(passage), Some(fields)) = (edit.restored_passage, detail.as_object_mut()) {
                fields.insert("restored_passage".into(), passage.clone());
            }
            append_audit(
                pg,
                Some(edit.story_id),
                actor,
                &now,
                edit.kind.as_str(),
                &detail,
            )?;
            Ok(revision_id)
        })
    }

    /// The count of each line in `scope` (`None` for a line never seen).
    pub fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>> {
        self.read(|pg| line_counts(pg, scope, hashes))
    }

    /// The count of one line, for checks.
    pub fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        Ok(self
            .read(|pg| line_counts(pg, scope, &[Some(hash)]))?
            .remove(0))
    }

    /// The candidate lines of the story's newest wire version (the agency's
    /// order): the lines the story has counted already.
    pub fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>> {
        let sql = format!(
            "SELECT body, dateline, byline, credit FROM revisions WHERE id = {LATEST_WIRE_ID}"
        );
        let held = self.read(|pg| {
            pg.query_opt(&sql, &[&story_id])?
                .map(|row| -> Result<_> {
                    Ok((
                        row.try_get::<_, String>(0)?,
                        row.try_get::<_, Option<String>>(1)?,
                        row.try_get::<_, Option<String>>(2)?,
                        row.try_get::<_, Option<String>>(3)?,
                    ))
                })
                .transpose()
        })?;
        Ok(held
            .map(|(body, dateline, byline, credit)| {
                crate::furniture::candidates(
                    &body,
                    [dateline.as_deref(), byline.as_deref(), credit.as_deref()],
                )
                .into_iter()
                .flatten()
                .collect()
            })
            .unwrap_or_default())
    }

    /// The story's newest wire version (as SQLite's
    /// `Store::latest_wire_revision` orders them): its revision.
    pub fn latest_wire_revision(&self, story_id: i64) -> Result<Option<i64>> {
        self.read(|pg| {
            pg.query_opt(
                "SELECT id FROM revisions WHERE story_id = $1 AND kind = 'wire'
                 ORDER BY agency_version IS NULL DESC, agency_version DESC, id DESC LIMIT 1",
                &[&story_id],
            )?
            .map(|row| row.try_get(0))
            .transpose()
            .map_err(Error::from)
        })
    }

    /// Stories whose newest wire openings share sampled trigram hashes with
    /// `sample`, most shared first, then newest first (see
    /// `Store::opening_candidates`).
    pub fn opening_candidates(
        &self,
        sample: &[i64],
        per_hash: u32,
        give_up_after: usize,
    ) -> Result<Vec<OpeningCandidate>> {
        let per_hash = i64::from(per_hash);
        let tokens: Vec<String> = sample
            .iter()
            .map(|hash| crate::similarity::opening_token(*hash))
            .collect();
        // Every hash's stories in one statement; then counted hash by hash
        // as SQLite's loop does, giving up at the same point.
        let found = self.read(|pg| {
            let mut found: Vec<Vec<i64>> = vec![Vec::new(); tokens.len()];
            for row in pg.query(
                "SELECT t.n, r.story_id
                 FROM unnest($1::text[]) WITH ORDINALITY AS t(token, n)
                 CROSS JOIN LATERAL (SELECT revision_id FROM story_openings
                                     WHERE token = t.token
                                     ORDER BY revision_id DESC LIMIT $2) AS o
                 JOIN revisions r ON r.id = o.revision_id",
                &[&tokens, &per_hash],
            )? {
                let n: i64 = row.try_get(0)?;
                if let Some(stories) = usize::try_from(n - 1).ok().and_then(|i| found.get_mut(i)) {
                    stories.push(row.try_get(1)?);
                }
            }
            Ok(found)
        })?;
        let mut shared: HashMap<i64, usize> = HashMap::new();
        for (looked_up, stories) in found.into_iter().enumerate() {
            if looked_up == give_up_after && shared.is_empty() {
                break;
            }
            let stories: HashSet<i64> = stories.into_iter().collect();
            for id in stories {
                *shared.entry(id).or_default() += 1;
            }
        }
        let mut candidates: Vec<OpeningCandidate> = shared
            .into_iter()
            .map(|(story_id, shared)| OpeningCandidate { story_id, shared })
            .collect();
        candidates.sort_by(|a, b| b.shared.cmp(&a.shared).then(b.story_id.cmp(&a.story_id)));
        Ok(candidates)
    }

    /// The opening of a story's newest wire version (the agency's order):
    /// headline, the first [`crate::similarity::OPENING_CHARS`] characters
    /// of the body, dateline, and whether the headline was made from the
    /// lead.
    pub fn wire_opening(&self, story_id: i64) -> Result<Option<HeldOpening>> {
        let sql = format!(
            "SELECT headline, substr(body, 1, {}), dateline,
                    (metadata::jsonb ->> 'headline_derived') IS NOT NULL
             FROM revisions WHERE id = {LATEST_WIRE_ID}",
            crate::similarity::OPENING_CHARS
        );
        self.read(|pg| {
            pg.query_opt(&sql, &[&story_id])?
                .map(|row| -> Result<HeldOpening> {
                    Ok(HeldOpening {
                        headline: row.try_get(0)?,
                        body: row.try_get(1)?,
                        dateline: row.try_get(2)?,
                        headline_derived: row.try_get(3)?,
                    })
                })
                .transpose()
        })
    }

    /// Records a drop-folder file as taken, with what ingesting it did.
    pub fn record_dropped_file(&mut self, file: &DroppedFile, status: &str) -> Result<()> {
        let now = time_stamp::now();
        self.write(|pg| {
            pg.execute(
                "INSERT INTO drop_folder_files (path, byte_len, modified_ns, taken_at, status)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (path, byte_len, modified_ns)
                 DO UPDATE SET taken_at = EXCLUDED.taken_at, status = EXCLUDED.status",
                &[&file.path, &file.byte_len, &file.modified_ns, &now, &status],
            )?;
            Ok(())
        })
    }

    /// The drop-folder files under `root` taken before, as they were then.
    pub fn dropped_files_under(&self, root: &str) -> Result<Vec<DroppedFile>> {
        self.read(|pg| {
            pg.query(
                "SELECT path, byte_len, modified_ns FROM drop_folder_files
                 WHERE substr(path, 1, length($1::text)) = $1::text",
                &[&root],
            )?
            .iter()
            .map(|row| {
                Ok(DroppedFile {
                    path: row.try_get(0)?,
                    byte_len: row.try_get(1)?,
                    modified_ns: row.try_get(2)?,
                })
            })
            .collect()
        })
    }

    /// Starts a batch of ingests: each file still commits on its own, but
    /// the commits do not wait for the server's flush one by one
    /// (`synchronous_commit` off for this session). [`PgStore::end_batch`]
    /// commits with the flush, which makes every commit before it durable
    /// too (the write-ahead log is flushed in order).
    pub fn begin_batch(&mut self) -> Result<()> {
        self.read(|pg| pg.batch("SET synchronous_commit TO off"))
    }

    /// Ends a batch: back to a flush per commit, and one audited commit that
    /// flushes the write-ahead log, and with it every commit of the batch.
    pub fn end_batch(&mut self, actor: &str, summary: &serde_json::Value) -> Result<()> {
        self.read(|pg| pg.batch("SET synchronous_commit TO on"))?;
        self.audit(None, actor, "ingest-batch", summary)
    }

    /// Appends an entry to the audit log.
    pub fn audit(
        &mut self,
        story_id: Option<i64>,
        actor: &str,
        action: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        let now = time_stamp::now();
        self.write(|pg| append_audit(pg, story_id, actor, &now, action, detail))
    }
}

/// Appends an entry to the audit log, in the caller's transaction.
pub(super) fn append_audit(
    pg: &mut Pg<'_>,
    story_id: Option<i64>,
    actor: &str,
    at: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    pg.execute(
        "INSERT INTO audit_log (story_id, actor, created_at, action, detail)
         VALUES ($1, $2, $3, $4, $5)",
        &[&story_id, &actor, &at, &action, &detail.to_string()],
    )?;
    Ok(())
}

/// Writes a received copy and its stories, inside the caller's transaction
/// (which holds [`INGEST_LOCK`]).
fn write_copy(
    pg: &mut Pg<'_>,
    copy: ReceivedCopy<'_>,
    items: &[WireItem<'_>],
    actor: &str,
) -> Result<Vec<Stored>> {
    let held_copy = find_copy_items(pg, copy.sha256)?;
    if !held_copy.is_empty() {
        return Ok(held_copy
            .into_iter()
            .map(|item| Stored::Duplicate {
                story_id: item.story_id,
                revision_id: item.revision_id,
            })
            .collect());
    }
    let now = time_stamp::now();
    let mut feed_copy_id = None;
    items
        .iter()
        .map(|item| store_item(pg, copy, item, actor, &now, &mut feed_copy_id))
        .collect()
}

/// Stores one story of a received copy (SQLite's `store_item`): the feed
/// copy row is written with the first story that is not a duplicate.
fn store_item(
    pg: &mut Pg<'_>,
    copy: ReceivedCopy<'_>,
    item: &WireItem<'_>,
    actor: &str,
    now: &str,
    feed_copy_id: &mut Option<i64>,
) -> Result<Stored> {
    let parsed = item.parsed;
    let content_sha256 = item.content_sha256;
    let agency_version = parsed.agency_version();
    let (found, source_id) = what_is_held(pg, item)?;
    let arrival = arrival::arrival(&found);
    let update = matches!(arrival, Arrival::Update { .. });
    let (story_id, wire_version, parent_id, older, becomes_head, latest_before) = match arrival {
        Arrival::Duplicate(HeldRevision {
            story_id,
            revision_id,
        }) => {
            return Ok(Stored::Duplicate {
                story_id,
                revision_id,
            })
        }
        Arrival::Update {
            story_id,
            wire_version,
            older,
            becomes_head,
        } => {
            let latest_before = latest_wire_id(pg, story_id)?;
            let parent: Option<i64> = pg
                .query_one(WIRE_PARENT, &[&story_id, &agency_version.filter(|_| older)])?
                .try_get(0)?;
            (
                story_id,
                wire_version,
                parent,
                older,
                becomes_head,
                latest_before,
            )
        }
        Arrival::NewStory => {
            let story_id: i64 = pg
                .query_one(
                    "INSERT INTO stories
                         (source_id, guid, slug, first_received_at, last_received_at, wire_versions)
                     VALUES ($1, $2, $3, $4, $4, 1)
                     RETURNING id",
                    &[&source_id, &parsed.guid, &parsed.slug, &now],
                )?
                .try_get(0)?;
            (story_id, 1, None, false, true, None)
        }
    };
    let feed_copy_id =
        insert_feed_copy(pg, copy, parsed, story_id, wire_version, now, feed_copy_id)?;
    let revision_id = insert_wire_revision(
        pg,
        parsed,
        story_id,
        parent_id,
        feed_copy_id,
        content_sha256,
        now,
    )?;
    insert_fingerprints(pg, revision_id, copy.sha256, Some(content_sha256))?;
    // The opening index holds each story's newest wire version only.
    let latest = if update {
        latest_wire_id(pg, story_id)?
    } else {
        Some(revision_id)
    };
    if latest == Some(revision_id) {
        if let Some(previous) = latest_before {
            remove_opening(pg, previous)?;
        }
        insert_openings(pg, revision_id, item.opening)?;
    }
    if let Some(recurring) = &item.recurring {
        let counted: HashSet<i64> = recurring.counted.iter().copied().collect();
        count_lines(pg, recurring.scope, story_id, recurring.lines, &counted)?;
    }
    if !update {
        // A new story's checkable facts, ready before anyone reads it.
        insert_suggestions(pg, story_id, revision_id, &parsed.body, item.claims, now)?;
    }
    if becomes_head {
        become_head(pg, item, story_id, revision_id, update, actor, now)?;
    }
    if update {
        pg.execute(
            "UPDATE stories SET last_received_at = $1, wire_versions = $3 WHERE id = $2",
            &[&now, &story_id, &wire_version],
        )?;
    }
    let kill_reason = parsed.kill_reason();
    if kill_reason.is_some() {
        pg.execute(
            "UPDATE stories SET state = 'killed' WHERE id = $1",
            &[&story_id],
        )?;
    }
    let status = if update { "update" } else { "new" };
    let detail = json!({
        "file": copy.file_name,
        "status": status,
        "wire_version": wire_version,
        "agency_version": agency_version,
        "older_than_held": older,
        "feed_copy_id": feed_copy_id,
        "revision_id": revision_id,
        "format": parsed.format.code(),
        "encoding": parsed.encoding,
        "kill_reason": kill_reason,
    });
    append_audit(pg, Some(story_id), actor, now, "ingest", &detail)?;
    Ok(if update {
        Stored::Update {
            story_id,
            revision_id,
        }
    } else {
        Stored::New {
            story_id,
            revision_id,
        }
    })
}

/// What the library holds that a received copy could be (SQLite's
/// `what_is_held`): the same words re-sent, else the story it is a version
/// of. The copy's source row is made only when needed.
fn what_is_held(pg: &mut Pg<'_>, item: &WireItem<'_>) -> Result<(Found, Option<i64>)> {
    let parsed = item.parsed;
    let content_sha256 = item.content_sha256;
    let agency_version = parsed.agency_version();
    // The same words re-sent, unless both copies carry agency identities
    // and they differ (two items that share a text).
    let same_text: Option<HeldRevision> = pg
        .query_opt(
            "SELECT r.story_id, r.id FROM wire_fingerprints w
             JOIN revisions r ON r.id = w.revision_id
             JOIN stories s ON s.id = r.story_id
             WHERE w.token = $1
               AND r.content_sha256 = $2 AND r.kind = 'wire'
               AND (s.guid IS NULL OR $3::text IS NULL OR s.guid = $3::text)
             ORDER BY w.revision_id LIMIT 1",
            &[
                &content_token(content_sha256),
                &content_sha256,
                &parsed.guid,
            ],
        )?
        .map(|row| -> Result<HeldRevision> {
            Ok(HeldRevision {
                story_id: row.try_get(0)?,
                revision_id: row.try_get(1)?,
            })
        })
        .transpose()?;
    // A duplicate needs no more lookups (and adds no source).
    let (source_id, held) = match same_text {
        Some(_) => (None, None),
        None => {
            let source_id = source_id(pg, &parsed.source.code, &parsed.source.name)?;
            let held = held_story(pg, source_id, parsed, item.version_of)?;
            (Some(source_id), held)
        }
    };
    Ok((
        Found {
            same_text,
            held,
            agency_version,
        },
        source_id,
    ))
}

/// The received file's bytes, stored once for all the stories it carries.
fn insert_feed_copy(
    pg: &mut Pg<'_>,
    copy: ReceivedCopy<'_>,
    parsed: &ParsedCopy,
    story_id: i64,
    wire_version: i64,
    now: &str,
    feed_copy_id: &mut Option<i64>,
) -> Result<i64> {
    if let Some(id) = *feed_copy_id {
        return Ok(id);
    }
    let id: i64 = pg
        .query_one(
            "INSERT INTO feed_copies
                 (story_id, wire_version, file_name, format, encoding, sha256, byte_len, bytes,
                  received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING id",
            &[
                &story_id,
                &wire_version,
                &copy.file_name,
                &parsed.format.code(),
                &parsed.encoding,
                &copy.sha256,
                &(copy.bytes.len() as i64),
                &copy.bytes,
                &now,
            ],
        )?
        .try_get(0)?;
    *feed_copy_id = Some(id);
    Ok(id)
}

/// A wire revision of the story, with its CJK bigrams (its fingerprints
/// are indexed by the caller).
fn insert_wire_revision(
    pg: &mut Pg<'_>,
    parsed: &ParsedCopy,
    story_id: i64,
    parent_id: Option<i64>,
    feed_copy_id: i64,
    content_sha256: &str,
    now: &str,
) -> Result<i64> {
    let agency_version = parsed.agency_version();
    let search = CjkText::of(&parsed.headline, &parsed.body);
    let sql = format!(
        "INSERT INTO revisions
             (story_id, parent_id, kind, feed_copy_id, author, created_at,
              headline, dateline, byline, credit, body, metadata, content_sha256, agency_version,
              search_cjk)
         VALUES ($1, $2, 'wire', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, {})
         RETURNING id",
        search_cjk_sql(14)
    );
    Ok(pg
        .query_one(
            &sql,
            &[
                &story_id,
                &parent_id,
                &feed_copy_id,
                &parsed.source.name,
                &now,
                &parsed.headline,
                &parsed.dateline,
                &parsed.byline,
                &parsed.credit,
                &parsed.body,
                &parsed.metadata.to_string(),
                &content_sha256,
                &agency_version,
                &search.headline,
                &search.body,
            ],
        )?
        .try_get(0)?)
}

/// The new wire revision becomes the story's head; on an update the
/// story's claims follow its text into it.
fn become_head(
    pg: &mut Pg<'_>,
    item: &WireItem<'_>,
    story_id: i64,
    revision_id: i64,
    update: bool,
    actor: &str,
    now: &str,
) -> Result<()> {
    let parsed = item.parsed;
    let old_body = if update {
        Some(head(pg, story_id)?.body)
    } else {
        None
    };
    set_head(pg, story_id, revision_id)?;
    if let Some(old_body) = old_body {
        let carried = Carried {
            story_id,
            revision_id,
            old_body: &old_body,
            new_body: &parsed.body,
            suggestions: item.claims,
        };
        carry_claims(pg, &carried, actor, now)?;
    }
    Ok(())
}

/// The held story a copy belongs to: the one with its agency id in its
/// source, else the one it updates by similarity (`version_of`). Its row is
/// locked first, so that a save cannot move its head before this copy's
/// transaction ends.
fn held_story(
    pg: &mut Pg<'_>,
    source_id: i64,
    parsed: &ParsedCopy,
    version_of: Option<i64>,
) -> Result<Option<HeldStory>> {
    let locked = match (&parsed.guid, version_of) {
        (Some(guid), _) => pg.query_opt(
            "SELECT id FROM stories WHERE source_id = $1 AND guid = $2 FOR UPDATE",
            &[&source_id, guid],
        )?,
        (None, Some(story_id)) => pg.query_opt(
            "SELECT id FROM stories WHERE id = $1 FOR UPDATE",
            &[&story_id],
        )?,
        (None, None) => None,
    };
    let Some(locked) = locked else {
        return Ok(None);
    };
    let story_id: i64 = locked.try_get(0)?;
    let Some(row) = pg.query_opt(
        "SELECT s.id, r.kind, s.wire_versions
         FROM stories s JOIN revisions r ON r.id = s.head_revision_id
         WHERE s.id = $1",
        &[&story_id],
    )?
    else {
        return Ok(None);
    };
    let story_id: i64 = row.try_get(0)?;
    let head_is_wire = row.try_get::<_, &str>(1)?.parse::<RevisionKind>()? == RevisionKind::Wire;
    let wire_versions: i64 = row.try_get(2)?;
    let newest_agency_version: Option<i64> = pg
        .query_opt(HIGHEST_AGENCY_VERSION, &[&story_id])?
        .map(|row| row.try_get(0))
        .transpose()?;
    Ok(Some(HeldStory {
        story_id,
        head_is_wire,
        wire_versions,
        newest_agency_version,
    }))
}

/// The id of the source with `code`, added if new.
fn source_id(pg: &mut Pg<'_>, code: &str, name: &str) -> Result<i64> {
    let lookup = |pg: &mut Pg<'_>| -> Result<Option<i64>> {
        pg.query_opt("SELECT id FROM sources WHERE code = $1", &[&code])?
            .map(|row| row.try_get(0))
            .transpose()
            .map_err(Error::from)
    };
    if let Some(id) = lookup(pg)? {
        return Ok(id);
    }
    let added = pg.query_opt(
        "INSERT INTO sources (code, name) VALUES ($1, $2)
         ON CONFLICT (code) DO NOTHING RETURNING id",
        &[&code, &name],
    )?;
    match added {
        Some(row) => Ok(row.try_get(0)?),
        // Another desktop added it a moment ago.
        None => lookup(pg)?.ok_or_else(|| Error::InvalidInput(format!("no source {code:?}"))),
    }
}

/// Makes `revision_id` the story's head. The search columns need no upkeep
/// (search reads the head's).
fn set_head(pg: &mut Pg<'_>, story_id: i64, revision_id: i64) -> Result<()> {
    pg.execute(
        "UPDATE stories SET head_revision_id = $1 WHERE id = $2",
        &[&revision_id, &story_id],
    )?;
    Ok(())
}

/// The id of a story's newest wire version ([`LATEST_WIRE_ID`]).
pub(super) fn latest_wire_id(pg: &mut Pg<'_>, story_id: i64) -> Result<Option<i64>> {
    Ok(pg
        .query_one(&format!("SELECT {LATEST_WIRE_ID}"), &[&story_id])?
        .try_get(0)?)
}

/// Takes a wire revision's opening sample out of the opening index.
fn remove_opening(pg: &mut Pg<'_>, revision_id: i64) -> Result<()> {
    pg.execute(
        "DELETE FROM story_openings WHERE revision_id = $1",
        &[&revision_id],
    )?;
    Ok(())
}

/// Adds a wire revision's opening sample to the opening index.
fn insert_openings(pg: &mut Pg<'_>, revision_id: i64, hashes: &[i64]) -> Result<()> {
    if hashes.is_empty() {
        return Ok(());
    }
    let tokens: Vec<String> = hashes
        .iter()
        .map(|hash| crate::similarity::opening_token(*hash))
        .collect();
    pg.execute(
        "INSERT INTO story_openings (token, revision_id)
         SELECT token, $2 FROM unnest($1::text[]) AS token
         ON CONFLICT DO NOTHING",
        &[&tokens, &revision_id],
    )?;
    Ok(())
}

/// Every (story, wire revision) stored from the feed copy with these bytes.
fn find_copy_items(pg: &mut Pg<'_>, sha256: &str) -> Result<Vec<CopyItem>> {
    pg.query(
        "SELECT r.story_id, r.id FROM wire_fingerprints w
         JOIN revisions r ON r.id = w.revision_id
         JOIN feed_copies f ON f.id = r.feed_copy_id
         WHERE w.token = $1 AND f.sha256 = $2
         ORDER BY w.revision_id",
        &[&copy_token(sha256), &sha256],
    )?
    .iter()
    .map(|row| {
        Ok(CopyItem {
            story_id: row.try_get(0)?,
            revision_id: row.try_get(1)?,
        })
    })
    .collect()
}

/// Indexes a wire revision under the hashes that recognise it when its
/// copy or its text arrives again.
pub(super) fn insert_fingerprints(
    pg: &mut Pg<'_>,
    revision_id: i64,
    copy_sha256: &str,
    content_sha256: Option<&str>,
) -> Result<()> {
    let mut tokens = vec![copy_token(copy_sha256)];
    if let Some(content) = content_sha256 {
        tokens.push(content_token(content));
    }
    pg.execute(
        "INSERT INTO wire_fingerprints (token, revision_id)
         SELECT token, $2 FROM unnest($1::text[]) AS token
         ON CONFLICT DO NOTHING",
        &[&tokens, &revision_id],
    )?;
    Ok(())
}

/// The counts of `hashes` in `scope` (recurring.rs's `line_counts`), in
/// one statement for all of them.
fn line_counts(
    pg: &mut Pg<'_>,
    scope: &str,
    hashes: &[Option<i64>],
) -> Result<Vec<Option<LineCount>>> {
    let asked: Vec<i64> = hashes.iter().flatten().copied().collect();
    if asked.is_empty() {
        return Ok(vec![None; hashes.len()]);
    }
    let mut found: HashMap<i64, LineCount> = HashMap::new();
    for row in pg.query(
        "SELECT line_hash, stories, last_story_id FROM recurring_lines
         WHERE scope = $1 AND line_hash = ANY($2)",
        &[&scope, &asked],
    )? {
        found.insert(
            row.try_get(0)?,
            LineCount {
                stories: row.try_get(1)?,
                last_story_id: row.try_get(2)?,
            },
        );
    }
    Ok(hashes
        .iter()
        .map(|hash| hash.and_then(|hash| found.get(&hash).copied()))
        .collect())
}

/// Counts `story_id` once for each of `lines` it has not counted already
/// (recurring.rs's `count_lines`): one upsert for all of them that leaves
/// a line whose last counter is this story as it is.
fn count_lines(
    pg: &mut Pg<'_>,
    scope: &str,
    story_id: i64,
    lines: &[i64],
    counted: &HashSet<i64>,
) -> Result<()> {
    let mut seen = HashSet::new();
    // Each line once (an upsert may not touch a row twice), in a fixed
    // order, as rows are best locked.
    let mut new: Vec<i64> = lines
        .iter()
        .copied()
        .filter(|hash| !counted.contains(hash) && seen.insert(*hash))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    new.sort_unstable();
    pg.execute(
        "INSERT INTO recurring_lines (scope, line_hash, stories, last_story_id)
         SELECT $1, hash, 1, $3 FROM unnest($2::bigint[]) AS hash
         ON CONFLICT (scope, line_hash) DO UPDATE
             SET stories = recurring_lines.stories + 1,
                 last_story_id = EXCLUDED.last_story_id
             WHERE recurring_lines.last_story_id <> EXCLUDED.last_story_id",
        &[&scope, &new, &story_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::store::Store;
    use crate::{IngestStatus, Library};

    /// The test server, when one is set; under CI one must be.
    fn server() -> Option<String> {
        let server = crate::team_test::server();
        assert!(
            server.is_some() || std::env::var("CI").as_deref() != Ok("true"),
            "CI runs the team library's tests: set {}",
            crate::team_test::SERVER_ENV
        );
        server
    }

    fn quake(day: u32, extra: &str) -> String {
        format!(
            "{}Quake toll rises\n\nLIMA, March {day}, 2014 (Reuters) - The death toll rose to \
             120 on Thursday, officials said, as rescue teams searched collapsed homes in the \
             southern highlands for survivors.\n\n{extra}\
             Rescue teams arrived from Chile and Ecuador overnight.\n\n\
             (Reporting by Ana Lima; Editing by Tom Hale)\n",
            if day > 11 { "UPDATE 1-" } else { "" }
        )
    }

    #[test]
    fn a_copy_two_desktops_ingest_at_once_is_stored_once() {
        let Some(server) = server() else { return };
        let url = crate::team_test::fresh_database(&server);
        Library::init_team(&url).expect("init");
        let copy = quake(11, "");
        let reports: Vec<_> = std::thread::scope(|scope| {
            let desks: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        let mut library = Library::open(Path::new(&url)).expect("open");
                        library
                            .ingest_bytes("quake.txt", copy.as_bytes())
                            .expect("ingest")
                    })
                })
                .collect();
            desks.into_iter().map(|d| d.join().unwrap()).collect()
        });
        let mut statuses: Vec<_> = reports.iter().map(|r| r.status).collect();
        statuses.sort_by_key(|s| s.as_str());
        assert_eq!(statuses, [IngestStatus::Duplicate, IngestStatus::New]);
        assert_eq!(reports[0].story_id, reports[1].story_id);
        assert_eq!(reports[0].revision_id, reports[1].revision_id);
        let store = PgStore::open(&url).expect("open");
        let counts: Vec<i64> = store
            .read(|pg| {
                let row = pg.query_one(
                    "SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM feed_copies),
                            (SELECT count(*) FROM revisions),
                            (SELECT count(*) FROM audit_log WHERE action = 'ingest'),
                            (SELECT count(*) FROM wire_fingerprints)",
                    &[],
                )?;
                (0..5).map(|i| Ok(row.try_get(i)?)).collect()
            })
            .unwrap();
        assert_eq!(counts, [1, 1, 1, 1, 2]);
    }

    #[test]
    fn saves_are_compared_and_set() {
        let Some(server) = server() else { return };
        let url = crate::team_test::fresh_database(&server);
        let report = Library::init_team(&url)
            .expect("init")
            .ingest_bytes("quake.txt", quake(11, "").as_bytes())
            .expect("ingest");
        let (story, wire) = (report.story_id.unwrap(), report.revision_id.unwrap());
        let mut store = PgStore::open(&url).expect("open");
        let body = "The toll rose to 120.\n\nChecked with the ministry.";
        let edit = |story_id, base_revision_id, headline, body| Edit {
            story_id,
            base_revision_id,
            headline,
            body,
            note: Some("checked"),
            suggestions: &[],
            kind: RevisionKind::Edit,
            restored_passage: None,
        };
        let saved = store
            .save_edit(&edit(story, Some(wire), "Quake toll rises", body), "ana")
            .expect("save");
        assert!(saved > wire);
        match store.save_edit(&edit(story, Some(wire), "Quake", "Other words."), "lee") {
            Err(Error::EditConflict { base, head, .. }) => {
                assert_eq!((base, head), (wire, saved))
            }
            other => panic!("a stale base must conflict: {other:?}"),
        }
        assert!(matches!(
            store.save_edit(&edit(story, Some(saved), "Quake toll rises", body), "ana"),
            Err(Error::Unchanged { .. })
        ));
        assert!(matches!(
            store.save_edit(&edit(story, Some(saved + 1000), "Quake", "Words."), "ana"),
            Err(Error::UnknownBase { .. })
        ));
        assert!(matches!(
            store.save_edit(&edit(story + 1000, None, "Quake", "Words."), "ana"),
            Err(Error::StoryNotFound(_))
        ));
        // Two desks saving from the same base at once: one revision, one
        // conflict, never a lost edit.
        let outcomes: Vec<Result<i64>> = std::thread::scope(|scope| {
            let desks: Vec<_> = ["first desk", "second desk"]
                .into_iter()
                .map(|words| {
                    let url = &url;
                    let edit = &edit;
                    scope.spawn(move || {
                        let mut store = PgStore::open(url).expect("open");
                        store.save_edit(&edit(story, Some(saved), "Quake", words), "desk")
                    })
                })
                .collect();
            desks.into_iter().map(|d| d.join().unwrap()).collect()
        });
        let won: Vec<i64> = outcomes
            .iter()
            .filter_map(|o| o.as_ref().ok().copied())
            .collect();
        assert_eq!(won.len(), 1, "{outcomes:?}");
        assert!(outcomes
            .iter()
            .any(|o| matches!(o, Err(Error::EditConflict { head, .. }) if *head == won[0])));
        let (head, edits, audited): (i64, i64, i64) = store
            .read(|pg| {
                let row = pg.query_one(
                    "SELECT (SELECT head_revision_id FROM stories WHERE id = $1),
                            (SELECT count(*) FROM revisions WHERE story_id = $1 AND kind = 'edit'),
                            (SELECT count(*) FROM audit_log WHERE story_id = $1 AND action = 'edit')",
                    &[&story],
                )?;
                Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
            })
            .unwrap();
        assert_eq!((head, edits, audited), (won[0], 2, 2));
    }

    /// The same copies stored in a SQLite library and a team library read
    /// back the same through the methods ported here.
    #[test]
    fn ingest_reads_back_as_on_sqlite() {
        let Some(server) = server() else { return };
        let url = crate::team_test::fresh_database(&server);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("library.sqlite");
        let copies = [
            ("quake.txt", quake(11, "")),
            (
                "quake-1.txt",
                quake(13, "Aftershocks struck on Wednesday.\n\n"),
            ),
            ("quake-again.txt", quake(11, "")),
            (
                "harbour.txt",
                "Harbour reopens\n\nOSLO, May 2 (Reuters) - The harbour reopened on Monday \
                 after repairs costing 35 million crowns, the port said.\n\n\
                 (Reporting by Ana Lima; Editing by Tom Hale)\n"
                    .to_owned(),
            ),
        ];
        let mut reports = Vec::new();
        for mut library in [
            Library::open(&file).unwrap(),
            Library::init_team(&url).unwrap(),
        ] {
            reports.push(
                copies
                    .iter()
                    .map(|(name, text)| library.ingest_bytes(name, text.as_bytes()).unwrap())
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(reports[0], reports[1]);
        let sqlite = Store::open(&file).unwrap();
        let team = PgStore::open(&url).unwrap();
        let sample = crate::similarity::Opening::of_story(&quake(13, ""), "").sample();
        for story in 1..=3 {
            assert_eq!(
                sqlite.latest_wire_revision(story).unwrap(),
                team.latest_wire_revision(story).unwrap()
            );
            assert_eq!(
                sqlite.latest_wire_lines(story).unwrap(),
                team.latest_wire_lines(story).unwrap()
            );
            let (a, b) = (
                sqlite.wire_opening(story).unwrap(),
                team.wire_opening(story).unwrap(),
            );
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        assert_eq!(
            sqlite.opening_candidates(&sample, 50, 20).unwrap(),
            team.opening_candidates(&sample, 50, 20).unwrap()
        );
        for story in 1..=2 {
            let lines: Vec<Option<i64>> = sqlite
                .latest_wire_lines(story)
                .unwrap()
                .into_iter()
                .map(Some)
                .chain([None, Some(7)])
                .collect();
            for scope in ["", "reuters", "Reuters"] {
                assert_eq!(
                    sqlite.recurring_line_counts(scope, &lines).unwrap(),
                    team.recurring_line_counts(scope, &lines).unwrap()
                );
            }
        }
    }
}
