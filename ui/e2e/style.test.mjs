// End to end in the real app: house style while typing. A sentence with a
// misspelling and a figure under ten is typed into a story; both are
// underlined and listed on the Style tab, fixed with one click each, and
// saved. Then Preferences → House style tries a rule on the library.
// Screenshots go to target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver, until } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const application = process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
const cli = process.env.WIREDESK_CLI ?? path.join(repo, "target/debug/wiredesk");
const shots = path.join(repo, "target/e2e");

/** Copy in the desk's own style (US spelling, figures from 10): nothing to flag. */
const BRIDGE =
  "Bridge reopens after repairs\n\n" +
  "LONDON (Reuters) - The bridge reopened on Monday after repairs, the city council said.\n\n" +
  "Traffic was light in the morning.\n";

/** Another story, for the rule tried on the library. */
const FERRY =
  "Ferry service resumes\n\n" +
  "OSLO (Reuters) - The ferry carried more people than expected on Tuesday, the operator said.\n";

let driver;
let session;
let libraryDir;

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  mkdirSync(shots, { recursive: true });
  libraryDir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-style-"));
  const db = path.join(libraryDir, "library.sqlite");
  const bridge = path.join(libraryDir, "bridge.txt");
  const ferry = path.join(libraryDir, "ferry.txt");
  writeFileSync(bridge, BRIDGE);
  writeFileSync(ferry, FERRY);
  execFileSync(cli, ["--db", db, "ingest", bridge, ferry], { stdio: ["ignore", "ignore", "inherit"] });
  driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e" });
  session = await Session.create(driver.base, application);
  await session.waitFor('[data-testid="inbox-row"]', 2);
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
});

async function save(name) {
  writeFileSync(path.join(shots, name), await session.screenshot());
}

/** The style underlines in the text, as [rule, text]. */
function styleMarks() {
  return session.execute(
    `return [...document.querySelectorAll('[data-testid="story-editor"] [data-testid="style-mark"]')]
       .map((m) => [m.dataset.rule, m.textContent]);`,
  );
}

function editorText() {
  return session.textOf('[data-testid="story-body"]');
}

test("a misspelling and a figure typed into a story are underlined, fixed with one click each, and saved", async () => {
  const id = await session.execute(
    `const row = [...document.querySelectorAll('[data-testid="inbox-row"]')]
       .find((r) => r.textContent.includes("Bridge reopens"));
     return row ? row.dataset.storyId : null;`,
  );
  assert.ok(id, "the bridge story is in the inbox");
  await session.press(`[data-testid="inbox-row"][data-story-id="${id}"]`);
  await until("the story is open and checked", async () =>
    /House style/.test(await session.textOf('[data-testid="style-panel"]')) &&
    (await session.findAll('[data-testid="style-empty"]')).length > 0,
  );
  assert.deepEqual(await styleMarks(), [], "the story as the agency sent it is in the desk's style");

  await session.selectInStory("Traffic was light in the morning.");
  await session.keys("Officials expect to recieve 7 people in the morning.");
  const flagged = await until("the misspelling and the figure are underlined", async () => {
    const marks = await styleMarks();
    const rules = marks.map(([rule]) => rule);
    return rules.includes("spelling") && rules.includes("numbers") && marks;
  });
  assert.deepEqual(
    flagged.filter(([rule]) => rule === "spelling" || rule === "numbers").sort(),
    [["numbers", "7"], ["spelling", "recieve"]].sort(),
  );
  assert.equal(await session.textOf('[data-testid="style-tab"]'), `Style (${flagged.length})`);
  await session.press('[data-testid="style-tab"]');
  await session.waitFor('[data-testid="style-panel"] [data-testid="style-match"][data-rule="spelling"]');
  await save("style-flagged.png");

  const spellingFix = '[data-testid="style-match"][data-rule="spelling"] [data-testid="style-fix"]';
  assert.equal(await session.textOf(spellingFix), "receive");
  await session.press(spellingFix);
  await until("the spelling is fixed", async () => (await editorText()).includes("expect to receive 7 people"));
  await session.press('[data-testid="style-match"][data-rule="numbers"] [data-testid="style-fix"]');
  await until("the figure is spelled out", async () => (await editorText()).includes("receive seven people"));
  await until("no underline is left for them", async () => {
    const rules = (await styleMarks()).map(([rule]) => rule);
    return !rules.includes("spelling") && !rules.includes("numbers");
  });
  assert.match(await editorText(), /Officials expect to receive seven people in the morning\./);
  assert.equal(await session.textOf('[data-testid="editor-state"]'), "Unsaved changes");

  await session.press('[data-testid="save-button"]');
  await until("the save is reported", async () => /Saved revision/.test(await session.textOf('[data-testid="editor-status"]')));
  assert.equal(await session.textOf('[data-testid="editor-state"]'), "Saved");
  await until("the saved text checks clean", async () => (await session.findAll('[data-testid="style-empty"]')).length > 0);
  await save("style-fixed.png");
});

test("Preferences → House style tries a words rule on the library", async () => {
  await session.press('[data-testid="preferences-button"]');
  await session.waitFor('[data-testid="preferences"][open]');
  await until("the house style is loaded", async () => (await session.findAll('[data-testid="style-rule-row"]')).length > 0);
  await session.waitFor('[data-testid="rule-editor"]');
  await session.execute(`document.querySelector('[data-testid="pref-style-heading"]').scrollIntoView({ block: "start" });`);
  await save("style-preferences.png");
  await session.fill('[data-testid="rule-id"]', "people-count");
  await session.fill('[data-testid="rule-kind"]', "words");
  await session.fill('[data-testid="rule-pattern"]', "people");
  await session.fill('[data-testid="rule-advice"]', "Say who they are.");
  await session.press('[data-testid="rule-try"]');
  const count = await until("the trial is shown", async () => {
    const text = await session.textOf('[data-testid="rule-trial-count"]');
    return /matches? in \d+ stor/.test(text) && text;
  }).catch(async (err) => {
    throw new Error(`${err.message}; the rule editor says: ${await session.textOf('[data-testid="rule-message"]')}`);
  });
  assert.match(count, /^\d+ match(es)? in \d+ stor(y|ies)/);
  assert.ok((await session.findAll('[data-testid="rule-trial-example"]')).length > 0, "an example story is shown");
  await session.execute(`document.querySelector('[data-testid="rule-trial"]').scrollIntoView({ block: "end" });`);
  await save("style-rule-try.png");
});
