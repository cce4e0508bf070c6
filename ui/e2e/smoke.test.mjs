// End to end in the real app: tauri-driver + WebKitWebDriver drive the built
// Wiredesk binary on a fresh temporary library, which the app fills with its
// sample stories. Screenshots go to target/e2e/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const application = process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
const shots = path.join(repo, "target/e2e");

let driver;
let session;
let libraryDir;
let dropDir;

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  mkdirSync(shots, { recursive: true });
  libraryDir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-"));
  dropDir = path.join(libraryDir, "drop");
  mkdirSync(dropDir);
  driver = await startDriver({
    WIREDESK_DB: path.join(libraryDir, "library.sqlite"),
    WIREDESK_USER: "e2e",
    WIREDESK_DROP_FOLDER: dropDir,
  });
  session = await Session.create(driver.base, application);
  // Under Xvfb no window manager focuses the window: click it first, as a user would.
  const [brand] = await session.waitFor('[data-testid="brand"]');
  await session.click(brand);
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

test("the inbox lists the sample stories, newest first", async () => {
  const rows = await session.waitFor('[data-testid="inbox-row"]', 6);
  assert.equal(rows.length, 6);
  const headlines = [];
  for (const row of await session.findAll('[data-testid="inbox-headline"]')) {
    headlines.push(await session.text(row));
  }
  assert.ok(headlines.includes("Dockworkers at Port Halvard walk out over automation plan"), headlines.join(" | "));
  assert.ok(headlines.includes("Magnitude 6.1 quake shakes northern Carrano, at least 9 dead"));
  const sources = await session.findAll('[data-testid="inbox-source"]');
  for (const source of sources) {
    assert.match(await session.text(source), /^(meridian wire|baltic newsline)$/i);
  }
  const status = await session.text((await session.findAll('[data-testid="status"]'))[0]);
  assert.equal(status, "6 stories");
  await save("inbox.png");
});

test("clicking a story shows its headline and body as text", async () => {
  const rows = await session.findAll('[data-testid="inbox-row"]');
  let target;
  for (const row of rows) {
    if ((await session.text(row)).includes("Dockworkers at Port Halvard")) target = row;
  }
  assert.ok(target, "the port strike story is in the inbox");
  await session.click(target);
  const [body] = await session.waitFor('[data-testid="story-body"]');
  const text = await session.text(body);
  assert.match(text, /About 2,300 dockworkers at Port Halvard/);
  assert.match(text, /"Nobody asked the people who actually move the boxes,"/);
  const [headline] = await session.findAll('[data-testid="story-headline"]');
  assert.equal(await session.text(headline), "Dockworkers at Port Halvard walk out over automation plan");
  const [credit] = await session.findAll('[data-testid="story-credit"]');
  assert.equal(await session.text(credit), "(Reporting by Anna Lindqvist; Editing by Paul Okafor)");
  await save("story.png");
});

test("search narrows the inbox to matching stories", async () => {
  const [input] = await session.findAll('[data-testid="search-input"]');
  await session.type(input, "Carrano");
  const deadline = Date.now() + 10_000;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await session.findAll('[data-testid="inbox-row"]');
    if (rows.length === 1) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.equal(rows.length, 1);
  assert.match(await session.text(rows[0]), /Magnitude 6\.1 quake/);
  const snippet = await session.findAll('[data-testid="search-snippet"] mark');
  assert.ok(snippet.length >= 1, "the match is highlighted");
  await save("search.png");
});

async function waitForText(selector, pattern, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const found = await session.findAll(selector);
    for (const node of found) {
      // The inbox re-renders as stories land: a node found may be gone.
      last = await session.text(node).catch(() => "");
      if (pattern.test(last)) return node;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`no ${selector} matching ${pattern} (last: ${last})`);
}

test("copy saved into the drop folder lands in the inbox, with progress and errors shown", async () => {
  // Back to the whole inbox after the search test.
  const [input] = await session.findAll('[data-testid="search-input"]');
  await session.type(input, "\uE00C"); // Escape clears the search

  await waitForText('[data-testid="status"]', /^6 stories$/);
  writeFileSync(
    path.join(dropDir, "harbour.txt"),
    "Harbour ferries halted as gales batter the coast\n\n" +
      "PORT HALVARD (Meridian Wire) - Ferry crossings from Port Halvard were halted on Thursday " +
      "as gales of up to 110 km/h battered the coast, the harbour authority said.\n",
  );
  writeFileSync(path.join(dropDir, "broken.xml"), '<?xml version="1.0"?><nitf><head><title>Cut off');
  await waitForText('[data-testid="inbox-headline"]', /^Harbour ferries halted as gales batter the coast$/);
  const label = await waitForText('[data-testid="ingest-progress-label"]', /^Drop folder: /);
  assert.match(await session.text(label), /1 new/);
  assert.match(await session.text(label), /1 error/);
  const [errors] = await session.findAll('[data-testid="ingest-errors"]');
  assert.match(await session.text(errors), /broken\.xml/);
  await save("drop-folder.png");
});

test("the preferences show the watched drop folder", async () => {
  const [button] = await session.findAll('[data-testid="preferences-button"]');
  await session.click(button);
  await waitForText('[data-testid="drop-folder-state"]', new RegExp(`^Watching ${dropDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  const [shown] = await session.findAll('[data-testid="drop-folder-path"]');
  assert.equal(await session.text(shown), dropDir);
  await save("preferences.png");
  const [close] = await session.findAll('[data-testid="preferences-close"]');
  await session.click(close);
});

test("? shows every keyboard shortcut", async () => {
  const [brand] = await session.findAll('[data-testid="brand"]');
  await session.click(brand);
  await session.keys("?");
  const deadline = Date.now() + 10_000;
  let open = false;
  while (!open && Date.now() < deadline) {
    open = await session.execute("return document.querySelector('[data-testid=\"shortcuts\"]').open;");
    if (!open) await new Promise((r) => setTimeout(r, 150));
  }
  assert.ok(open, "the shortcut overlay opened");
  const [overlay] = await session.findAll('[data-testid="shortcuts"]');
  const text = await session.text(overlay);
  for (const key of ["Ctrl+S", "Ctrl+Shift+M", "Enter"]) assert.ok(text.includes(key), text);
  await save("shortcuts.png");
  const [close] = await session.findAll('[data-testid="shortcuts-close"]');
  await session.click(close);
});
