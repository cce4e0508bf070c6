//! House style on the library: the desk's guide (its rules in the store, or
//! the agency starter guide until the desk picks one), the desk dictionary,
//! "ignore here", checking and fixing a story, learning names from the
//! library, and trying a rule on the whole library before it is saved.

use std::collections::{hash_map::DefaultHasher, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::*;
use crate::style::{
    self, apply_fixes, spelling::Speller, Checker, Dialect, RuleKind, Severity, StyleGuide,
    StyleMatch, StyleRule,
};

/// The preference naming the guide the desk chose; set, the rules in the
/// store are the guide (even none); unset, the agency starter guide is.
pub const STYLE_GUIDE_SETTING: &str = "style.guide";
/// The preference holding the guide's dialect ("en-US", "en-GB").
pub const STYLE_DIALECT_SETTING: &str = "style.dialect";
/// The preference holding the guide's description.
const STYLE_DESCRIPTION_SETTING: &str = "style.description";
/// The starter guide a library uses until the desk picks one.
pub const DEFAULT_STYLE_GUIDE: &str = "agency";

/// A story's style matches, and what the check could not do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StyleCheck {
    pub matches: Vec<StyleMatch>,
    /// The guide's name and dialect.
    pub guide: String,
    pub dialect: Dialect,
    /// Why spelling was not checked (no dictionary on this machine).
    pub spelling_problem: Option<String>,
}

/// What [`Library::style_fix`] did.
#[derive(Debug, Clone, Serialize)]
pub struct StyleFixed {
    /// The revision saved; None when there was nothing to fix.
    pub revision_id: Option<i64>,
    pub applied: usize,
    /// Matches with no one-click fix (advice only), left for the editor.
    pub left: usize,
}

/// Names learned from the library.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct LearnedNames {
    /// Stories read.
    pub stories: usize,
    /// Words newly added to the desk dictionary.
    pub added: usize,
    /// The words, alphabetical (at most 200 shown).
    pub words: Vec<String>,
}

/// One story a tried rule matches in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RuleTrialStory {
    pub story_id: i64,
    pub headline: String,
    pub matches: usize,
    /// The first match with some words either side.
    pub excerpt: String,
    pub text: String,
    pub suggestion: Option<String>,
}

/// What a rule would match across the library.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RuleTrial {
    /// Matches in all the stories read.
    pub matches: usize,
    /// Stories with at least one match.
    pub stories: usize,
    /// Stories read: those the search index named, or every story.
    pub searched: usize,
    /// How the stories were found: "search index" or "every story".
    pub through: String,
    /// Up to `limit` stories with matches, newest first.
    pub examples: Vec<RuleTrialStory>,
}

/// A compiled guide and what it was compiled from.
pub(super) struct CachedChecker {
    key: u64,
    checker: Arc<Checker>,
}

fn key_of(guide: &StyleGuide, words: &[String]) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_string(guide)
        .unwrap_or_default()
        .hash(&mut hasher);
    words.hash(&mut hasher);
    hasher.finish()
}

fn excerpt(body: &str, m: &StyleMatch) -> String {
    let chars: Vec<char> = body.chars().collect();
    let from = m.start.saturating_sub(40);
    let to = (m.end + 40).min(chars.len());
    let mut text: String = chars[from..to].iter().collect();
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{}{}{}",
        if from > 0 { "…" } else { "" },
        text,
        if to < chars.len() { "…" } else { "" }
    )
}

/// The literal words a match of `rule` must contain, when the search index
/// can find its candidates: each alternative of a words rule, or the
/// literals a regex must contain. None: every story is read.
fn index_terms(rule: &StyleRule) -> Option<Vec<String>> {
    let pattern = rule.pattern.as_deref()?;
    let words = |text: &str| -> Option<String> {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty() && words.iter().any(|w| w.chars().count() >= 3))
            .then(|| format!("\"{}\"", words.join(" ")))
    };
    match rule.kind {
        RuleKind::Words => pattern.split('|').map(str::trim).map(words).collect(),
        RuleKind::Regex => {
            use regex_syntax::hir::literal::{ExtractKind, Extractor};
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .ok()?;
            // Inner literals: the longest run every match must contain.
            let mut best: Option<Vec<String>> = None;
            for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
                let mut extractor = Extractor::new();
                extractor.kind(kind);
                let seq = extractor.extract(&hir);
                let literals = seq.literals()?;
                if literals.is_empty() || literals.len() > 16 {
                    continue;
                }
                let terms: Option<Vec<String>> = literals
                    .iter()
                    .map(|lit| {
                        String::from_utf8(lit.as_bytes().to_vec())
                            .ok()
                            .and_then(|t| words(&t))
                    })
                    .collect();
                if let Some(terms) = terms {
                    best = Some(terms);
                    break;
                }
            }
            best
        }
        _ => None,
    }
}

impl Library {
    fn style_preference(&self, key: &str) -> Result<Option<String>> {
        self.store.preference(key)
    }

    /// The desk's guide.
    pub fn style_guide(&self) -> Result<StyleGuide> {
        let Some(name) = self.style_preference(STYLE_GUIDE_SETTING)? else {
            let mut guide = style::starter_guide(DEFAULT_STYLE_GUIDE)?;
            if let Some(dialect) = self.style_preference(STYLE_DIALECT_SETTING)? {
                guide.dialect = Dialect::parse(&dialect)?;
            }
            return Ok(guide);
        };
        let mut rules = Vec::new();
        for value in self.store.style_rules()? {
            let rule: StyleRule = serde_json::from_value(value).map_err(|err| {
                Error::InvalidInput(format!("a stored style rule cannot be read: {err}"))
            })?;
            rules.push(rule);
        }
        let dialect = match self.style_preference(STYLE_DIALECT_SETTING)? {
            Some(dialect) => Dialect::parse(&dialect)?,
            None => Dialect::default(),
        };
        Ok(StyleGuide {
            name,
            description: self
                .style_preference(STYLE_DESCRIPTION_SETTING)?
                .unwrap_or_default(),
            dialect,
            rules,
        })
    }

    /// Saves `guide` as the desk's, whole: every rule is validated first
    /// (its examples and counterexamples tried), and nothing is saved when
    /// one fails.
    pub fn save_style_guide(&mut self, guide: &StyleGuide) -> Result<()> {
        let mut ids = HashSet::new();
        for rule in &guide.rules {
            if !ids.insert(rule.id.as_str()) {
                return Err(Error::StyleRule {
                    id: rule.id.clone(),
                    problem: "another rule of the guide has this id".into(),
                });
            }
            style::validate_rule(rule, guide.dialect)?;
        }
        let rows: Vec<(String, serde_json::Value)> = guide
            .rules
            .iter()
            .map(|rule| {
                serde_json::to_value(rule)
                    .map(|value| (rule.id.clone(), value))
                    .map_err(|err| Error::InvalidInput(err.to_string()))
            })
            .collect::<Result<_>>()?;
        let name = if guide.name.trim().is_empty() {
            "desk"
        } else {
            guide.name.trim()
        };
        self.store.begin_group()?;
        let saved = (|| {
            self.store.replace_style_rules(&rows, &self.actor)?;
            self.store.set_preference(STYLE_GUIDE_SETTING, Some(name))?;
            self.store
                .set_preference(STYLE_DIALECT_SETTING, Some(guide.dialect.as_str()))?;
            self.store.set_preference(
                STYLE_DESCRIPTION_SETTING,
                Some(guide.description.as_str()).filter(|d| !d.is_empty()),
            )?;
            self.store.audit(
                None,
                &self.actor.clone(),
                "style-guide",
                &serde_json::json!({ "guide": name, "rules": rows.len(), "dialect": guide.dialect.as_str() }),
            )
        })();
        match saved {
            Ok(()) => self.store.commit_group(),
            Err(err) => {
                self.store.rollback_group();
                Err(err)
            }
        }
    }

    /// Adds `rule` to the guide, or replaces the rule with its id.
    pub fn save_style_rule(&mut self, rule: StyleRule) -> Result<StyleGuide> {
        let mut guide = self.style_guide()?;
        match guide.rules.iter_mut().find(|r| r.id == rule.id) {
            Some(existing) => *existing = rule,
            None => guide.rules.push(rule),
        }
        self.save_style_guide(&guide)?;
        Ok(guide)
    }

    /// Removes the rule with id `id`.
    pub fn remove_style_rule(&mut self, id: &str) -> Result<StyleGuide> {
        let mut guide = self.style_guide()?;
        let before = guide.rules.len();
        guide.rules.retain(|rule| rule.id != id);
        if guide.rules.len() == before {
            return Err(Error::InvalidInput(format!(
                "no style rule “{id}”: the guide's rules are {}",
                guide
                    .rules
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        self.save_style_guide(&guide)?;
        Ok(guide)
    }

    /// Makes a starter guide ("agency", "british") the desk's guide.
    pub fn use_style_guide(&mut self, name: &str) -> Result<StyleGuide> {
        let guide = style::starter_guide(name)?;
        self.save_style_guide(&guide)?;
        Ok(guide)
    }

    /// Sets the dialect spelling is checked in.
    pub fn set_style_dialect(&mut self, dialect: Dialect) -> Result<StyleGuide> {
        let mut guide = self.style_guide()?;
        if guide.dialect != dialect {
            guide.dialect = dialect;
            // The dialect rule's examples were the other dialect's spellings.
            for rule in guide
                .rules
                .iter_mut()
                .filter(|r| r.kind == RuleKind::Dialect)
            {
                rule.examples.clear();
                rule.counterexamples.clear();
                if dialect == Dialect::EnUs {
                    rule.option = None; // -ise is British
                }
            }
        }
        self.save_style_guide(&guide)?;
        Ok(guide)
    }

    /// Reads a guide file (.toml or .json) and makes it the desk's guide;
    /// nothing changes when a rule of it is wrong.
    pub fn import_style_guide(&mut self, path: &Path) -> Result<StyleGuide> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| Error::StyleGuide {
            file: file.clone(),
            problem: err.to_string(),
        })?;
        let guide = StyleGuide::from_file_text(&text, &file)?;
        self.save_style_guide(&guide).map_err(|err| match err {
            Error::StyleRule { id, problem } => Error::StyleGuide {
                file: file.clone(),
                problem: format!("rule “{id}”: {problem}"),
            },
            other => other,
        })?;
        Ok(guide)
    }

    /// Writes the desk's guide to a .toml or .json file.
    pub fn export_style_guide(&self, path: &Path) -> Result<StyleGuide> {
        let file = path.display().to_string();
        let guide = self.style_guide()?;
        let text = guide.to_file_text(&file)?;
        std::fs::write(path, text).map_err(|err| Error::StyleGuide {
            file,
            problem: err.to_string(),
        })?;
        Ok(guide)
    }

    /// The desk dictionary: words and names spelling accepts.
    pub fn desk_words(&self) -> Result<Vec<crate::model::DeskWord>> {
        self.store.desk_words()
    }

    /// The desk dictionary's words alone, as the speller takes them.
    fn desk_word_list(&self) -> Result<Vec<String>> {
        Ok(self
            .store
            .desk_words()?
            .into_iter()
            .map(|w| w.word)
            .collect())
    }

    /// `matches` less those ignored in the story ("ignore here").
    fn not_ignored(&self, story_id: i64, matches: Vec<StyleMatch>) -> Result<Vec<StyleMatch>> {
        let ignored: HashSet<(String, String)> =
            self.store.style_ignores(story_id)?.into_iter().collect();
        Ok(matches
            .into_iter()
            .filter(|m| !ignored.contains(&(m.rule.clone(), m.text.clone())))
            .collect())
    }

    /// Adds a word to the desk dictionary; false when it was there.
    pub fn add_desk_word(&mut self, word: &str) -> Result<bool> {
        let word = word.trim();
        if word.is_empty() || word.chars().count() > 64 || word.chars().any(char::is_whitespace) {
            return Err(Error::InvalidInput(format!(
                "“{word}” cannot go in the desk dictionary: give one word of at most 64 characters"
            )));
        }
        let added = self
            .store
            .add_desk_words(&[word.to_string()], "added", &self.actor.clone())?;
        Ok(added == 1)
    }

    /// Takes a word out of the desk dictionary; false when it was not there.
    pub fn remove_desk_word(&mut self, word: &str) -> Result<bool> {
        self.store.remove_desk_word(word.trim())
    }

    /// "Ignore here": matches of `rule` on exactly `text` are not shown in
    /// this story again.
    pub fn ignore_style_match(&mut self, story_id: i64, rule: &str, text: &str) -> Result<()> {
        self.store
            .add_style_ignore(story_id, rule, text, &self.actor.clone())
    }

    /// The desk's guide compiled, reused while neither it nor the desk
    /// dictionary changes.
    pub fn style_checker(&mut self) -> Result<Arc<Checker>> {
        let guide = self.style_guide()?;
        let words = self.desk_word_list()?;
        let key = key_of(&guide, &words);
        if let Some(cached) = self.style_cache.as_ref().filter(|c| c.key == key) {
            return Ok(cached.checker.clone());
        }
        let checker = Arc::new(Checker::new(&guide, &words)?);
        self.style_cache = Some(CachedChecker {
            key,
            checker: checker.clone(),
        });
        Ok(checker)
    }

    /// The style matches in a story's current body, or in `text` (the
    /// editor's unsaved body), less those ignored in the story.
    pub fn style_check(&mut self, story_id: i64, text: Option<&str>) -> Result<StyleCheck> {
        let body = match text {
            Some(text) => text.to_string(),
            None => self.store.head_body(story_id)?,
        };
        let checker = self.style_checker()?;
        Ok(StyleCheck {
            matches: self.not_ignored(story_id, checker.check(&body))?,
            guide: checker.guide_name().to_string(),
            dialect: checker.dialect(),
            spelling_problem: checker.spelling_problem().map(String::from),
        })
    }

    /// Writes every one-click fix (of `rule` only, when given) into the
    /// story's current body and saves it as a revision, as any edit is
    /// saved: the claims move with the text.
    pub fn style_fix(&mut self, story_id: i64, rule: Option<&str>) -> Result<StyleFixed> {
        let detail = self.store.story(story_id)?;
        let (head, body) = (detail.revision_id, detail.body.as_str());
        let check = self.style_check(story_id, Some(body))?;
        if let Some(rule) = rule {
            if !check.matches.iter().any(|m| m.rule == rule)
                && self.style_guide()?.rule(rule).is_none()
            {
                return Err(Error::InvalidInput(format!("no style rule “{rule}”")));
            }
        }
        let chosen: Vec<StyleMatch> = check
            .matches
            .into_iter()
            .filter(|m| rule.is_none_or(|rule| m.rule == rule))
            .collect();
        let (text, applied) = apply_fixes(body, &chosen);
        let left = chosen.len() - applied;
        if applied == 0 || text == body {
            return Ok(StyleFixed {
                revision_id: None,
                applied: 0,
                left,
            });
        }
        let note = match rule {
            Some(rule) => format!("House style: {applied} fixed ({rule})"),
            None => format!("House style: {applied} fixed"),
        };
        let revision_id =
            self.save_edit(story_id, Some(head), &detail.headline, &text, Some(&note))?;
        Ok(StyleFixed {
            revision_id: Some(revision_id),
            applied,
            left,
        })
    }

    /// What blocking rules hold against publishing the story. Only rules
    /// a desk made blocking count: none of the starter guides' do.
    pub fn style_blockers(&self, story_id: i64) -> Result<Vec<String>> {
        let guide = self.style_guide()?;
        if !guide
            .rules
            .iter()
            .any(|rule| rule.enabled && rule.severity == Severity::Blocking)
        {
            return Ok(Vec::new());
        }
        let words = self.desk_word_list()?;
        let body = self.store.head_body(story_id)?;
        let matches = self.not_ignored(story_id, Checker::new(&guide, &words)?.check(&body))?;
        let blocking: Vec<&StyleMatch> = matches
            .iter()
            .filter(|m| m.severity == Severity::Blocking)
            .collect();
        if blocking.is_empty() {
            return Ok(Vec::new());
        }
        let mut by_rule: Vec<(String, Vec<&str>)> = Vec::new();
        for m in &blocking {
            match by_rule.iter_mut().find(|(rule, _)| *rule == m.rule) {
                Some((_, texts)) => texts.push(&m.text),
                None => by_rule.push((m.rule.clone(), vec![&m.text])),
            }
        }
        Ok(by_rule
            .into_iter()
            .map(|(rule, texts)| {
                let shown: Vec<String> = texts.iter().take(5).map(|t| format!("\"{t}\"")).collect();
                format!(
                    "{} match{} of blocking style rule {rule}: {}{}",
                    texts.len(),
                    if texts.len() == 1 { "" } else { "es" },
                    shown.join(", "),
                    if texts.len() > 5 { ", …" } else { "" }
                )
            })
            .collect())
    }

    /// Story ids, newest first, at most `limit`.
    fn newest_story_ids(&self, limit: u32) -> Result<Vec<(i64, String)>> {
        let mut out = Vec::new();
        let mut offset = 0;
        while (out.len() as u32) < limit {
            let page = self.store.list_stories(
                500.min(limit - out.len() as u32),
                offset,
                &StoryFilter::default(),
            )?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as u32;
            out.extend(page.into_iter().map(|s| (s.id, s.headline)));
        }
        Ok(out)
    }

    /// Reads the newest `limit` stories and adds to the desk dictionary, as
    /// learned, each capitalised word the dictionary does not know that
    /// appears inside sentences of at least `min_stories` of them: the
    /// agencies' names of people and places.
    pub fn learn_names(&mut self, min_stories: usize, limit: u32) -> Result<LearnedNames> {
        let guide = self.style_guide()?;
        let known = self.desk_word_list()?;
        let speller = Speller::new(guide.dialect, &known, false)?;
        let stories = self.newest_story_ids(limit)?;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (id, _) in &stories {
            let body = self.store.head_body(*id)?;
            for name in speller.unknown_names(&body) {
                *seen.entry(name).or_default() += 1;
            }
        }
        let mut words: Vec<String> = seen
            .into_iter()
            .filter(|(_, count)| *count >= min_stories.max(1))
            .map(|(word, _)| word)
            .collect();
        words.sort();
        let added = self
            .store
            .add_desk_words(&words, "learned", &self.actor.clone())?;
        words.truncate(200);
        Ok(LearnedNames {
            stories: stories.len(),
            added,
            words,
        })
    }

    /// What `rule` would match across the library, before it is saved: the
    /// rule is validated, its candidates found through the search index
    /// when it has literal words (every story read otherwise), and each
    /// candidate's current body checked. At most `limit` stories listed.
    pub fn try_style_rule(&mut self, rule: &StyleRule, limit: u32) -> Result<RuleTrial> {
        let guide = self.style_guide()?;
        style::validate_rule(rule, guide.dialect)?;
        let words = self.desk_word_list()?;
        let single = StyleGuide {
            name: guide.name.clone(),
            description: String::new(),
            dialect: guide.dialect,
            rules: vec![StyleRule {
                enabled: true,
                ..rule.clone()
            }],
        };
        let checker = Checker::new(&single, &words)?;
        let (candidates, through) = match index_terms(rule) {
            Some(terms) => {
                let mut ids: Vec<(i64, String)> = Vec::new();
                let mut seen = HashSet::new();
                for term in terms {
                    for hit in self.store.search(&term, 2_000, &StoryFilter::default())? {
                        if seen.insert(hit.id) {
                            ids.push((hit.id, hit.headline));
                        }
                    }
                }
                ids.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
                (ids, "search index")
            }
            None => (self.newest_story_ids(u32::MAX)?, "every story"),
        };
        let mut trial = RuleTrial {
            matches: 0,
            stories: 0,
            searched: candidates.len(),
            through: through.to_string(),
            examples: Vec::new(),
        };
        for (id, headline) in candidates {
            let body = self.store.head_body(id)?;
            let found = checker.check(&body);
            if found.is_empty() {
                continue;
            }
            trial.matches += found.len();
            trial.stories += 1;
            if trial.examples.len() < limit as usize {
                trial.examples.push(RuleTrialStory {
                    story_id: id,
                    headline,
                    matches: found.len(),
                    excerpt: excerpt(&body, &found[0]),
                    text: found[0].text.clone(),
                    suggestion: found[0].suggestion.clone(),
                });
            }
        }
        Ok(trial)
    }
}
