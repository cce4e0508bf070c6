// The app on a team library (PostgreSQL) end to end: a fresh database on the
// throwaway server `.ci/test` starts (WIREDESK_TEST_PG), made a Wiredesk
// library with `wiredesk library init`, a wire story ingested by the CLI,
// then the app opened on it: the inbox lists the story, it opens, an edit is
// saved as a revision the CLI reads back from the server, compare shows the
// edit against the agency's original, and Preferences names the team library.
// Screenshots go to target/e2e/ (team-*.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { until } from "./webdriver.mjs";
import { CONTROL, appOnTeamLibrary, shots, withDatabase, wiredeskOn } from "./team-app.mjs";

const server = process.env.WIREDESK_TEST_PG;

let driver;
let session;
let work;
let url;
let database;
let storyId;

function wiredesk(...args) {
  return wiredeskOn(url, ...args);
}

before(async () => {
  assert.ok(server, "WIREDESK_TEST_PG must name the throwaway PostgreSQL server (.ci/test starts one)");
  work = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-team-"));
  database = `wiredesk_e2e_${process.pid}_${Date.now()}`;
  execFileSync("psql", [server, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE ${database}`]);
  url = withDatabase(server, database);
  ({ storyId, driver, session } = await appOnTeamLibrary(url));
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (server && database) {
    try {
      execFileSync("psql", [server, "-qc", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    } catch {
      // The cluster is thrown away at the end of the run anyway.
    }
  }
});

async function shot(name) {
  writeFileSync(path.join(shots, name), await session.screenshot());
}

function texts(css) {
  return session.execute(`return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);`, [css]);
}

function textMatches(css, pattern, timeoutMs) {
  return until(`${css} reads ${pattern}`, async () => {
    const text = await session.textOf(css);
    return pattern.test(text) && text;
  }, timeoutMs);
}

test("the inbox lists what the team library holds, and no sample stories", async () => {
  await session.waitFor('[data-testid="inbox-row"]');
  const headlines = await texts('[data-testid="inbox-headline"]');
  assert.equal(headlines.length, 1, headlines.join(" | "));
  assert.ok(headlines[0].startsWith("An attack took place"), headlines[0]);
  await shot("team-inbox.png");
});

test("a story opens, and an edit is saved on the server", async () => {
  await session.press(`[data-testid="inbox-row"][data-story-id="${storyId}"]`);
  await textMatches('[data-testid="story-body"]', /Fraidoon Kwazoon/);
  await session.selectInStory("some other politicians");
  await session.keys("12 other politicians");
  await session.keys("s", CONTROL);
  const status = await textMatches('[data-testid="editor-status"]', /Saved revision \d+/);
  const saved = Number(/Saved revision (\d+)/.exec(status)[1]);
  // The CLI, on a connection of its own, reads the saved revision back.
  const story = JSON.parse(wiredesk("show", String(storyId), "--json"));
  assert.equal(story.revision_id, saved);
  assert.match(story.body, /Abdullah and 12 other politicians/);
  await shot("team-saved.png");
});

test("compare shows the edit against the agency's original", async () => {
  await session.execute(`document.activeElement?.blur?.(); document.querySelector('[data-testid="inbox"]').focus(); return true;`);
  await session.keys("c");
  await session.waitFor('[data-testid="compare-view"][open] [data-testid="diff-insert"]');
  const inserted = (await texts('[data-testid="compare-inline"] [data-testid="diff-insert"]')).join("|");
  const deleted = (await texts('[data-testid="compare-inline"] [data-testid="diff-delete"]')).join("|");
  assert.match(inserted, /12/);
  assert.match(deleted, /some/);
  await shot("team-compare.png");
  await session.press('[data-testid="compare-close"]');
});

test("Preferences name the team library in use, without a password", async () => {
  await session.press('[data-testid="preferences-button"]');
  await session.waitFor('[data-testid="preferences"][open]');
  const where = await textMatches('[data-testid="library-location"]', /team library/);
  assert.ok(where.includes(`/${database}`), where);
  await session.fill('[data-testid="team-url"]', url);
  await session.press('[data-testid="team-test"]');
  const answer = await textMatches('[data-testid="team-state"]', /Connected to|Cannot/);
  assert.match(answer, /^Connected to .*: 1 story\.$/);
  await session.execute(`document.querySelector('[data-testid="team-library"]').scrollIntoView(); return true;`);
  await shot("team-preferences.png");
  await session.press('[data-testid="preferences-close"]');
});
