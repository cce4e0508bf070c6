//! Export of every corpus story in every format: the IPTC documents valid
//! against IPTC's own schemas (`../shared/schemas`, offline), and the
//! round trip export → ingest giving back the same headline, body and
//! credit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use wiredesk_core::export::ExportFormat;
use wiredesk_core::{ExportRequest, Library};

use crate::support::{corpus, TempLibrary};

/// The official schemas, beside the corpus.
fn schemas() -> PathBuf {
    let dir = corpus().join("../schemas");
    assert!(
        dir.join("nitf/nitf-3-6.xsd").is_file(),
        "the IPTC schemas are missing at {}: put ../shared/schemas beside the repository",
        dir.display()
    );
    dir
}

/// A library holding every story of the corpus, structured and plain.
fn corpus_library(lib: &TempLibrary) -> (Library, Vec<i64>) {
    let mut library = lib.open();
    let reports = library.ingest_paths(&[corpus().join("formats"), corpus().join("stories")]);
    let errors: Vec<_> = reports.iter().filter(|r| r.error.is_some()).collect();
    assert!(errors.is_empty(), "corpus ingest errors: {errors:?}");
    let ids: BTreeSet<i64> = reports.iter().filter_map(|r| r.story_id).collect();
    assert!(ids.len() > 150, "only {} stories", ids.len());
    (library, ids.into_iter().collect())
}

fn export(library: &mut Library, story: i64, format: ExportFormat) -> Vec<u8> {
    library
        .export(&ExportRequest {
            override_reason: Some("corpus export test"),
            ..ExportRequest::new(story, format)
        })
        .unwrap_or_else(|e| panic!("story {story} as {}: {e}", format.as_str()))
        .1
}

/// Validates XML files against an XSD with xmllint, offline, all in one
/// run (the schema is read once). Returns each invalid file's complaints.
fn xsd_errors(schema: &Path, files: &[PathBuf]) -> Vec<String> {
    if files.is_empty() {
        return Vec::new();
    }
    let run = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .args(files)
        .output()
        .expect("xmllint runs (install libxml2-utils: bash .ci/setup)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let failed: Vec<String> = stderr
        .lines()
        .filter(|l| !l.ends_with(" validates") && !l.contains("Skipping import of schema"))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let validated = stderr.lines().filter(|l| l.ends_with(" validates")).count();
    assert!(
        failed.is_empty() && validated == files.len() || !failed.is_empty(),
        "xmllint said {validated} of {} files validate and nothing else: {stderr}",
        files.len()
    );
    failed
}

fn ninjs_validator() -> jsonschema::Validator {
    let dir = schemas().join("ninjs");
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir.join(name)).expect("ninjs schema"))
            .expect("schema is JSON")
    };
    let geojson =
        jsonschema::Resource::from_contents(read("GeoJSON-schema.json")).expect("GeoJSON schema");
    jsonschema::options()
        .with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
        .should_validate_formats(true)
        .build(&read("ninjs-schema_2.2.json"))
        .expect("ninjs 2.2 schema compiles")
}

fn ninjs_errors(validator: &jsonschema::Validator, document: &[u8]) -> Vec<String> {
    match serde_json::from_slice::<Value>(document) {
        Ok(doc) => validator.iter_errors(&doc).map(|e| e.to_string()).collect(),
        Err(e) => vec![format!("not JSON: {e}")],
    }
}

#[test]
fn every_corpus_story_exports_in_every_format_and_the_iptc_ones_validate() {
    let lib = TempLibrary::new();
    let (mut library, stories) = corpus_library(&lib);
    for (key, value) in [
        ("claimreview.organisation", "Wiredesk Test Desk"),
        ("claimreview.base_url", "https://desk.example/stories"),
    ] {
        library.set_setting(key, Some(value)).expect("setting");
    }
    let ninjs = ninjs_validator();
    let out = tempfile::tempdir().expect("temp dir");
    let (mut nitf, mut newsml) = (Vec::new(), Vec::new());

    let mut invalid = Vec::new();
    for &story in &stories {
        for format in ExportFormat::ALL {
            let bytes = export(&mut library, story, format);
            assert!(!bytes.is_empty(), "story {story} as {}", format.as_str());
            let errors = match format {
                ExportFormat::Nitf | ExportFormat::Newsml => {
                    let file = out
                        .path()
                        .join(format!("story-{story}.{}.xml", format.as_str()));
                    std::fs::write(&file, &bytes).expect("write export");
                    match format {
                        ExportFormat::Nitf => nitf.push(file),
                        _ => newsml.push(file),
                    }
                    Vec::new()
                }
                ExportFormat::Ninjs => ninjs_errors(&ninjs, &bytes),
                ExportFormat::ReportJson | ExportFormat::ClaimReview => {
                    match serde_json::from_slice::<Value>(&bytes) {
                        Ok(_) => Vec::new(),
                        Err(e) => vec![e.to_string()],
                    }
                }
                _ => match std::str::from_utf8(&bytes) {
                    Ok(_) => Vec::new(),
                    Err(e) => vec![e.to_string()],
                },
            };
            if !errors.is_empty() {
                invalid.push(format!(
                    "story {story} as {}: {}",
                    format.as_str(),
                    errors.join(" | ")
                ));
            }
        }
    }
    invalid.extend(xsd_errors(&schemas().join("nitf/nitf-3-6.xsd"), &nitf));
    invalid.extend(xsd_errors(
        &schemas().join("newsml-g2-with-nitf.xsd"),
        &newsml,
    ));
    assert_eq!(nitf.len(), stories.len());
    assert!(
        invalid.is_empty(),
        "{} invalid exports, first: {:#?}",
        invalid.len(),
        &invalid[..invalid.len().min(8)]
    );
    // Every export was recorded; none changed a story.
    let exported: i64 = lib.scalar("SELECT count(*) FROM exports");
    assert_eq!(exported, (stories.len() * ExportFormat::ALL.len()) as i64);
    let edits: i64 = lib.scalar("SELECT count(*) FROM revisions WHERE kind <> 'wire'");
    assert_eq!(edits, 0, "exporting made revisions");
}

/// Headline, body and credit as the export normalises them: white space
/// folded, paragraphs kept.
fn normalised(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn nitf_newsml_and_ninjs_exports_ingest_back_to_the_same_text() {
    let lib = TempLibrary::new();
    let (mut library, stories) = corpus_library(&lib);
    let out = tempfile::tempdir().expect("temp dir");
    let mut mismatches = Vec::new();
    for format in [
        ExportFormat::Nitf,
        ExportFormat::Newsml,
        ExportFormat::Ninjs,
    ] {
        let folder = out.path().join(format.as_str());
        std::fs::create_dir(&folder).expect("folder");
        let mut files = Vec::new();
        for &story in &stories {
            let file = folder.join(format!("story-{story}.{}", format.extension()));
            library
                .export(&ExportRequest {
                    out: Some(&file),
                    override_reason: Some("round trip"),
                    ..ExportRequest::new(story, format)
                })
                .unwrap_or_else(|e| panic!("story {story} as {}: {e}", format.as_str()));
            files.push((story, file));
        }
        let again_lib = TempLibrary::new();
        let mut again = again_lib.open();
        for (story, file) in files {
            let report = again.ingest_paths(&[&file]).remove(0);
            let Some(copy) = report.story_id else {
                mismatches.push(format!(
                    "story {story} as {}: not ingested: {:?}",
                    format.as_str(),
                    report.error
                ));
                continue;
            };
            let original = library.story(story).expect("original");
            let back = again.story(copy).expect("ingested");
            let pairs = [
                ("headline", normalised(&original.headline), back.headline),
                ("body", normalised(&original.body), back.body),
                (
                    "credit",
                    normalised(original.credit.as_deref().unwrap_or("")),
                    back.credit.unwrap_or_default(),
                ),
            ];
            for (field, want, got) in pairs {
                if want != got {
                    mismatches.push(format!(
                        "story {story} as {}: {field} differs:\n  exported {want:?}\n  ingested {got:?}",
                        format.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} round-trip mismatches, first: {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(6)]
    );
}

#[test]
fn the_validators_reject_a_broken_document() {
    // The negative control: the checks above would notice a bad export.
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"><body><bogus/></body></nitf>",
    )
    .expect("write");
    let errors = xsd_errors(&schemas().join("nitf/nitf-3-6.xsd"), &[bad]);
    assert!(errors.iter().any(|e| e.contains("bogus")), "{errors:?}");
    let errors = ninjs_errors(&ninjs_validator(), br#"{"uri": "x", "urgency": "high"}"#);
    assert!(!errors.is_empty());
}

#[test]
fn hostile_copy_exports_to_valid_inert_documents_in_every_format() {
    let lib = TempLibrary::new();
    let file = lib.file(
        "plain.txt",
        b"Harbour cranes idle\nMERIDIAN (Meridian Wire) - Cranes stood idle on Monday.\n",
    );
    let mut library = lib.open();
    let story = library.ingest_paths(&[&file])[0]
        .story_id
        .expect("ingested");
    // As long as a headline may be (1,000 characters).
    let headline = format!("<script>alert('x')</script>\u{7} {}", "H".repeat(960));
    let body =
        "A <b>bold</b> & \u{1b}[31m]] ]]> claim\u{0}.\n\n<![CDATA[x]]> \"quoted\" </p></nitf>";
    library
        .save_edit(story, None, &headline, body, Some("hostile"))
        .expect("edit");
    library
        .set_setting("claimreview.organisation", Some("<Desk>"))
        .expect("setting");
    library
        .set_setting("claimreview.base_url", Some("https://desk.example/s"))
        .expect("setting");
    let dir = tempfile::tempdir().expect("temp dir");
    let ninjs = ninjs_validator();
    for format in ExportFormat::ALL {
        let bytes = export(&mut library, story, format);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{0}') && !text.contains('\u{1b}'),
            "{}: control characters leak",
            format.as_str()
        );
        match format {
            ExportFormat::Nitf | ExportFormat::Newsml => {
                let file = dir.path().join(format!("{}.xml", format.as_str()));
                std::fs::write(&file, &bytes).expect("write");
                let schema = match format {
                    ExportFormat::Nitf => "nitf/nitf-3-6.xsd",
                    _ => "newsml-g2-with-nitf.xsd",
                };
                let errors = xsd_errors(&schemas().join(schema), &[file]);
                assert!(errors.is_empty(), "{}: {errors:?}", format.as_str());
                assert!(!text.contains("<script>") && !text.contains("<b>"));
                assert!(text.contains(&"H".repeat(960)), "the long headline is kept");
            }
            ExportFormat::Ninjs => {
                assert!(ninjs_errors(&ninjs, &bytes).is_empty());
            }
            ExportFormat::Html | ExportFormat::ReportHtml => {
                assert!(!text.contains("<script>"), "{}", format.as_str());
                assert!(!text.contains("<b>bold"), "{}", format.as_str());
            }
            ExportFormat::ReportJson | ExportFormat::ClaimReview => {
                serde_json::from_slice::<Value>(&bytes).expect("JSON");
            }
            _ => {}
        }
    }
}

#[test]
fn exports_carry_the_agency_and_the_outlet_and_stay_valid() {
    let lib = TempLibrary::new();
    let via = lib.file(
        "via.txt",
        b"Port reopens after storm\nHARBOURTON, March 3 (Harbour Times / Reuters) - The port \
          reopened on Monday after a storm, the port authority said.\n",
    );
    let outlet = lib.file(
        "outlet.txt",
        b"Tram line to close | Meridian Courier\nThe city's oldest tram line will close for six \
          weeks of repairs, the transport office said on Tuesday.\n",
    );
    let mut library = lib.open();
    let reports = library.ingest_paths(&[&via, &outlet]);
    let via = reports[0].story_id.expect("ingested");
    let outlet = reports[1].story_id.expect("ingested");
    let dir = tempfile::tempdir().expect("temp dir");
    let ninjs = ninjs_validator();
    for (story, holder, agent) in [
        (via, "Reuters", Some("Harbour Times")),
        (outlet, "Meridian Courier", None),
    ] {
        let nitf = String::from_utf8(export(&mut library, story, ExportFormat::Nitf)).unwrap();
        assert!(
            nitf.contains(&format!("<doc.copyright holder=\"{holder}\"/>")),
            "{nitf}"
        );
        match agent {
            Some(agent) => assert!(
                nitf.contains(&format!(
                    "<doc.rights owner=\"{holder}\" agent=\"{agent}\"/>"
                )),
                "{nitf}"
            ),
            None => assert!(!nitf.contains("<doc.rights"), "{nitf}"),
        }
        let newsml = String::from_utf8(export(&mut library, story, ExportFormat::Newsml)).unwrap();
        assert!(
            newsml.contains(&format!("<provider literal=\"{holder}\"/>")),
            "{newsml}"
        );
        assert_eq!(
            agent.is_some_and(|a| newsml.contains(&format!("<infoSource literal=\"{a}\"/>"))),
            agent.is_some(),
            "{newsml}"
        );
        let document = export(&mut library, story, ExportFormat::Ninjs);
        assert!(ninjs_errors(&ninjs, &document).is_empty());
        let json: Value = serde_json::from_slice(&document).unwrap();
        assert_eq!(json["copyrightholder"], holder);
        let publisher = json["infosources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["role"] == "publisher")
            .map(|s| s["name"].clone());
        assert_eq!(publisher, agent.map(Value::from));

        let files = [
            dir.path().join(format!("{story}.nitf.xml")),
            dir.path().join(format!("{story}.newsml.xml")),
        ];
        std::fs::write(&files[0], &nitf).expect("write");
        std::fs::write(&files[1], &newsml).expect("write");
        let mut errors = xsd_errors(&schemas().join("nitf/nitf-3-6.xsd"), &files[..1]);
        errors.extend(xsd_errors(
            &schemas().join("newsml-g2-with-nitf.xsd"),
            &files[1..],
        ));
        assert!(errors.is_empty(), "{errors:?}");
    }
}

/// `json` pasted into a page as JSON-LD, read back the way a browser reads
/// the page: the script elements' text and how many images and paragraphs
/// the page holds.
fn read_as_a_page(json: &str) -> (Vec<String>, usize, Vec<String>) {
    let page = format!(
        "<!DOCTYPE html><html><head><title>t</title>\
         <script type=\"application/ld+json\">{json}</script></head>\
         <body><p id=\"after\">after the data</p></body></html>"
    );
    let doc = dom_query::Document::from(page.as_str());
    let scripts = doc.select("script");
    let texts = scripts.iter().map(|s| s.text().to_string()).collect();
    let paragraphs = doc
        .select("p")
        .iter()
        .map(|p| p.text().to_string())
        .collect();
    (texts, doc.select("img").length(), paragraphs)
}

#[test]
fn json_exports_stay_inert_inside_a_script_tag_with_hostile_copy_and_settings() {
    let lib = TempLibrary::new();
    let hostile = "</script><img src=x onerror=alert(1)><script>alert(2)</script>";
    let file = lib.file(
        "cranes.txt",
        b"Cranes idle\nMERIDIAN (Meridian Wire) - Dock workers said 40 cranes stood idle on Monday.\n",
    );
    let mut library = lib.open();
    let story = library.ingest_paths(&[&file])[0]
        .story_id
        .expect("ingested");
    // An editor may write anything, markup included; it is text.
    library
        .save_edit(
            story,
            None,
            &format!("Cranes {hostile} idle"),
            &format!(
                "MERIDIAN (Meridian Wire) - Dock workers said 40 cranes {hostile} stood idle \
                 on Monday, <!--<script> and </SCRIPT > & more."
            ),
            Some("hostile"),
        )
        .expect("edit");
    let claims = library.claims(story).expect("claims");
    let claim = claims.first().expect("a claim");
    library
        .update_claim(claim.id, Some("verified"), Some(hostile), None)
        .expect("verdict");

    // A hostile address is refused, whatever markup or quoting it tries.
    for address in [
        "https://desk.example/\"></script><script>alert(3)</script>",
        "https://desk.example/s'onmouseover='x",
        "javascript:alert(4)",
        "https://desk.example/a b",
    ] {
        let err = library
            .set_setting("claimreview.base_url", Some(address))
            .expect_err(address)
            .to_string();
        assert!(err.contains("must be a plain http(s) address"), "{err}");
    }
    library
        .set_setting("claimreview.organisation", Some(hostile))
        .expect("an organisation's name may be anything");
    library
        .set_setting("claimreview.base_url", Some("https://desk.example/s"))
        .expect("setting");

    for format in [
        ExportFormat::ClaimReview,
        ExportFormat::ReportJson,
        ExportFormat::Ninjs,
    ] {
        let bytes = export(&mut library, story, format);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(
            !text.contains(['<', '>', '&']),
            "{}: markup characters in the JSON: {text}",
            format.as_str()
        );
        let direct: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert!(
            direct.to_string().contains("</script><img"),
            "{}: the copy itself is kept as it is: {direct}",
            format.as_str()
        );
        let (scripts, images, paragraphs) = read_as_a_page(&text);
        assert_eq!(scripts.len(), 1, "{}: {scripts:?}", format.as_str());
        assert_eq!(images, 0, "{}: markup got out", format.as_str());
        assert_eq!(paragraphs, ["after the data"], "{}", format.as_str());
        let read: Value = serde_json::from_str(&scripts[0]).expect("the script holds JSON");
        assert_eq!(read, direct, "{}", format.as_str());
    }

    // A base address stored before addresses were checked is refused at
    // export, not written into the document.
    let conn = lib.sql();
    let changed = conn
        .execute(
            "UPDATE preferences SET value = ?1 WHERE key = 'claimreview.base_url'",
            ["https://desk.example/\"><script>alert(5)</script>"],
        )
        .expect("update");
    assert_eq!(changed, 1);
    drop(conn);
    let mut library = lib.open();
    let err = library
        .export(&ExportRequest::new(story, ExportFormat::ClaimReview))
        .expect_err("a hostile stored address")
        .to_string();
    assert!(err.contains("claimreview.base_url"), "{err}");
}
