// Wiredesk on a library of 100,000 stories: launch to an interactive inbox,
// opening a story, and full-text search, timed inside the window. The library
// is generated once (synthetic ninjs copy through the `wiredesk` CLI) and
// kept in target/e2e/ for later runs. Figures go to the test output and to
// target/e2e/timings-100k.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const application = process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
const cli = process.env.WIREDESK_CLI ?? path.join(repo, "target/debug/wiredesk");
const shots = path.join(repo, "target/e2e");
const STORIES = 100_000;
// Bump when the generated copy or the schema changes, so an old cache is not reused.
const cached = path.join(shots, `library-100k-v2.sqlite`);

const WORDS = (
  "council harbour ferry storm budget minister river bridge troops turnout election port workers " +
  "strike grid power rail airport museum festival court hospital school water tariff export"
).split(" ");

/** A small deterministic generator, so every run builds the same library. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function buildLibrary() {
  const work = mkdtempSync(path.join(tmpdir(), "wiredesk-100k-"));
  const next = random(7);
  const word = () => WORDS[Math.floor(next() * WORDS.length)];
  // About a thousand town names, so a name search finds ~100 stories, as a desk search would.
  const SYLLABLES = ["ost", "var", "hal", "mer", "bry", "lun", "ska", "dor", "vik", "tor"];
  const town = () =>
    Array.from({ length: 3 }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join("").replace(/^./, (c) => c.toUpperCase());
  const chunk = 10_000;
  const started = Date.now();
  const db = path.join(work, "library.sqlite");
  for (let from = 0; from < STORIES; from += chunk) {
    const dir = path.join(work, `copy-${from}`);
    mkdirSync(dir);
    for (let i = from; i < from + chunk; i++) {
      const headline = `${word()} ${word()} ${word()} ${word()} report ${i}`;
      const body =
        `${town().toUpperCase()} - The ${word()} ${word()} in ${town()} said ${2 + Math.floor(next() * 900)} people were affected. ` +
        Array.from({ length: 30 }, word).join(" ") + ".";
      const item = {
        uri: `urn:synthetic:story:${i}`,
        type: "text",
        headline: headline[0].toUpperCase() + headline.slice(1),
        source: i % 3 === 0 ? "Meridian Wire" : i % 3 === 1 ? "Baltic Newsline" : "Harbour Press",
        body_text: body,
      };
      writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(item));
    }
    execFileSync(cli, ["--db", db, "ingest", dir], { stdio: ["ignore", "ignore", "inherit"] });
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`# generated ${STORIES} stories in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  renameSync(db, cached);
  rmSync(work, { recursive: true, force: true });
}

let driver;
let session;
let libraryDir;
const timings = {};

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(cli), `CLI binary missing at ${cli}: build it first`);
  mkdirSync(shots, { recursive: true });
  if (!existsSync(cached)) buildLibrary();
  libraryDir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-100k-"));
  const db = path.join(libraryDir, "library.sqlite");
  copyFileSync(cached, db);
  const tail = execFileSync(cli, ["--db", db, "list", "--offset", String(STORIES - 10), "--json"]);
  assert.equal(JSON.parse(tail).length, 10, "the library holds 100,000 stories");
  driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e" });
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
  writeFileSync(path.join(shots, "timings-100k.json"), JSON.stringify(timings, null, 2) + "\n");
  for (const [name, ms] of Object.entries(timings)) console.log(`# 100k library: ${name} ${ms} ms`);
});

test("the inbox of a 100,000-story library opens and scrolls without waiting on the table", async () => {
  const launched = Date.now();
  session = await Session.create(driver.base, application);
  await session.waitFor('[data-testid="inbox-row"]', 5, 60_000);
  timings.launch_to_inbox_via_driver = Date.now() - launched;
  timings.window_to_inbox = await session.execute(
    "const m = performance.getEntriesByName('wiredesk:inbox-ready')[0]; return m ? Math.round(m.startTime) : -1;",
  );
  const [brand] = await session.waitFor('[data-testid="brand"]');
  await session.click(brand);
  const rendered = await session.execute(
    "return document.querySelectorAll('[data-testid=\"inbox-row\"]').length;",
  );
  assert.ok(rendered > 5 && rendered < 80, `only the rows in view exist (${rendered})`);
  // Scroll far down: the next pages load and rows appear where the view is.
  const scrolled = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const list = document.querySelector('[data-testid="inbox"]');
     const before = document.querySelector('[data-testid="status"]').textContent;
     const t0 = performance.now();
     list.scrollTop = list.scrollHeight;
     const poll = () => {
       const rows = list.querySelectorAll('[data-testid="inbox-row"]').length;
       const status = document.querySelector('[data-testid="status"]').textContent;
       if (status !== before || performance.now() - t0 > 10000) {
         done({ ms: Math.round(performance.now() - t0), rows, status });
       } else requestAnimationFrame(poll);
     };
     poll();`,
  );
  assert.ok(scrolled.rows > 5 && scrolled.rows < 80, JSON.stringify(scrolled));
  timings.next_page_after_scroll = scrolled.ms;
  await save("inbox-100k.png");
});

test("opening a story and searching are timed inside the window", async () => {
  const opened = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const row = document.querySelectorAll('[data-testid="inbox-row"]')[3];
     const want = row.querySelector('[data-testid="inbox-headline"]').textContent;
     const t0 = performance.now();
     row.click();
     const poll = () => {
       const h = document.querySelector('[data-testid="story-headline"]');
       if (h && h.textContent.includes(want.slice(0, 20))) done({ ms: Math.round(performance.now() - t0) });
       else if (performance.now() - t0 > 10000) done({ ms: -1 });
       else requestAnimationFrame(poll);
     };
     poll();`,
  );
  assert.ok(opened.ms >= 0, "the story opened");
  timings.open_story = opened.ms;
  const search = (query) =>
    session.executeAsync(
      `const done = arguments[arguments.length - 1];
       const input = document.querySelector('[data-testid="search-input"]');
       const status = () => document.querySelector('[data-testid="status"]').textContent;
       const before = status();
       input.value = arguments[0];
       const t0 = performance.now();
       input.dispatchEvent(new Event("input", { bubbles: true }));
       const poll = () => {
         if (/match/.test(status()) && status() !== before) done({ ms: Math.round(performance.now() - t0), status: status() });
         else if (performance.now() - t0 > 10000) done({ ms: -1, status: status() });
         else requestAnimationFrame(poll);
       };
       poll();`,
      [query],
    );
  // The search waits 150 ms for typing to pause; the rest is the query and the render.
  const common = await search("tariff");
  assert.ok(common.ms >= 0, JSON.stringify(common));
  timings.search_common_word = common.ms - 150;
  const named = await search("Ostvarhal");
  assert.ok(named.ms >= 0, JSON.stringify(named));
  timings.search_town_name = named.ms - 150;
  const two = await search("Ostvarhal tariff");
  assert.ok(two.ms >= 0, JSON.stringify(two));
  timings.search_town_and_word = two.ms - 150;
  const snippets = await session.findAll('[data-testid="search-snippet"] mark');
  assert.ok(snippets.length > 0, "matches are highlighted");
  await save("search-100k.png");
});

async function save(name) {
  const png = await session.screenshot();
  writeFileSync(path.join(shots, name), png);
}
