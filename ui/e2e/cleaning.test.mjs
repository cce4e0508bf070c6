// What cleaning removed, end to end in the real app: made-up web copy with
// page furniture (a navigation line, a photo caption, a share line) is
// ingested through the CLI; the story's header counts the passages cleaning
// removed; the cleaning view shows them struck through where they stood,
// each with its rule; the caption is restored and the story's text (and
// its claims) now hold it. Screenshots go to target/e2e/.
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

const NAVIGATION = "Home | World | Business | Sport";
const CAPTION =
  "Rescue workers carry a resident through floodwater in Leeds, where about 1,200 people were evacuated, on Monday. REUTERS/Jane Roe";
const SHARE = "Share this article";
const FLOOD = [
  NAVIGATION,
  "Flooding closes roads across northern England",
  "LONDON (Reuters) - Heavy rain closed 40 roads and a main rail line across northern England, officials said on Monday.",
  CAPTION,
  "The Environment Agency issued 30 flood warnings and said more rain was expected on Tuesday.",
  SHARE,
  "Schools in three counties will stay closed until Wednesday, the regional council said.",
  "(Reporting by Ann Writer; Editing by Bob Desk)",
].join("\n\n");
const BRIDGE =
  "Council approves new bridge over the river\n\n" +
  "New Delhi [India], March 3 (ANI): The city council on Tuesday approved a new bridge across the river, officials said.\n\n" +
  "The bridge will cost 2 billion rupees and open in 2027, the council said. (ANI)\n";
const FERRY =
  "Ferries resume after the storm\n\nHARBOURTON (Meridian Wire) - Ferries to the islands ran again on Monday, the operator said.\n";

let driver;
let session;
let work;
let storyId;
let bridgeId;

before(async () => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(cli), `CLI binary missing at ${cli}: build it first`);
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-cleaning-"));
  const db = path.join(work, "library.sqlite");
  writeFileSync(path.join(work, "flood.txt"), FLOOD);
  writeFileSync(path.join(work, "ferry.txt"), FERRY);
  writeFileSync(path.join(work, "bridge.txt"), BRIDGE);
  const files = ["flood.txt", "ferry.txt", "bridge.txt"].map((f) => path.join(work, f));
  const reports = JSON.parse(execFileSync(cli, ["--db", db, "ingest", ...files, "--json"], { encoding: "utf8" }));
  storyId = reports.find((r) => r.file.endsWith("flood.txt")).story_id;
  bridgeId = reports.find((r) => r.file.endsWith("bridge.txt")).story_id;
  driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e" });
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

/** The removed passages the cleaning view shows: id, text, rule, restored. */
function passages() {
  return session.execute(`
    return [...document.querySelectorAll('[data-testid="cleaning-view"] [data-testid="removed-passage"]')].map((p) => ({
      id: p.dataset.passageId,
      text: p.querySelector(".removed-text").textContent,
      struck: p.querySelector("del") !== null,
      rule: p.querySelector('[data-testid="removed-rule"]').textContent,
      restored: p.dataset.restored === "true",
      restore: p.querySelector('[data-testid="restore-passage"]') !== null,
    }));`);
}

test("a story with furniture says how many passages cleaning removed", async () => {
  // Found as it is clicked: the live inbox may draw its rows again meanwhile.
  await session.press(`[data-testid="inbox-row"][data-story-id="${storyId}"]`);
  await until("the flood story is open", async () =>
    (await session.textOf('[data-testid="story-headline"]')).startsWith("Flooding closes roads"),
  );
  const label = await until("the header counts what cleaning removed", async () => {
    const text = await session.textOf('[data-testid="cleaning-button"]');
    return /^Cleaned: \d+ passages removed$/.test(text) && text;
  });
  const body = await session.textOf('[data-testid="story-body"]');
  for (const furniture of [NAVIGATION, CAPTION, SHARE]) assert.ok(!body.includes(furniture), `${furniture} was cleaned away`);
  assert.ok(Number(label.match(/\d+/)[0]) >= 3, label);
});

test("the cleaning view shows each removed passage in place, struck through, with its rule", async () => {
  await session.press('[data-testid="cleaning-button"]');
  await session.waitFor('[data-testid="cleaning-view"][open] [data-testid="removed-passage"]', 3);
  const shown = await passages();
  const byText = (text) => shown.find((p) => p.text === text);
  for (const text of [NAVIGATION, CAPTION, SHARE]) {
    const p = byText(text);
    assert.ok(p, `${text} is listed: ${JSON.stringify(shown)}`);
    assert.ok(p.struck && p.restore && !p.restored, JSON.stringify(p));
    assert.ok(p.rule.length > 0);
  }
  assert.match(byText(CAPTION).rule, /^photo-caption/);
  // In place: the caption between the lead and the warnings paragraph.
  const order = await session.execute(`
    return [...document.querySelector('[data-testid="cleaning-copy"]').children].map((c) =>
      c.dataset.testid === "removed-passage" ? "removed:" + c.querySelector(".removed-text").textContent : c.textContent.slice(0, 12));`);
  const at = order.indexOf(`removed:${CAPTION}`);
  assert.ok(at > 0, JSON.stringify(order));
  assert.equal(order[at - 1], "LONDON (Reut");
  assert.equal(order[at + 1], "The Environm");
  assert.equal(order.indexOf(`removed:${NAVIGATION}`), 0, JSON.stringify(order));
});

test("restoring the caption saves a revision: the story's text and claims hold it", async () => {
  const caption = (await passages()).find((p) => p.text === CAPTION);
  await session.press(`[data-testid="restore-passage"][data-passage-id="${caption.id}"]`);
  await until("the view says the passage is back", async () =>
    /^Restored passage \d+ as revision \d+\./.test(await session.textOf('[data-testid="cleaning-summary"]')),
  );
  const after = await passages();
  const restored = after.find((p) => p.text === CAPTION);
  assert.ok(restored.restored && !restored.struck && !restored.restore, JSON.stringify(restored));
  assert.ok(after.filter((p) => p.text !== CAPTION).every((p) => !p.restored));
  await shot("cleaning-view.png");

  await session.press('[data-testid="cleaning-close"]');
  const body = await until("the editor shows the restored caption", async () => {
    const text = await session.textOf('[data-testid="story-body"]');
    return text.includes(CAPTION) && text;
  });
  assert.ok(body.indexOf(CAPTION) > body.indexOf("officials said on Monday."));
  assert.ok(body.indexOf(CAPTION) < body.indexOf("The Environment Agency"));
  await until("the figure in it is a claim", async () =>
    session.execute(
      `return [...document.querySelectorAll('[data-testid="claim-mark"]')].some((m) => m.textContent.includes("1,200 people"));`,
    ),
  );
  // The agency sent it: nothing in it is flagged as unbacked by the wire copy.
  const flagged = await session.execute(
    `return [...document.querySelectorAll('[data-testid="integrity-mark"], [data-testid="integrity-finding"]')].map((m) => m.textContent);`,
  );
  assert.deepEqual(flagged, []);
  assert.match(await session.textOf('[data-testid="cleaning-button"]'), /\(1 restored\)$/);
  await shot("cleaning-restored.png");

  // The history shows the restore as an edit with its note.
  await session.press('[data-testid="history-button"]');
  const [newest] = await session.waitFor('[data-testid="history-entry"]', 2);
  assert.match(await session.text(newest), /Restored a passage removed by cleaning \(rule: photo-caption\)/);
  await session.press('[data-testid="history-close"]');
});

test("a passage cut from inside a paragraph shows inside it, and goes back there", async () => {
  await session.press(`[data-testid="inbox-row"][data-story-id="${bridgeId}"]`);
  await until("the bridge story is open", async () =>
    (await session.textOf('[data-testid="story-headline"]')).startsWith("Council approves"),
  );
  await until("its header counts the cut", async () =>
    /^Cleaned: 1 passage removed$/.test(await session.textOf('[data-testid="cleaning-button"]')),
  );
  await session.press('[data-testid="cleaning-button"]');
  await session.waitFor('[data-testid="cleaning-view"][open] [data-testid="removed-passage"]');
  const inside = await session.execute(`
    const p = document.querySelector('[data-testid="cleaning-view"] [data-testid="removed-passage"]');
    return { text: p.querySelector("del").textContent, paragraph: p.closest("p")?.textContent ?? null };`);
  assert.equal(inside.text, "(ANI)");
  assert.ok(inside.paragraph?.startsWith("The bridge will cost 2 billion rupees and open in 2027, the council said.(ANI)"), inside.paragraph);
  await shot("cleaning-inline.png");
  await session.press('[data-testid="restore-passage"]');
  await until("the view says the passage is back", async () =>
    /^Restored passage 1/.test(await session.textOf('[data-testid="cleaning-summary"]')),
  );
  await session.press('[data-testid="cleaning-close"]');
  await until("the paragraph ends with the credit again", async () =>
    (await session.textOf('[data-testid="story-body"]')).includes("the council said. (ANI)"),
  );
});
