//! The counts behind recurring furniture ([`crate::furniture`]): how many
//! distinct stories each candidate line of plain-text copy was seen in, per
//! scope (a publisher, or '' for all copy). Migration 0012.
//!
//! One indexed lookup per line; plain single-row inserts and updates, never
//! an upsert: a statement that may write more than one row opens a
//! statement savepoint, and the full-text indexes write their pending terms
//! out at every savepoint (see `set_head`).

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use super::Store;
use crate::Result;

/// A line's count: the stories it was seen in, and the story that counted
/// it last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCount {
    pub stories: i64,
    pub last_story_id: i64,
}

impl Store {
    /// The count of each line in `scope` (`None` for a line never seen).
    pub fn recurring_line_counts(
        &self,
        scope: &str,
        hashes: &[Option<i64>],
    ) -> Result<Vec<Option<LineCount>>> {
        line_counts(&self.conn, scope, hashes)
    }

    /// The count of one line, for checks.
    pub fn recurring_line_count(&self, scope: &str, hash: i64) -> Result<Option<LineCount>> {
        Ok(line_counts(&self.conn, scope, &[Some(hash)])?.remove(0))
    }

    /// The candidate lines of the story's newest wire version (the agency's
    /// order): the lines the story has counted already.
    pub fn latest_wire_lines(&self, story_id: i64) -> Result<Vec<i64>> {
        type Held = (String, Option<String>, Option<String>, Option<String>);
        let held: Option<Held> = self
            .conn
            .prepare_cached(&format!(
                "SELECT body, dateline, byline, credit FROM revisions WHERE id = {}",
                super::LATEST_WIRE_ID
            ))?
            .query_row([story_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
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
}

pub(super) fn line_counts(
    conn: &Connection,
    scope: &str,
    hashes: &[Option<i64>],
) -> Result<Vec<Option<LineCount>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stories, last_story_id FROM recurring_lines WHERE scope = ?1 AND line_hash = ?2",
    )?;
    hashes
        .iter()
        .map(|hash| match hash {
            None => Ok(None),
            Some(hash) => Ok(stmt
                .query_row((scope, hash), |row| {
                    Ok(LineCount {
                        stories: row.get(0)?,
                        last_story_id: row.get(1)?,
                    })
                })
                .optional()?),
        })
        .collect()
}

/// Counts `story_id` once for each of `lines` it has not counted already
/// (`counted`: the lines of the story's previous version; and a line whose
/// last counter is this story).
pub(super) fn count_lines(
    conn: &Connection,
    scope: &str,
    story_id: i64,
    lines: &[i64],
    counted: &HashSet<i64>,
) -> Result<()> {
    let mut seen = HashSet::new();
    for hash in lines {
        if counted.contains(hash) || !seen.insert(*hash) {
            continue;
        }
        let held: Option<i64> = conn
            .prepare_cached(
                "SELECT last_story_id FROM recurring_lines WHERE scope = ?1 AND line_hash = ?2",
            )?
            .query_row((scope, hash), |row| row.get(0))
            .optional()?;
        match held {
            Some(last) if last == story_id => {}
            Some(_) => {
                conn.prepare_cached(
                    "UPDATE recurring_lines SET stories = stories + 1, last_story_id = ?3
                     WHERE scope = ?1 AND line_hash = ?2",
                )?
                .execute((scope, hash, story_id))?;
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO recurring_lines (scope, line_hash, stories, last_story_id)
                     VALUES (?1, ?2, 1, ?3)",
                )?
                .execute((scope, hash, story_id))?;
            }
        }
    }
    Ok(())
}

/// Migration 0012's data step: the plain-text stories already held, each
/// story counted once for the lines of all its wire versions, through the
/// same [`count_lines`] as at ingest.
pub(super) fn fill(conn: &Connection) -> Result<()> {
    let mut wire = conn.prepare(
        "SELECT r.story_id, r.body, r.dateline, r.byline, r.credit,
                json_extract(r.metadata, '$.publisher')
         FROM revisions r JOIN feed_copies f ON f.id = r.feed_copy_id
         WHERE r.kind = 'wire' AND f.format = 'text'
         ORDER BY r.story_id, r.id",
    )?;
    let mut rows = wire.query([])?;
    let mut story: Option<i64> = None;
    let mut counted: HashSet<i64> = HashSet::new();
    while let Some(row) = rows.next()? {
        let story_id: i64 = row.get(0)?;
        let body: String = row.get(1)?;
        let fields: [Option<String>; 3] = [row.get(2)?, row.get(3)?, row.get(4)?];
        let publisher: Option<String> =
            row.get::<_, Option<rusqlite::types::Value>>(5)?
                .and_then(|value| match value {
                    rusqlite::types::Value::Text(text) => Some(text),
                    _ => None,
                });
        let scope = crate::furniture::scope_named(publisher.as_deref());
        if story != Some(story_id) {
            story = Some(story_id);
            counted.clear();
        }
        let lines: Vec<i64> =
            crate::furniture::candidates(&body, fields.each_ref().map(Option::as_deref))
                .into_iter()
                .flatten()
                .collect();
        count_lines(conn, &scope, story_id, &lines, &counted)?;
        counted.extend(lines);
    }
    Ok(())
}
