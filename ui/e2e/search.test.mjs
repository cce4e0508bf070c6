// Search that cannot hang, end to end in the real app: a library of a few
// hundred made-up stories (loaded with the CLI before the app opens it),
// the red-team pass's pathological queries typed or pasted into the search
// box, the message each gets, and a normal search answering right after.
// Screenshots go to target/e2e/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The debug build, in Cargo's target folder ($CARGO_TARGET_DIR when set).
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(repo, "target");
const application = process.env.WIREDESK_APP ?? path.join(targetDir, "debug/wiredesk-app");
const cli = process.env.WIREDESK_CLI ?? path.join(targetDir, "debug/wiredesk");
const shots = path.join(repo, "target/e2e");

const STORIES = 250;
const SHORT_PREFIX = "a word ending in * needs at least 2 letters before the *: “a*” has fewer";

let driver;
let session;
let libraryDir;

/** A made-up story of its own for each `n`, with "the" and "a" in it. */
function madeUpStory(n) {
  const syllables = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "an", "ar", "ba", "ro"];
  let state = n * 7919 + 17;
  const next = (m) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % m;
  };
  const word = () => Array.from({ length: 2 + next(3) }, () => syllables[next(syllables.length)]).join("");
  const headline = Array.from({ length: 5 }, word).join(" ");
  const body = Array.from({ length: 60 }, (_, i) => (i % 7 === 2 ? "the" : i % 7 === 5 ? "a" : word())).join(" ");
  return `Report ${n}: ${headline}\n\nIn report ${n}, ${body}, a spokesman for the council said on Monday.\n`;
}

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(cli), `CLI binary missing at ${cli}: build it first`);
  mkdirSync(shots, { recursive: true });
  libraryDir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-search-"));
  const copy = path.join(libraryDir, "copy");
  mkdirSync(copy);
  for (let n = 0; n < STORIES; n++) writeFileSync(path.join(copy, `story-${n}.txt`), madeUpStory(n));
  writeFileSync(
    path.join(copy, "cjk.txt"),
    "港口新闻：渡轮恢复\n\nHARBOURTON, March 3 (Meridian Wire) - 市长在周一说：你好世界，渡轮服务已经恢复。The ferry ran again.\n",
  );
  const db = path.join(libraryDir, "library.sqlite");
  execFileSync(cli, ["--db", db, "ingest", copy], { env: { ...process.env, WIREDESK_USER: "e2e" }, stdio: "ignore" });
  driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e" });
  session = await Session.create(driver.base, application);
  // Under Xvfb no window manager focuses the window: click it first, as a user would.
  const [brand] = await session.waitFor('[data-testid="brand"]');
  await session.click(brand);
  await session.waitFor('[data-testid="inbox-row"]');
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
});

async function save(name) {
  const png = await session.screenshot();
  assert.ok(png.subarray(1, 4).toString() === "PNG", "screenshot is a PNG");
  writeFileSync(path.join(shots, name), png);
}

/** Waits until the status line reads `expected`; returns whether it shows an error. */
async function statusBecomes(expected, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = await session.textOf('[data-testid="status"]');
    if (last === expected) {
      return session.execute(`return document.querySelector('[data-testid="status"]').classList.contains("error");`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the status never read “${expected}” (last: “${last}”)`);
}

async function rowCount() {
  return (await session.findAll('[data-testid="inbox-row"]')).length;
}

/** A normal search answers normally: one story, its status line. */
async function normalSearchAnswers(n) {
  await session.fill('[data-testid="search-input"]', `report ${n}`);
  assert.equal(await statusBecomes(`1 match for “report ${n}”`), false);
  assert.equal(await rowCount(), 1);
  const [headline] = await session.findAll('[data-testid="inbox-headline"]');
  assert.match(await session.text(headline), new RegExp(`^Report ${n}:`));
}

const repeated = (word, times) => Array(times).fill(word).join(" ");

test("50 × a* typed into the search box gets the limit's message, and the next search answers", async () => {
  const [input] = await session.findAll('[data-testid="search-input"]');
  await session.click(input);
  await session.type(input, repeated("a*", 50));
  assert.equal(await statusBecomes(SHORT_PREFIX), true, "shown as an error");
  await save("search-limit.png");
  await normalSearchAnswers(42);
});

test("200 and 5,000 × a* and 1,000 × the pasted in get their messages, each followed by a normal search", async () => {
  const cases = [
    [repeated("a*", 200), SHORT_PREFIX],
    [repeated("a*", 5000), "a search may be at most 1000 characters long; this one has 14999"],
    [repeated("the", 1000), "a search may be at most 1000 characters long; this one has 3999"],
  ];
  let n = 7;
  for (const [query, message] of cases) {
    await session.fill('[data-testid="search-input"]', query);
    assert.equal(await statusBecomes(message), true, message);
    await normalSearchAnswers(n);
    n += 11;
  }
  await save("search-after-limit.png");
});

test("a pathological query superseded at once by a normal one leaves the normal answer", async () => {
  await session.execute(
    `const input = document.querySelector('[data-testid="search-input"]');
     for (const value of [Array(5000).fill("a*").join(" "), "report 99"]) {
       input.value = value;
       input.dispatchEvent(new Event("input", { bubbles: true }));
     }
     return true;`,
  );
  assert.equal(await statusBecomes("1 match for “report 99”"), false);
  assert.equal(await rowCount(), 1);
});

test("a word inside Chinese text is found", async () => {
  await session.fill('[data-testid="search-input"]', "你好");
  assert.equal(await statusBecomes("1 match for “你好”"), false);
  const [headline] = await session.findAll('[data-testid="inbox-headline"]');
  assert.equal(await session.text(headline), "港口新闻：渡轮恢复");
  const marks = await session.findAll('[data-testid="search-snippet"] mark');
  assert.ok(marks.length >= 1, "the word is highlighted");
  assert.equal(await session.text(marks[0]), "你好");
  await save("search-cjk.png");
});
