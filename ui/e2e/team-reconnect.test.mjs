// The app on a team library whose server restarts mid-session: a cluster of
// this test's own (`.ci/postgres start`, never the shared one), made a
// Wiredesk library with one wire story. A story is opened and edited, the
// server stopped dead (`.ci/postgres crash`); a search, the inbox and a save
// then fail, and the window shows ONE banner saying the library cannot be
// reached, with no error of each call. The server starts again on the same
// port (`.ci/postgres resume`): the banner goes by itself, "Reconnected"
// shows, the edit typed meanwhile is still there, and saving it works: the
// CLI reads it back from the server. Screenshots go to target/e2e/
// (team-reconnect-*.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { until } from "./webdriver.mjs";
import { CONTROL, appOnTeamLibrary, repo, shots, withDatabase, wiredeskOn } from "./team-app.mjs";

const script = path.join(repo, ".ci/postgres");
const BANNER = '[data-testid="library-unreachable"]:not([hidden])';

let driver;
let session;
let cluster;
let url;
let storyId;

/** `.ci/postgres ACTION` on this test's own cluster; what it prints. */
function postgres(action) {
  return execFileSync("bash", [script, action, cluster], { encoding: "utf8" }).trim();
}

function wiredesk(...args) {
  return wiredeskOn(url, ...args);
}

before(async () => {
  // A cluster of this test's own: it is stopped and started again here.
  // (A folder of its own in the temporary folder: as root, the server runs
  // as the postgres user, which must reach it.)
  cluster = path.join(tmpdir(), `wiredesk-e2e-reconnect-${process.pid}-${Date.now()}`);
  const server = postgres("start");
  execFileSync("psql", [server, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE newsroom"]);
  url = withDatabase(server, "newsroom");
  ({ storyId, driver, session } = await appOnTeamLibrary(url));
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (cluster) {
    try {
      postgres("stop"); // stops it and removes its folder
    } catch {
      rmSync(cluster, { recursive: true, force: true });
    }
  }
});

async function shot(name) {
  writeFileSync(path.join(shots, name), await session.screenshot());
}

function textMatches(css, pattern, timeoutMs) {
  return until(`${css} reads ${pattern}`, async () => {
    const text = await session.textOf(css);
    return pattern.test(text) && text;
  }, timeoutMs);
}

/** What the window shows as errors: the status line in red, the editor's
 *  alert, claim errors, and any "Could not …" anywhere. */
function shownErrors() {
  return session.execute(
    `const shown = (e) => !e.hidden && e.textContent.trim() !== "";
     return [
       ...[...document.querySelectorAll('.status.error, [data-testid="editor-alert"], .claim-error')].filter(shown).map((e) => e.textContent),
       ...(document.body.innerText.match(/Could not[^\\n]*/g) ?? []),
     ];`,
  );
}

async function focusEditor() {
  await session.execute(
    `document.querySelector('[data-testid="story-body"]').closest('[contenteditable="true"]').focus(); return true;`,
  );
}

test("a dropped connection shows one banner, goes away by itself, and nothing typed is lost", async () => {
  await session.waitFor('[data-testid="inbox-row"]');
  await session.press(`[data-testid="inbox-row"][data-story-id="${storyId}"]`);
  await textMatches('[data-testid="story-body"]', /Fraidoon Kwazoon/);
  await session.selectInStory("some other politicians");
  await session.keys("12 other politicians");
  await textMatches('[data-testid="editor-state"]', /Unsaved/);

  // The server stops dead under the open library.
  postgres("crash");

  // A search, the inbox and a save are refused, one after another.
  await session.fill('[data-testid="search-input"]', "Kwazoon");
  await session.waitFor(BANNER, 1, 20_000);
  await session.fill('[data-testid="search-input"]', "");
  await focusEditor();
  await session.keys("s", CONTROL);
  await textMatches('[data-testid="editor-status"]', /Not saved yet/);
  // Some tries in the background meanwhile (every few seconds).
  await new Promise((resolve) => setTimeout(resolve, 4000));

  const banners = await session.findAll(BANNER);
  assert.equal(banners.length, 1, "one banner, however many calls failed");
  const banner = await session.textOf(BANNER);
  assert.match(banner, /^The team library at 127\.0\.0\.1:\d+ \(database newsroom\) cannot be reached\. Wiredesk keeps trying; what you type is kept\.$/);
  assert.deepEqual(await shownErrors(), [], "no error of each failed call");
  assert.match(await session.textOf('[data-testid="story-body"]'), /Abdullah and 12 other politicians/);
  await shot("team-reconnect-banner.png");

  // The server is back on the same port: the banner goes by itself.
  postgres("resume");
  await until("the banner goes", async () => (await session.findAll(BANNER)).length === 0, 30_000);
  await textMatches('[data-testid="library-reconnected"]', /Reconnected to the team library/);
  await session.waitFor('[data-testid="inbox-row"]');
  assert.deepEqual(await shownErrors(), []);
  // What was typed while the server was away is still in the editor.
  assert.match(await session.textOf('[data-testid="story-body"]'), /Abdullah and 12 other politicians/);
  await textMatches('[data-testid="editor-status"]', /library is back: save/);
  await shot("team-reconnect-back.png");

  // And saves, on the server: the CLI reads it back on a connection of its own.
  await focusEditor();
  await session.keys("s", CONTROL);
  const status = await textMatches('[data-testid="editor-status"]', /Saved revision \d+/);
  const saved = Number(/Saved revision (\d+)/.exec(status)[1]);
  const story = JSON.parse(wiredesk("show", String(storyId), "--json"));
  assert.equal(story.revision_id, saved);
  assert.match(story.body, /Abdullah and 12 other politicians/);
});
