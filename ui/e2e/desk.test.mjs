// The desk's day end to end in the real app: a Reuters first take (corpus
// 040-a) opened through the open dialog with a broken file beside it, its
// story edited (a figure changed, a sentence reworded), compared with the
// agency's original inline and side by side, the agency's update (040-b)
// arriving in the drop folder, merged with its conflict resolved by hand,
// the history compared, NITF export held by the gate and let through with a
// reason, the file valid NITF, the preferences set, and the window reopening
// on the story.
//
// Native dialogs cannot be driven over WebDriver, so the app's test hooks
// answer for them: WIREDESK_TEST_OPEN_FILES (the files "chosen") and
// WIREDESK_TEST_SAVE_DIR (where exports are "saved").
// Screenshots go to target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver, until } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const application = process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
const cli = process.env.WIREDESK_CLI ?? path.join(repo, "target/debug/wiredesk");
const corpus = process.env.WIREDESK_CORPUS ?? path.join(repo, "../shared/corpus");
const nitfSchema = path.join(corpus, "../schemas/nitf/nitf-3-6.xsd");
const firstTake = path.join(corpus, "stories/040-a.txt");
const update = path.join(corpus, "stories/040-b.txt");
const shots = path.join(repo, "target/e2e");
const CONTROL = "\uE009";

let driver;
let session;
let work;
let db;
let dropFolder;
let saveDir;
let storyId;

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  for (const file of [firstTake, update, nitfSchema]) assert.ok(existsSync(file), `missing ${file}`);
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-desk-"));
  db = path.join(work, "library.sqlite");
  dropFolder = path.join(work, "drop");
  saveDir = path.join(work, "exports");
  const incoming = path.join(work, "incoming");
  for (const dir of [dropFolder, saveDir, incoming]) mkdirSync(dir);
  // The files the open dialog "chooses": the first take and a cut-off NITF file.
  copyFileSync(firstTake, path.join(incoming, "040-a.txt"));
  writeFileSync(path.join(incoming, "cut-off.xml"), '<?xml version="1.0"?><nitf><head><title>Storm</title></head><body><body.content><p>Cut off');
  driver = await startDriver({
    WIREDESK_DB: db,
    WIREDESK_DROP_FOLDER: dropFolder,
    WIREDESK_TEST_OPEN_FILES: [path.join(incoming, "040-a.txt"), path.join(incoming, "cut-off.xml")].join(path.delimiter),
    WIREDESK_TEST_SAVE_DIR: saveDir,
    WIREDESK_USER: "",
  });
  session = await Session.create(driver.base, application);
  await session.waitFor('[data-testid="inbox-row"]', 2);
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function shot(name) {
  writeFileSync(path.join(shots, name), await session.screenshot());
}

/** Texts of every element at `css`. */
function texts(css) {
  return session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);`, [css]);
}

/** Waits until the element at `css` has text matching `pattern`; returns the text. */
function textMatches(css, pattern, timeoutMs) {
  return until(`${css} reads ${pattern}`, async () => {
    const text = await session.textOf(css);
    return pattern.test(text) && text;
  }, timeoutMs);
}

/** Presses a key on the window (not in a field), as a shortcut. */
async function shortcut(key) {
  await session.execute(`document.activeElement?.blur?.(); document.querySelector('[data-testid="inbox"]').focus(); return true;`);
  await session.keys(key);
}

test("files chosen in the open dialog are ingested with a progress count and the broken one's error", async () => {
  await session.press('[data-testid="ingest-button"]');
  const label = await textMatches('[data-testid="ingest-progress-label"]', /^Ingest: /, 30_000);
  assert.match(label, /1 new/);
  assert.match(label, /1 error/);
  const counts = await session.textOf('[data-testid="ingest-counts"]');
  assert.match(counts, /1 new · 0 updates · 0 duplicates · 1 error/);
  const errors = await texts('[data-testid="ingest-error"]');
  assert.equal(errors.length, 1);
  assert.match(errors[0], /cut-off\.xml/, "the error names the file");
  // The inbox shows the new story without being asked.
  await until("the first take is in the inbox", async () =>
    (await texts('[data-testid="inbox-headline"]')).some((h) => h.startsWith("An attack took place")),
  );
  await shot("ingest-progress.png");
});

test("the first take is edited: a figure changed and a sentence reworded, then saved", async () => {
  const opened = await session.execute(`
    const row = [...document.querySelectorAll('[data-testid="inbox-row"]')]
      .find((r) => r.textContent.includes("An attack took place"));
    if (!row) return false;
    row.click();
    return true;`);
  assert.ok(opened);
  await textMatches('[data-testid="story-body"]', /Fraidoon Kwazoon/);
  storyId = Number(await session.execute(`return document.querySelector('[data-testid="story"]').dataset.storyId;`));
  assert.ok(storyId > 0);
  await session.selectInStory("some other politicians");
  await session.keys("12 other politicians");
  await session.selectInStory("An attack took place at");
  await session.keys("Attackers struck");
  await session.keys("s", CONTROL);
  await textMatches('[data-testid="editor-status"]', /Saved revision \d+/);
  const body = await session.textOf('[data-testid="story-body"]');
  assert.match(body, /Attackers struck a ceremony/);
  assert.match(body, /Abdullah and 12 other politicians/);
});

test("compare shows the edits against the agency's original, inline and side by side", async () => {
  await shortcut("c");
  await session.waitFor('[data-testid="compare-view"][open] [data-testid="diff-insert"]');
  const inserted = (await texts('[data-testid="compare-inline"] [data-testid="diff-insert"]')).join("|");
  const deleted = (await texts('[data-testid="compare-inline"] [data-testid="diff-delete"]')).join("|");
  assert.match(inserted, /12/);
  assert.match(inserted, /Attackers struck/);
  assert.match(deleted, /some/);
  assert.match(deleted, /An attack took place at/);
  const stats = await session.textOf('[data-testid="compare-stats"]');
  assert.match(stats, /^\+\d+ words · −\d+ words · \d+ replaced · \S+% of the story changed$/);
  await shot("compare-inline.png");

  await session.press('[data-testid="compare-mode"] [data-mode="side-by-side"]');
  await session.waitFor('[data-testid="compare-sides"]');
  const left = (await texts('.side-from [data-testid="diff-delete"]')).join("|");
  const right = (await texts('.side-to [data-testid="diff-insert"]')).join("|");
  assert.match(left, /some/);
  assert.match(right, /12/);
  assert.equal((await texts('.side-from [data-testid="diff-insert"]')).length, 0, "the left side shows only what was removed");
  await shot("compare-side-by-side.png");

  // Hiding typographic changes keeps the real edits.
  await session.press('[data-testid="compare-ignore-typography"]');
  await until("the diff reloads", async () => (await texts('.side-to [data-testid="diff-insert"]')).join("|").includes("12"));
  await session.press('[data-testid="compare-mode"] [data-mode="inline"]');
  await session.press('[data-testid="compare-close"]');
});

test("the update arrives in the drop folder, is marked, shows what the agency changed, and merges with its conflict resolved", async () => {
  copyFileSync(update, path.join(dropFolder, "040-b.txt"));
  const label = await textMatches('[data-testid="ingest-progress-label"]', /^Drop folder: /, 30_000);
  assert.match(label, /1 update/);
  await until("the inbox marks the unmerged update", async () =>
    session.execute(
      `const row = document.querySelector('[data-testid="inbox-row"][data-story-id="' + arguments[0] + '"]');
       return Boolean(row && row.querySelector('[data-testid="inbox-update"]'));`,
      [storyId],
    ),
  );
  await session.waitFor('[data-testid="wire-update"] [data-testid="merge-button"]');

  await session.press('[data-testid="wire-changes-button"]');
  await until("what the agency changed", async () =>
    (await texts('[data-testid="compare-view"][open] [data-testid="diff-insert"]')).join("|").includes("Eighteen were wounded"),
  );
  await shot("compare-wire-changes.png");
  await session.press('[data-testid="compare-close"]');

  await session.press('[data-testid="merge-button"]');
  await session.waitFor('[data-testid="merge-view"][open] [data-testid="conflict"]');
  assert.match(await session.textOf('[data-testid="conflict"] [data-testid="conflict-ours"]'), /Attackers struck/);
  assert.match(await session.textOf('[data-testid="conflict"] [data-testid="conflict-theirs"]'), /Gunmen attacked/);
  assert.match(await session.textOf('[data-testid="conflict"] [data-testid="conflict-base"]'), /An attack took place/);
  assert.match(await session.textOf('[data-testid="merge-applied"]'), /Eighteen were wounded/);
  await shot("merge.png");

  // Closed midway, with a text half written by hand: reopened, nothing is lost.
  await session.press('[data-testid="conflict"] [data-testid="edit-conflict"]');
  await session.fill('[data-testid="conflict-text"]', "Gunmen struck ");
  await session.press('[data-testid="merge-close"]');
  await session.press('[data-testid="merge-button"]');
  await session.waitFor('[data-testid="merge-view"][open] [data-testid="conflict"] [data-testid="conflict-text"]');
  assert.equal(await session.execute(`return document.querySelector('[data-testid="conflict-text"]').value;`), "Gunmen struck ");

  await session.press('[data-testid="conflict-apply"]');
  await textMatches('[data-testid="merge-summary"]', /^Merged wire version 2 into the desk's copy as revision \d+\.$/);
  await session.press('[data-testid="merge-close"]');
  const body = await textMatches('[data-testid="story-body"]', /Gunmen struck a ceremony/);
  assert.match(body, /Abdullah and 12 other politicians/, "the desk's figure stays");
  assert.match(body, /Eighteen were wounded/, "the agency's new paragraph is in");
  await until("the update mark is gone", async () =>
    session.execute(
      `const row = document.querySelector('[data-testid="inbox-row"][data-story-id="' + arguments[0] + '"]');
       return Boolean(row && !row.querySelector('[data-testid="inbox-update"]'));`,
      [storyId],
    ),
  );
});

test("the history lists wire versions, the edit and the merge, and compares the two ticked", async () => {
  await shortcut("h");
  await session.waitFor('[data-testid="history-view"][open] [data-testid="history-entry"]', 4);
  const entries = await texts('[data-testid="history-entry"]');
  assert.match(entries[0], /^Merge · revision \d+/);
  assert.ok(entries.some((e) => /^Edit · revision \d+/.test(e)));
  assert.equal(entries.filter((e) => /^Wire version · revision \d+/.test(e)).length, 2);
  await shot("history.png");
  const ids = await session.execute(
    `return [...document.querySelectorAll('[data-testid="history-select"]')].map((c) => Number(c.dataset.revisionId));`,
  );
  const [newest, oldest] = [ids[0], ids[ids.length - 1]];
  await session.press(`[data-testid="history-select"][data-revision-id="${newest}"]`);
  await session.press(`[data-testid="history-select"][data-revision-id="${oldest}"]`);
  await session.press('[data-testid="history-compare"]');
  await session.waitFor('[data-testid="compare-view"][open] [data-testid="diff-insert"]');
  const picked = await session.execute(
    `return [document.querySelector('[data-testid="compare-from"]').value, document.querySelector('[data-testid="compare-to"]').value];`,
  );
  assert.deepEqual(picked.map(Number), [oldest, newest]);
  await session.press('[data-testid="compare-close"]');
});

test("NITF export is held by the gate, goes with a written reason, and the file is valid NITF", async () => {
  await session.press('[data-testid="export-button"]');
  await session.waitFor('[data-testid="export-dialog"][open]');
  await session.fill('[data-testid="export-format"]', "nitf");
  await until("the gate blocks", async () => (await texts('[data-testid="export-blocker"]')).length > 0);
  const blockers = (await texts('[data-testid="export-blocker"]')).join("\n");
  assert.match(blockers, /unchecked/);
  assert.match(blockers, /"12"/, "the figure no wire version has is pointed out");
  assert.equal(await session.execute(`return document.querySelector('[data-testid="export-confirm"]').disabled;`), true);
  await textMatches('[data-testid="export-preview"]', /<nitf /);
  await session.fill('[data-testid="override-reason"]', "Desk chief approved: the figure confirmed by phone with the spokesman");
  await shot("export-gate.png");
  await session.press('[data-testid="export-confirm"]');
  const message = await textMatches('[data-testid="export-message"]', /^Exported revision \d+ as NITF 3\.6 to /);
  assert.match(message, /past the gate: Desk chief approved/);
  const files = readdirSync(saveDir).filter((f) => f.endsWith(".xml"));
  assert.equal(files.length, 1, `one file in ${saveDir}: ${files}`);
  const exported = path.join(saveDir, files[0]);
  const xml = readFileSync(exported, "utf8");
  assert.match(xml, /Gunmen struck a ceremony/);
  assert.match(xml, /12 other politicians/);
  // Valid against IPTC's NITF 3.6 schema, offline.
  execFileSync("xmllint", ["--noout", "--nonet", "--schema", nitfSchema, exported], { stdio: ["ignore", "ignore", "pipe"] });
  await session.press('[data-testid="export-close"]');

  // The export and its reason are in the story's history.
  const history = JSON.parse(execFileSync(cli, ["--db", db, "history", String(storyId), "--json"], { encoding: "utf8" }));
  assert.ok(history.length >= 4);
  await shortcut("h");
  await textMatches('[data-testid="history-view"][open] [data-testid="history-export"]', /Exported as nitf by .* past the gate: Desk chief approved/);
  await session.press('[data-testid="history-close"]');
});

test("preferences keep the desk's name and the fact-check publisher; the fact-check report exports from the same dialog", async () => {
  await shortcut("p");
  await session.waitFor('[data-testid="preferences"][open]');
  await until("the preferences are loaded", async () => (await session.textOf('[data-testid="pref-actor"]')) !== "");
  await session.fill('[data-testid="pref-user-name"]', "Rosa Desk");
  await session.fill('[data-testid="pref-organisation"]', "Example Fact Check");
  await session.fill('[data-testid="pref-base-url"]', "https://news.example/stories");
  await session.press('[data-testid="preferences-save"]');
  await textMatches('[data-testid="preferences-message"]', /^Saved\.$/);
  assert.match(await session.textOf('[data-testid="pref-actor"]'), /Rosa Desk/);
  assert.match(await session.textOf('[data-testid="drop-folder-state"]'), /^Watching /);
  await session.fill('[data-testid="pref-theme"]', "dark");
  assert.equal(await session.execute(`return document.documentElement.dataset.theme;`), "dark");
  await shot("preferences-dark.png");
  await session.fill('[data-testid="pref-theme"]', "light");
  // A backup of the whole library while the app has it open, into the save dialog's folder.
  await session.press('[data-testid="backup-library"]');
  const backedUp = await textMatches('[data-testid="backup-state"]', /^Backed up \d+ stories \(.* MB\) to .*wiredesk-backup-\d{4}-\d{2}-\d{2}\.sqlite\.$/);
  const backup = path.join(saveDir, readdirSync(saveDir).find((f) => f.startsWith("wiredesk-backup-")));
  const health = JSON.parse(execFileSync(cli, ["--db", backup, "--json", "doctor"], { encoding: "utf8" }));
  assert.equal(health.ok, true, JSON.stringify(health));
  assert.match(backedUp, new RegExp(`Backed up ${health.stories} stories`));
  await shot("preferences-backup.png");
  await session.press('[data-testid="preferences-close"]');

  await session.press('[data-testid="export-button"]');
  await session.fill('[data-testid="export-format"]', "report-csv");
  await textMatches('[data-testid="export-preview"]', /^id,kind,text,value,speaker,status/);
  assert.equal(await session.execute(`return document.querySelector('[data-testid="export-gate"]').dataset.state;`), "clear");
  await session.press('[data-testid="export-confirm"]');
  await textMatches('[data-testid="export-message"]', /^Exported revision \d+ as Fact-check report \(CSV\) to /);
  assert.equal(readdirSync(saveDir).filter((f) => f.endsWith("-report.csv")).length, 1);
  await session.press('[data-testid="export-close"]');
});

test("the window opens again on the story last opened, at the size it was left", async () => {
  const wanted = { width: 1180, height: 760 };
  await session.cmd("POST", "/window/rect", wanted);
  // The window manager answers the resize when it gets to it: read back until it has.
  let set = await session.cmd("GET", "/window/rect");
  await until("the window took the new size (the default is 1280 × 820)", async () => {
    set = await session.cmd("GET", "/window/rect");
    return set.width === wanted.width && set.height === wanted.height;
  });
  assert.deepEqual({ width: set.width, height: set.height }, wanted);
  // The size is saved once it settles (tauri-plugin-window-state's file in the app's config folder).
  const stateFile = path.join(driver.configHome, "org.wiredesk.desk", ".window-state.json");
  await until("the window's size is saved", () => {
    try {
      const saved = JSON.parse(readFileSync(stateFile, "utf8")).main;
      return saved?.width === set.width && saved?.height === set.height;
    } catch {
      return false;
    }
  });
  await session.close();
  session = await Session.create(driver.base, application);
  let reopened = await session.cmd("GET", "/window/rect");
  await until("the window reopens at the size it was left", async () => {
    reopened = await session.cmd("GET", "/window/rect");
    return reopened.width === set.width && reopened.height === set.height;
  });
  assert.deepEqual({ width: reopened.width, height: reopened.height }, { width: set.width, height: set.height });
  await until("the story reopens", async () =>
    session.execute(`return document.querySelector('[data-testid="story"]')?.dataset.storyId ?? null;`).then((id) => Number(id) === storyId),
  30_000);
  await textMatches('[data-testid="story-body"]', /Gunmen struck a ceremony/);
});
