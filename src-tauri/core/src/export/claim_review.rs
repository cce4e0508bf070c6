//! schema.org ClaimReview JSON-LD for the claims that reached a verdict,
//! with the fields Google's fact-check rich results require
//! (`claimReviewed`, `reviewRating.alternateName`, `url`) and the ones it
//! recommends (`author`, `datePublished`, `itemReviewed`).
//!
//! Status → rating, on a 1 (worst) to 5 (best) scale:
//! `verified` → 5 "True", `unverifiable` → 3 "Unverifiable",
//! `disputed` → 2 "Disputed", `false` → 1 "False". Claims still
//! `unchecked` or `checking`, dismissed claims and claims whose text an
//! edit deleted are left out.

use serde_json::{json, Value};

use super::{one_line, Report};
use crate::ClaimStatus;

pub const BEST_RATING: u8 = 5;
pub const WORST_RATING: u8 = 1;

/// The rating a verdict publishes as, or `None` for a claim without one.
pub fn rating(status: ClaimStatus) -> Option<(u8, &'static str)> {
    Some(match status {
        ClaimStatus::Verified => (5, "True"),
        ClaimStatus::Unverifiable => (3, "Unverifiable"),
        ClaimStatus::Disputed => (2, "Disputed"),
        ClaimStatus::False => (1, "False"),
        ClaimStatus::Unchecked | ClaimStatus::Checking => return None,
    })
}

/// Who publishes the fact checks and where: a library's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The organisation's name.
    pub name: String,
    /// The organisation's home page, if set.
    pub url: Option<String>,
    /// Where the desk publishes stories: a review's `url` is
    /// `{base_url}/{story id}#claim-{claim id}`.
    pub base_url: String,
}

/// Where the claims first appeared: the agency's story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Appearance {
    pub headline: String,
    pub agency: String,
    /// RFC 3339.
    pub published: Option<String>,
}

/// The review's public address.
pub fn review_url(publisher: &Publisher, story_id: i64, claim_id: i64) -> String {
    format!(
        "{}/{story_id}#claim-{claim_id}",
        publisher.base_url.trim_end_matches('/')
    )
}

/// A JSON array of ClaimReview objects, one per claim with a verdict.
pub fn render(report: &Report, publisher: &Publisher, appearance: &Appearance) -> Vec<u8> {
    let date_published = report.generated_at.get(..10).unwrap_or_default();
    let mut author = json!({"@type": "Organization", "name": one_line(&publisher.name)});
    if let Some(url) = &publisher.url {
        author["url"] = json!(url);
    }
    let reviews: Vec<Value> = report
        .claims
        .iter()
        .filter(|c| !c.dismissed && !c.detached)
        .filter_map(|c| {
            let (value, name) = rating(c.status)?;
            let said = if c.sentence.trim().is_empty() {
                &c.text
            } else {
                &c.sentence
            };
            let mut claim = json!({
                "@type": "Claim",
                "appearance": {
                    "@type": "NewsArticle",
                    "headline": one_line(&appearance.headline),
                    "author": {"@type": "Organization", "name": one_line(&appearance.agency)},
                },
            });
            if let Some(published) = &appearance.published {
                claim["appearance"]["datePublished"] = json!(published);
                claim["datePublished"] = json!(published);
            }
            if let Some(speaker) = c.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
                claim["author"] = json!({"@type": "Person", "name": one_line(speaker)});
            }
            Some(json!({
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": review_url(publisher, report.story_id, c.id.get()),
                "claimReviewed": one_line(said),
                "datePublished": date_published,
                "author": author,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": BEST_RATING,
                    "worstRating": WORST_RATING,
                    "alternateName": name,
                },
                "itemReviewed": claim,
            }))
        })
        .collect();
    super::json::to_inert_json(&Value::Array(reviews))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ReportClaim;
    use crate::ClaimKind;

    fn claim(id: i64, status: &str) -> ReportClaim {
        ReportClaim {
            id: crate::ClaimId(id),
            kind: ClaimKind::Quantity,
            text: "700".into(),
            sentence: "About 700 soldiers crossed the river.".into(),
            start: 6,
            end: 9,
            value: Some("700".into()),
            speaker: None,
            status: status.parse().unwrap(),
            origin: "suggested".into(),
            checker: Some("lee".into()),
            dismissed: false,
            detached: false,
            notes: vec![],
            evidence: vec![],
            history: String::new(),
        }
    }

    #[test]
    fn only_verdicts_are_published_with_every_required_field() {
        let report = Report {
            story_id: 7,
            revision_id: 12,
            headline: "Troops cross river".into(),
            source: "Meridian Wire".into(),
            generated_at: "2026-11-27T19:05:15Z".into(),
            generated_by: "lee".into(),
            claims: vec![
                claim(1, "verified"),
                claim(2, "unchecked"),
                claim(3, "false"),
                ReportClaim {
                    dismissed: true,
                    ..claim(4, "false")
                },
            ],
            integrity: vec![],
        };
        let publisher = Publisher {
            name: "Desk & Co".into(),
            url: Some("https://desk.example".into()),
            base_url: "https://desk.example/stories/".into(),
        };
        let bytes = render(&report, &publisher, &Appearance::default());
        let reviews: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(reviews.len(), 2);
        assert_eq!(reviews[0]["url"], "https://desk.example/stories/7#claim-1");
        assert_eq!(
            reviews[0]["claimReviewed"],
            "About 700 soldiers crossed the river."
        );
        assert_eq!(reviews[0]["reviewRating"]["alternateName"], "True");
        assert_eq!(reviews[0]["reviewRating"]["ratingValue"], 5);
        assert_eq!(reviews[1]["reviewRating"]["alternateName"], "False");
        assert_eq!(reviews[1]["author"]["name"], "Desk & Co");
        assert_eq!(reviews[1]["datePublished"], "2026-11-27");
        assert_eq!(reviews[1]["itemReviewed"]["@type"], "Claim");
    }

    #[test]
    fn every_verdict_has_a_rating_on_the_scale() {
        for status in ["verified", "unverifiable", "disputed", "false"] {
            let (value, _) = rating(status.parse().unwrap()).unwrap();
            assert!((WORST_RATING..=BEST_RATING).contains(&value));
        }
        assert_eq!(rating(ClaimStatus::Unchecked), None);
        assert_eq!(rating(ClaimStatus::Checking), None);
    }
}
