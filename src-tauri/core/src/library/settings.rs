//! Settings, their limits and web-address checks.

use super::*;
use crate::{export, ingest};

/// Library settings a desk may set (`wiredesk settings`), with what each
/// is for. ClaimReview export needs the organisation and the base URL.
pub const SETTINGS: [(&str, &str); 5] = [
    (
        USER_NAME_SETTING,
        "the desk editor's name, recorded as the author of what is done in this library (WIREDESK_USER or --user overrides it)",
    ),
    (
        "claimreview.organisation",
        "the organisation that publishes the fact checks (ClaimReview author)",
    ),
    (
        "claimreview.organisation_url",
        "the organisation's home page (optional)",
    ),
    (
        "claimreview.base_url",
        "where stories are published: a review's url is BASE/STORY#claim-CLAIM",
    ),
    (
        claims::TIMING_OPEN_SETTING,
        "\"true\": timing claims (weekdays, relative dates, times of day) count as open and hold the publish gate",
    ),
];

fn known_setting(key: &str) -> Result<()> {
    if SETTINGS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else {
        let known: Vec<&str> = SETTINGS.iter().map(|(k, _)| *k).collect();
        Err(Error::InvalidInput(format!(
            "no setting {key}: the settings are {}",
            known.join(", ")
        )))
    }
}

/// Checks that a `*_url` setting is a plain http(s) address: it goes into
/// exported documents as it is, so it may hold no quotes, markup, spaces or
/// control characters, no user name or password, and must have a host.
/// The longest note, reason, evidence or conflict resolution kept, in
/// characters (a long memo fits; a pasted book does not).
pub const MAX_NOTE_CHARS: usize = 20_000;
/// The longest setting value, in characters.
pub const MAX_SETTING_CHARS: usize = 2_000;

/// Refuses `text` over `limit` characters, naming `what`.
pub(super) fn within_limit(what: &str, text: &str, limit: usize) -> Result<()> {
    // Bytes bound characters from above: count only when it could matter.
    if text.len() > limit {
        let length = text.chars().count();
        if length > limit {
            return Err(Error::InvalidInput(format!(
                "{what} is {length} characters long, over the {limit}-character limit"
            )));
        }
    }
    Ok(())
}

/// A headline and body held to the limits wire copy is held to.
pub(super) fn held_to_wire_limits(what: &str, headline: &str, body: &str) -> Result<()> {
    ingest::check_text_lengths(headline, body).map_err(|err| {
        Error::InvalidInput(format!("{what} is refused, as wire copy would be: {err}"))
    })
}

pub(super) fn plain_web_address(key: &str, value: &str) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::InvalidInput(format!(
            "{key} must be a plain http(s) address such as https://news.example/stories; \"{}\" {why}",
            value.chars().filter(|c| !c.is_control()).take(200).collect::<String>()
        )))
    };
    if let Some(c) = value
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\{}|^".contains(*c))
    {
        return refuse(&format!("holds {}", describe_char(c)));
    }
    let url = match url::Url::parse(value) {
        Ok(url) => url,
        Err(err) => return refuse(&format!("is not an address ({err})")),
    };
    if !matches!(url.scheme(), "http" | "https") || !value.contains("://") {
        return refuse("is not an http or https address");
    }
    let written_host = value
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if !written_host || url.host_str().is_none_or(str::is_empty) {
        return refuse("names no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("holds a user name or password");
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c if c.is_whitespace() => "a space".to_owned(),
        c => format!("the character {c}"),
    }
}

impl Library {
    /// A library setting (one of [`SETTINGS`]), if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        known_setting(key)?;
        self.store.preference(key)
    }

    /// Sets (or, with `None`, clears) a library setting; recorded in the audit log.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        known_setting(key)?;
        let value = value.map(ingest::controls::one_line);
        let value = value.as_deref().filter(|v| !v.is_empty());
        within_limit(key, value.unwrap_or(""), MAX_SETTING_CHARS)?;
        if let (true, Some(value)) = (key == claims::TIMING_OPEN_SETTING, value) {
            if !matches!(value, "true" | "false") {
                return Err(Error::InvalidInput(format!(
                    "{key} is \"true\" or \"false\", not \"{value}\""
                )));
            }
        }
        if let (true, Some(value)) = (key.ends_with("_url"), value) {
            plain_web_address(key, value)?;
        }
        self.store.set_preference(key, value)?;
        let detail = serde_json::json!({ "setting": key, "value": value });
        // Recorded as whoever set it, before a new name takes effect.
        self.store
            .audit(None, &self.actor, "set-setting", &detail)?;
        if key == USER_NAME_SETTING {
            self.actor = library_user(&self.store);
        }
        Ok(())
    }

    /// Who publishes this desk's fact checks, from the settings.
    pub(super) fn publisher(&self) -> Result<export::claim_review::Publisher> {
        let required = |key: &str| -> Result<String> {
            self.store.preference(key)?.ok_or_else(|| {
                Error::InvalidInput(format!(
                    "ClaimReview needs the setting {key}: set it in the app's Preferences or with `wiredesk settings {key} VALUE`"
                ))
            })
        };
        let name = required("claimreview.organisation")?;
        // Settings stored before addresses were checked are checked here too.
        let base_url = required("claimreview.base_url")?;
        plain_web_address("claimreview.base_url", &base_url)?;
        let url = self.store.preference("claimreview.organisation_url")?;
        if let Some(url) = &url {
            plain_web_address("claimreview.organisation_url", url)?;
        }
        Ok(export::claim_review::Publisher {
            name,
            url,
            base_url,
        })
    }
}
