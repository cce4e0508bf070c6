//! Health: doctor and backups.

use super::*;

impl Library {
    /// Checks the library's health: SQLite's integrity check, references
    /// between tables, every feed copy against its recorded hash, each
    /// story's current revision, each claim's status against its events, and
    /// the search indexes. With `repair`, search indexes found wrong are
    /// rebuilt from the revisions (nothing else is ever changed), and the
    /// repair is audited. `progress` hears each check's name as it starts.
    pub fn doctor(
        &mut self,
        options: crate::backup::HealthOptions,
        progress: &mut dyn FnMut(&str),
    ) -> Result<crate::backup::HealthReport> {
        let store = &self.store;
        progress("integrity");
        let mut checks = vec![store.check_integrity(options.quick)?];
        progress("foreign-keys");
        checks.push(store.check_foreign_keys()?);
        progress("feed-copies");
        checks.push(store.check_feed_copies()?);
        progress("stories");
        checks.push(store.check_stories()?);
        progress("claims");
        checks.push(store.check_claims()?);
        progress("search-index");
        checks.push(store.check_search_index()?);
        let mut repaired = Vec::new();
        let search_ok = checks.last().is_some_and(|c| c.ok());
        if options.repair && !search_ok {
            progress("rebuilding the search indexes");
            let stories = self.store.rebuild_search_indexes()?;
            repaired.push(format!(
                "rebuilt the search indexes from the revisions ({stories} stories)"
            ));
            let detail = serde_json::json!({ "repaired": repaired });
            self.store.audit(None, &self.actor, "repair", &detail)?;
            progress("search-index");
            let again = self.store.check_search_index()?;
            if let Some(last) = checks.last_mut() {
                *last = again;
            }
        }
        let ok = checks.iter().all(|c| c.ok());
        Ok(crate::backup::HealthReport {
            library: self.path().to_owned(),
            schema_version: self.store.schema_version()?,
            stories: self.store.story_count()?,
            checks,
            repaired,
            ok,
        })
    }

    /// Copies the whole library into the new file `dest` (see
    /// [`crate::backup::backup_library`]) and records the backup.
    pub fn backup(
        &mut self,
        dest: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<crate::backup::BackupReport> {
        let report = crate::backup::backup_library(self.path(), dest, false, progress)?;
        self.record_backup(&report)?;
        Ok(report)
    }

    /// Records in the audit log a backup taken without this library open.
    pub fn record_backup(&mut self, report: &crate::backup::BackupReport) -> Result<()> {
        let detail = serde_json::json!({
            "file": report.file.display().to_string(),
            "stories": report.stories,
            "bytes": report.bytes,
        });
        self.store.audit(None, &self.actor, "backup", &detail)
    }
}
