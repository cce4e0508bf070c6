// The live desk end to end: two copies of the app under one display, each
// driven by its own WebDriver session, Anna's and Ben's, on one team library
// (a fresh database on the throwaway server `.ci/test` starts). What one does
// reaches the other without a reload: copy ingested, a story opened ("Anna
// Berg is editing"), a claim checked, a claim assigned (the title counts
// it), and a save on the story both edit, whose second editor is offered
// the merge of their draft: nothing either typed is lost. Screenshots of
// both windows go to target/e2e/ (live-*.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Session, startDriver, until } from "./webdriver.mjs";
import { CONTROL, application, cli, firstTake, shots, withDatabase, wiredeskOn } from "./team-app.mjs";

const server = process.env.WIREDESK_TEST_PG;
const secondStory = path.join(path.dirname(firstTake), "002.txt");

let work;
let url;
let database;
let storyId;
const desks = {};

function wiredesk(...args) {
  return wiredeskOn(url, ...args);
}

/** The app on the team library as `user`, with the open dialog answering `openFiles`. */
async function desktop(user, openFiles = []) {
  const driver = await startDriver({
    WIREDESK_DB: url,
    WIREDESK_USER: user,
    WIREDESK_TEST_OPEN_FILES: openFiles.join(path.delimiter),
  });
  const session = await Session.create(driver.base, application);
  await session.waitFor('[data-testid="inbox-row"]');
  return { driver, session, user };
}

before(async () => {
  assert.ok(server, "WIREDESK_TEST_PG must name the throwaway PostgreSQL server (.ci/test starts one)");
  for (const file of [application, cli, firstTake, secondStory]) assert.ok(existsSync(file), `missing ${file}`);
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-live-"));
  database = `wiredesk_e2e_live_${process.pid}_${Date.now()}`;
  execFileSync("psql", [server, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE ${database}`]);
  url = withDatabase(server, database);
  wiredesk("library", "init");
  const ingested = JSON.parse(wiredesk("ingest", firstTake, "--json"));
  assert.equal(ingested[0]?.status, "new", JSON.stringify(ingested));
  storyId = ingested[0].story_id;
  const incoming = path.join(work, "second-story.txt");
  copyFileSync(secondStory, incoming);
  desks.anna = await desktop("Anna Berg", [incoming]);
  desks.ben = await desktop("Ben Okafor");
});

after(async () => {
  for (const desk of Object.values(desks)) {
    await desk.session?.close().catch(() => {});
    desk.driver?.stop();
  }
  if (work) rmSync(work, { recursive: true, force: true });
  if (server && database) {
    try {
      execFileSync("psql", [server, "-qc", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    } catch {
      // The cluster is thrown away at the end of the run anyway.
    }
  }
});

/** A screenshot of each window, as live-NAME-anna.png and live-NAME-ben.png. */
async function shots2(name) {
  for (const [who, desk] of Object.entries(desks)) {
    writeFileSync(path.join(shots, `live-${name}-${who}.png`), await desk.session.screenshot());
  }
}

function texts(session, css) {
  return session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);`, [css]);
}

function textMatches(session, css, pattern, timeoutMs) {
  return until(`${css} reads ${pattern}`, async () => {
    const text = await session.textOf(css);
    return pattern.test(text) && text;
  }, timeoutMs);
}

const row = (id) => `[data-testid="inbox-row"][data-story-id="${id}"]`;

test("copy Anna ingests appears in Ben's inbox without a reload", async () => {
  const { anna, ben } = desks;
  assert.equal((await texts(ben.session, '[data-testid="inbox-row"]')).length, 1);
  await anna.session.press('[data-testid="ingest-button"]');
  await textMatches(anna.session, '[data-testid="ingest-progress-label"]', /1 new/, 30_000);
  const started = Date.now();
  await until("Ben's inbox lists the new story", async () =>
    (await texts(ben.session, '[data-testid="inbox-row"]')).length === 2,
  );
  const took = Date.now() - started;
  assert.ok(took < 5_000, `it took ${took} ms`);
  await shots2("ingested");
});

test("the story Anna opens shows in Ben's inbox as hers, and Ben is told before typing", async () => {
  const { anna, ben } = desks;
  await anna.session.press(row(storyId));
  await textMatches(anna.session, '[data-testid="story-body"]', /Fraidoon Kwazoon/);
  const chip = await textMatches(ben.session, `${row(storyId)} [data-testid="inbox-presence"]`, /Anna Berg/);
  assert.match(chip, /Anna Berg (is editing|has it open)/);
  await ben.session.press(row(storyId));
  await textMatches(ben.session, '[data-testid="story-body"]', /Fraidoon Kwazoon/);
  const warning = await textMatches(ben.session, '[data-testid="presence-warning"]', /Anna Berg/);
  assert.match(warning, /You can still edit/);
  // And Anna sees Ben there too.
  await textMatches(anna.session, '[data-testid="story-presence"]', /Ben Okafor/);
  await shots2("presence");
});

test("a claim Anna assigns to Ben counts in his title, and her check shows in his claim panel", async () => {
  const { anna, ben } = desks;
  // The quote: the story's one claim still to check (its timing claim is not counted).
  const id = await anna.session.execute(
    `return [...document.querySelectorAll('[data-testid="claim-card"]')].find((c) => /QUOTE/i.test(c.textContent))?.dataset.claimId;`,
  );
  assert.ok(id, "the story has a suggested quote");
  const card = `[data-testid="claim-card"][data-claim-id="${id}"]`;
  const options = await anna.session.execute(
    `return [...document.querySelector(arguments[0]).options].map((o) => o.value);`,
    [`${card} [data-testid="claim-assignee"]`],
  );
  assert.ok(options.includes("Ben Okafor"), `the people to assign to: ${options.join(", ")}`);
  await anna.session.fill(`${card} [data-testid="claim-assignee"]`, "Ben Okafor");
  const title = await until("Ben's title counts the claim assigned to him", async () => {
    const title = await ben.session.execute("return document.title;");
    return /assigned to you/.test(title) && title;
  });
  assert.match(title, /1 claim assigned to you/);
  await until("Ben's card shows the claim assigned to him", () =>
    ben.session.execute(
      `return document.querySelector(arguments[0] + ' [data-testid="claim-assignee"]')?.value === "Ben Okafor";`,
      [card],
    ),
  );
  await shots2("assigned");
  await anna.session.fill(`${card} [data-testid="claim-status"]`, "verified");
  await until("Ben's card shows the claim verified", () =>
    ben.session.execute(
      `return document.querySelector(arguments[0] + ' [data-testid="claim-status"]')?.value === "verified";`,
      [card],
    ),
  );
  await until("a verified claim no longer waits on Ben", async () =>
    (await ben.session.execute("return document.title;")) === "Wiredesk",
  );
  await shots2("checked");
});

test("both edit the story: Ben hears of Anna's save and merges his draft onto it, losing nothing", async () => {
  const { anna, ben } = desks;
  // Ben starts typing first, then Anna saves.
  await ben.session.selectInStory("live footage");
  await ben.session.keys("live pictures");
  await anna.session.selectInStory("some other politicians");
  await anna.session.keys("12 other politicians");
  await anna.session.keys("s", CONTROL);
  await textMatches(anna.session, '[data-testid="editor-status"]', /Saved revision \d+/).catch(async (err) => {
    await shots2("save-failed");
    throw err;
  });
  const banner = await textMatches(ben.session, '[data-testid="live-save-banner"]', /Anna Berg saved a new version/);
  assert.match(banner, /Merge my draft/);
  await shots2("saved-elsewhere");
  await ben.session.press('[data-testid="live-save-merge"]');
  await textMatches(ben.session, '[data-testid="editor-status"]', /Merged/, 20_000);
  const story = JSON.parse(wiredesk("show", String(storyId), "--json"));
  assert.match(story.body, /Abdullah and 12 other politicians/, "Anna's edit is kept");
  assert.match(story.body, /showed live pictures of people/, "Ben's edit is kept");
  const history = JSON.parse(wiredesk("history", String(storyId), "--json"));
  const authors = history.map((h) => h.author);
  assert.ok(authors.includes("Anna Berg") && authors.includes("Ben Okafor"), authors.join(", "));
  // Anna hears of Ben's merged save in turn.
  await textMatches(anna.session, '[data-testid="live-save-banner"]', /Ben Okafor saved a new version/);
  await shots2("merged");
});
