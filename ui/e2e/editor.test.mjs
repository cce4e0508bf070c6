// End to end in the real app: the corpus seed story in an environment-
// configured library, its claims highlighted, a claim marked, one verified
// with a note and evidence, the text inside it edited and saved (the claim
// goes back to unchecked), and hostile copy shown as inert text.
// Screenshots go to target/e2e/; timings to the output and timings-editor.json.
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
const corpus = process.env.WIREDESK_CORPUS ?? path.join(repo, "../shared/corpus");
const seed = path.join(corpus, "stories/000-seed-kremlin-kosovo.txt");
const shots = path.join(repo, "target/e2e");
const CONTROL = "\uE009";

let driver;
let session;
let libraryDir;
const timings = {};

const HOSTILE = {
  uri: "urn:wiredesk-test:hostile:1",
  type: "text",
  source: "Meridian Wire",
  headline:
    'Council <script>window.__pwned = 1</script> votes <img src=x onerror="window.__pwned = 2"> on budget',
  body_text:
    'OSLEN - The council voted 12 to 3 on Tuesday. <iframe src="javascript:window.__pwned = 3"></iframe>\n\n' +
    'See <a href="javascript:window.__pwned = 4">the minutes</a> and [more](javascript:window.__pwned = 5).\n\n' +
    '"We will not <b>bow</b>," the mayor said. <svg onload="window.__pwned = 6"></svg>',
};

/** A toll updated in the lead, the old figure left in the last paragraph. */
const QUAKE =
  "Quake toll rises\n\n" +
  "LIMA, March 11, 2014 (Reuters) - The death toll rose to 120 on Thursday, officials said, up from 73 reported on March 9.\n\n" +
  '"We will rebuild every home," Mayor Ana Ruiz vowed.\n\n' +
  "At least 73 people were killed, the ministry said.\n";

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(seed), `the corpus seed story is missing at ${seed}`);
  mkdirSync(shots, { recursive: true });
  libraryDir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-editor-"));
  const db = path.join(libraryDir, "library.sqlite");
  const hostile = path.join(libraryDir, "hostile.json");
  writeFileSync(hostile, JSON.stringify(HOSTILE));
  const quake = path.join(libraryDir, "quake.txt");
  writeFileSync(quake, QUAKE);
  execFileSync(cli, ["--db", db, "ingest", seed, hostile, quake], { stdio: ["ignore", "ignore", "inherit"] });
  driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e" });
  const launched = Date.now();
  session = await Session.create(driver.base, application);
  await session.waitFor('[data-testid="inbox-row"]', 2);
  timings.launch_to_inbox_via_driver = Date.now() - launched;
  timings.window_to_inbox = await session.execute(
    "const m = performance.getEntriesByName('wiredesk:inbox-ready')[0]; return m ? Math.round(m.startTime) : -1;",
  );
  const [brand] = await session.waitFor('[data-testid="brand"]');
  await session.click(brand);
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
  writeFileSync(path.join(shots, "timings-editor.json"), JSON.stringify(timings, null, 2) + "\n");
  for (const [name, ms] of Object.entries(timings)) console.log(`# seed library: ${name} ${ms} ms`);
});

async function save(name) {
  writeFileSync(path.join(shots, name), await session.screenshot());
}

/** The claim highlights as {id: {text, status}}: a claim split by another's mark is joined. */
async function marks() {
  return session.execute(`
    const out = {};
    for (const m of document.querySelectorAll('[data-testid="claim-mark"]')) {
      const id = m.dataset.claimId;
      out[id] = out[id] ?? { text: "", status: m.dataset.status };
      out[id].text += m.textContent;
    }
    return out;`);
}

test("the seed story opens with its claims highlighted, the turnout and the troops among them", async () => {
  const opened = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const row = [...document.querySelectorAll('[data-testid="inbox-row"]')].find((r) => r.textContent.includes("Kremlin"));
     const t0 = performance.now();
     row.click();
     const poll = () => {
       const h = document.querySelector('[data-testid="story-headline"]');
       if (h && h.textContent.startsWith("Kremlin") && document.querySelector('[data-testid="claim-mark"]')) done(Math.round(performance.now() - t0));
       else if (performance.now() - t0 > 15000) done(-1);
       else requestAnimationFrame(poll);
     };
     poll();`,
  );
  assert.ok(opened >= 0, "the seed story opened with its claims");
  timings.open_seed_story = opened;
  const found = Object.values(await marks());
  const texts = found.map((m) => m.text);
  assert.ok(texts.includes("3.5%"), texts.join(" | "));
  assert.ok(texts.some((t) => t.includes("700 additional troops")), texts.join(" | "));
  assert.ok(found.every((m) => m.status === "unchecked"));
  const cards = await session.findAll('[data-testid="claim-card"]');
  assert.ok(cards.length >= found.length, "every highlighted claim has a card");
  await save("editor-claims.png");
});

test("a selection is marked as a claim", async () => {
  const before = Object.keys(await marks()).length;
  await session.selectInStory("Kremlin spokesman Dmitry Peskov");
  const [button] = await session.findAll('[data-testid="mark-claim-button"]');
  await session.click(button);
  const added = await until("the new claim is highlighted", async () => {
    const now = await marks();
    return Object.values(now).find((m) => m.text === "Kremlin spokesman Dmitry Peskov") && now;
  });
  assert.equal(Object.keys(added).length, before + 1);
});

test("a claim is verified with a note and evidence; editing its text sends it back to unchecked", async () => {
  const [id] = Object.entries(await marks()).find(([, m]) => m.text.includes("700 additional troops"));
  await session.press(`[data-testid="claim-mark"][data-claim-id="${id}"]`);
  const card = `[data-testid="claim-card"][data-claim-id="${id}"]`;
  await session.execute(
    `const s = document.querySelector(arguments[0] + ' [data-testid="claim-status"]');
     s.value = "verified"; s.dispatchEvent(new Event("change", { bubbles: true }));`,
    [card],
  );
  await until("the highlight shows verified", async () => (await marks())[id]?.status === "verified");
  await session.fill(`${card} [data-testid="claim-note"]`, "NATO statement of Tuesday confirms 700");
  await session.press(`${card} [data-testid="claim-note-add"]`);
  await session.execute(
    `const k = document.querySelector(arguments[0] + ' [data-testid="claim-evidence-kind"]');
     k.value = "url"; k.dispatchEvent(new Event("change", { bubbles: true }));`,
    [card],
  );
  await session.fill(`${card} [data-testid="claim-evidence-value"]`, "https://www.nato.int/cps/en/natohq/news.htm");
  await session.press(`${card} [data-testid="claim-evidence-add"]`);
  await until("the evidence is listed", async () => (await session.findAll(`${card} [data-testid="claim-evidence-item"]`)).length > 0);
  await save("claim-panel-verified.png");

  // Change "700" to "800" inside the verified claim, then save with Ctrl+S.
  await session.selectInStory("700 additional");
  await session.keys("800 additional");
  const edited = await marks();
  assert.ok(edited[id]?.text.includes("800 additional troops"), JSON.stringify(edited[id]));
  await session.keys("s", CONTROL);
  await until("the save is reported", async () => {
    const [status] = await session.findAll('[data-testid="editor-status"]');
    return status && /Saved revision/.test(await session.text(status));
  });
  const after = await until("the claim is back to unchecked", async () => {
    const now = await marks();
    return now[id]?.status === "unchecked" && now;
  });
  assert.ok(after[id].text.includes("800 additional troops"));
  await save("claim-panel-after-edit.png");
});

test("the history lists the wire version and the saved edit, with who and what changed", async () => {
  const [button] = await session.findAll('[data-testid="history-button"]');
  await session.click(button);
  const entries = await session.waitFor('[data-testid="history-entry"]', 2);
  assert.ok(entries.length >= 2, "the wire version and the edit");
  const [newest] = entries;
  const text = await session.text(newest);
  assert.match(text, /Edit · revision \d+/);
  assert.match(text, /e2e · \+\d+ −\d+ words/);
  await save("history.png");
  await session.click((await session.findAll('[data-testid="history-close"]'))[0]);
});

test("hostile copy shows as text and nothing in it runs", async () => {
  const id = await session.execute(
    `const row = [...document.querySelectorAll('[data-testid="inbox-row"]')]
       .find((r) => r.querySelector('[data-testid="inbox-headline"]').textContent.startsWith("Council <script>"));
     return row ? row.dataset.storyId : null;`,
  );
  assert.ok(id, "the hostile story is in the inbox, its markup as text");
  await session.press(`[data-testid="inbox-row"][data-story-id="${id}"]`);
  await until("the hostile story is open", () =>
    session.execute(
      `const h = document.querySelector('[data-testid="story-headline"]');
       return Boolean(h && h.textContent.startsWith("Council <script>"));`,
    ),
  );
  const state = await session.execute(
    `const pane = document.querySelector('[data-testid="workspace"]') ?? document.body;
     return {
       pwned: window.__pwned ?? null,
       elements: pane.querySelectorAll('script, img, iframe, svg, b, a[href^="javascript"]').length,
       body: document.querySelector('[data-testid="story-body"]').textContent,
     };`,
  );
  assert.equal(state.pwned, null, "no script in the copy ran");
  assert.equal(state.elements, 0, "the copy's markup made no elements");
  assert.match(state.body, /<iframe src="javascript:window.__pwned = 3"><\/iframe>/);
  assert.match(state.body, /<a href="javascript:window.__pwned = 4">the minutes<\/a>/);
  await save("hostile-story.png");
  // Still nothing after a moment (an onerror or onload would have fired by
  // now). This wait is the test: nothing may run during it, and there is no
  // event to wait for instead.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await session.execute("return window.__pwned ?? null;"), null);
});

test("the claim panel lists the facts first and folds the timing; two figures for one toll are a finding on both", async () => {
  const id = await session.execute(
    `const row = [...document.querySelectorAll('[data-testid="inbox-row"]')]
       .find((r) => r.querySelector('[data-testid="inbox-headline"]').textContent === "Quake toll rises");
     return row ? { id: row.dataset.storyId, flag: row.querySelector('[data-testid="inbox-integrity"]')?.textContent ?? null } : null;`,
  );
  assert.ok(id, "the quake story is in the inbox");
  assert.equal(id.flag, "⚑ 1", "the inbox counts the contradiction although the story is unedited");
  await session.press(`[data-testid="inbox-row"][data-story-id="${id.id}"]`);
  await session.waitFor('[data-testid="claim-finding"]', 2);
  const panel = await session.execute(
    `const panel = document.querySelector('[data-testid="claim-panel"]');
     const facts = panel.querySelector('[data-testid="facts-group"]');
     const timing = panel.querySelector('[data-testid="timing-group"]');
     const text = (c) => c.querySelector('[data-testid="claim-text"]').textContent;
     return {
       factsFirst: Boolean(facts && timing && (facts.compareDocumentPosition(timing) & Node.DOCUMENT_POSITION_FOLLOWING)),
       timingOpen: timing.open,
       timing: [...timing.querySelectorAll('[data-testid="claim-card"]')].map(text),
       facts: [...facts.querySelectorAll('[data-testid="claim-card"]')].map(text),
       flagged: [...panel.querySelectorAll('[data-testid="claim-card"]')]
         .filter((c) => c.querySelector('[data-testid="claim-finding"][data-kind="figure-contradicts"]'))
         .map(text),
       count: panel.querySelector('[data-testid="claim-count"]').textContent,
     };`,
  );
  assert.ok(panel.factsFirst, "Facts to check come before Timing");
  assert.equal(panel.timingOpen, false, "Timing starts folded");
  assert.deepEqual(panel.timing, ["on Thursday"]);
  assert.ok(panel.facts.includes("120") && panel.facts.includes("At least 73 people"), panel.facts.join(" | "));
  assert.deepEqual(panel.flagged.sort(), ["120", "At least 73 people"]);
  assert.equal(panel.count, `${panel.facts.length} open of ${panel.facts.length + panel.timing.length}`);
  await save("claim-panel-contradiction.png");
  // Further down the panel: Timing folded after the facts.
  await session.execute(`document.querySelector('[data-testid="timing-group"]').scrollIntoView({ block: "end" });`);
  await save("claim-panel-grouped.png");
  // Unfolded, the timing claim shows; the panel stays in order.
  await session.execute(`document.querySelector('[data-testid="timing-group"] > summary').click();`);
  await until("the timing group opens", () =>
    session.execute(`return document.querySelector('[data-testid="timing-group"]').open;`),
  );
  await session.execute(`document.querySelector('[data-testid="timing-group"]').scrollIntoView({ block: "end" });`);
  await save("claim-panel-timing-open.png");
});
