//! `wiredesk style`: a story's house-style and spelling matches, their
//! fixes, and the desk's rules, dictionary and names.

use std::{io::Write, path::Path, process::ExitCode};

use anyhow::{bail, Context as _};
use serde::Serialize;
use wiredesk_core::style::{Dialect, StyleGuide, StyleMatch, StyleRule};

use super::Session;
use crate::args::{DictionaryAction, RulesAction, StyleAction};

/// One match as the CLI's JSON contract gives it.
#[derive(Serialize)]
struct MatchOut<'a> {
    rule: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    suggestion: Option<&'a str>,
    severity: &'static str,
}

/// ` → "seven"` after a match, or nothing when it has no fix.
fn fix_text(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" → \"{s}\""))
        .unwrap_or_default()
}

fn matches_text(out: &mut dyn Write, matches: &[StyleMatch]) -> std::io::Result<()> {
    if matches.is_empty() {
        return writeln!(out, "No style matches.");
    }
    for m in matches {
        let fix = fix_text(m.suggestion.as_deref());
        writeln!(
            out,
            "{}-{}  {:<8} {:<12} \"{}\"{fix}  {}",
            m.start,
            m.end,
            m.severity.as_str(),
            m.rule,
            m.text,
            m.message
        )?;
    }
    Ok(())
}

/// `wiredesk style [STORY] [--fix] [--rule ID] | style ACTION`
pub fn style(
    s: &mut Session,
    story: Option<i64>,
    fix: bool,
    rule: Option<&str>,
    action: Option<StyleAction>,
) -> anyhow::Result<ExitCode> {
    match (story, action) {
        (_, Some(action)) => style_action(s, action),
        (Some(story), None) if fix => {
            let fixed = s.library.style_fix(story, rule)?;
            s.emit(&fixed, |out, f| match f.revision_id {
                Some(revision) => writeln!(
                    out,
                    "Fixed {} match{} as revision {revision}; {} left (advice only).",
                    f.applied,
                    if f.applied == 1 { "" } else { "es" },
                    f.left
                ),
                None => writeln!(out, "Nothing to fix; {} left (advice only).", f.left),
            })
        }
        (Some(story), None) => {
            let check = s.library.style_check(story, None)?;
            if let Some(problem) = &check.spelling_problem {
                eprintln!("wiredesk: spelling not checked: {problem}");
            }
            let matches: Vec<StyleMatch> = check
                .matches
                .into_iter()
                .filter(|m| rule.is_none_or(|rule| m.rule == rule))
                .collect();
            if s.json {
                let out: Vec<MatchOut> = matches
                    .iter()
                    .map(|m| MatchOut {
                        rule: &m.rule,
                        start: m.start,
                        end: m.end,
                        text: &m.text,
                        suggestion: m.suggestion.as_deref(),
                        severity: m.severity.as_str(),
                    })
                    .collect();
                s.emit(&out[..], |_, _| Ok(()))
            } else {
                s.emit(&matches[..], matches_text)
            }
        }
        (None, None) => bail!(
            "give a story's id (wiredesk style STORY), or one of: rules, dictionary, learn, dialect"
        ),
    }
}

fn read_rule(file: &str) -> anyhow::Result<StyleRule> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {file}"))?;
    Ok(StyleRule::from_file_text(&text, file)?)
}

fn guide_text(out: &mut dyn Write, guide: &StyleGuide) -> std::io::Result<()> {
    writeln!(
        out,
        "Guide {} ({}), {} rules{}",
        guide.name,
        guide.dialect.as_str(),
        guide.rules.len(),
        if guide.description.is_empty() {
            String::new()
        } else {
            format!(": {}", guide.description)
        }
    )?;
    for rule in &guide.rules {
        let what = rule
            .pattern
            .as_deref()
            .or(rule.option.as_deref())
            .unwrap_or("");
        writeln!(
            out,
            "  {:<16} {:<9} {:<8}{} {}",
            rule.id,
            rule.kind.as_str(),
            rule.severity.as_str(),
            if rule.enabled { "" } else { " (off)" },
            what
        )?;
    }
    Ok(())
}

fn style_action(s: &mut Session, action: StyleAction) -> anyhow::Result<ExitCode> {
    match action {
        StyleAction::Rules { action } => rules(s, action.unwrap_or(RulesAction::List)),
        StyleAction::Dictionary { action } => match action.unwrap_or(DictionaryAction::List) {
            DictionaryAction::List => {
                let words = s.library.desk_words()?;
                s.emit(&words[..], |out, words| {
                    if words.is_empty() {
                        return writeln!(out, "The desk dictionary is empty.");
                    }
                    for w in words {
                        writeln!(
                            out,
                            "{:<24} {} by {} at {}",
                            w.word, w.source, w.added_by, w.added_at
                        )?;
                    }
                    Ok(())
                })
            }
            DictionaryAction::Add { word } => {
                let added = s.library.add_desk_word(&word)?;
                s.emit(
                    &serde_json::json!({ "word": word, "added": added }),
                    |out, v| {
                        writeln!(
                            out,
                            "{} {}",
                            v["word"].as_str().unwrap_or(""),
                            if v["added"] == true {
                                "added."
                            } else {
                                "was already there."
                            }
                        )
                    },
                )
            }
            DictionaryAction::Remove { word } => {
                let removed = s.library.remove_desk_word(&word)?;
                if !removed {
                    bail!("“{word}” is not in the desk dictionary");
                }
                s.emit(
                    &serde_json::json!({ "word": word, "removed": true }),
                    |out, v| writeln!(out, "{} removed.", v["word"].as_str().unwrap_or("")),
                )
            }
        },
        StyleAction::Learn { min_stories, limit } => {
            let learned = s.library.learn_names(min_stories, limit)?;
            s.emit(&learned, |out, l| {
                writeln!(
                    out,
                    "Read {} stories; {} new names in the desk dictionary.",
                    l.stories, l.added
                )?;
                if !l.words.is_empty() {
                    writeln!(out, "{}", l.words.join(", "))?;
                }
                Ok(())
            })
        }
        StyleAction::Dialect { dialect } => {
            let guide = match dialect {
                Some(dialect) => s.library.set_style_dialect(Dialect::parse(&dialect)?)?,
                None => s.library.style_guide()?,
            };
            s.emit(
                &serde_json::json!({ "dialect": guide.dialect }),
                |out, v| writeln!(out, "{}", v["dialect"].as_str().unwrap_or("")),
            )
        }
    }
}

fn rules(s: &mut Session, action: RulesAction) -> anyhow::Result<ExitCode> {
    match action {
        RulesAction::List => {
            let guide = s.library.style_guide()?;
            s.emit(&guide, guide_text)
        }
        RulesAction::Add { file } => {
            let rule = read_rule(&file)?;
            let guide = s.library.save_style_rule(rule)?;
            s.emit(&guide, guide_text)
        }
        RulesAction::Remove { id } => {
            let guide = s.library.remove_style_rule(&id)?;
            s.emit(&guide, guide_text)
        }
        RulesAction::Use { name } => {
            let guide = s.library.use_style_guide(&name)?;
            s.emit(&guide, guide_text)
        }
        RulesAction::Import { file } => {
            let guide = s.library.import_style_guide(Path::new(&file))?;
            s.emit(&guide, guide_text)
        }
        RulesAction::Export { file } => {
            let guide = s.library.export_style_guide(Path::new(&file))?;
            s.emit(
                &serde_json::json!({ "file": file, "rules": guide.rules.len() }),
                |out, v| {
                    writeln!(
                        out,
                        "Wrote {} rules to {}.",
                        v["rules"],
                        v["file"].as_str().unwrap_or("")
                    )
                },
            )
        }
        RulesAction::Test { id, limit } => {
            let guide = s.library.style_guide()?;
            let Some(rule) = guide.rule(&id).cloned() else {
                bail!("no style rule “{id}” in the guide {}", guide.name);
            };
            trial(s, &rule, limit)
        }
        RulesAction::Try { file, limit } => {
            let rule = read_rule(&file)?;
            trial(s, &rule, limit)
        }
    }
}

fn trial(s: &mut Session, rule: &StyleRule, limit: u32) -> anyhow::Result<ExitCode> {
    let trial = s.library.try_style_rule(rule, limit)?;
    s.emit(&trial, |out, t| {
        writeln!(
            out,
            "{} matches in {} stories ({} read, through the {}).",
            t.matches, t.stories, t.searched, t.through
        )?;
        for story in &t.examples {
            let fix = fix_text(story.suggestion.as_deref());
            writeln!(
                out,
                "  {:>6}  {} ×{}: \"{}\"{fix}\n          {}",
                story.story_id, story.headline, story.matches, story.text, story.excerpt
            )?;
        }
        Ok(())
    })
}
