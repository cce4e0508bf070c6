// The library cannot be opened: the app starts all the same and its window
// says why, in plain words, and offers a way on. Each case is a real broken
// file made here; each offer is taken at least once and leads into the desk
// (another library, a new one, a backup restored, trying again) or shows
// the health check's findings. A screenshot of each case goes to target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver, until } from "./webdriver.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const application = process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
const cli = process.env.WIREDESK_CLI ?? path.join(repo, "target/debug/wiredesk");
const shots = path.join(repo, "target/e2e");
const samples = path.join(repo, "src-tauri/core/samples");

let dir;
let good;
let backup;

function wiredesk(db, ...args) {
  return execFileSync(cli, ["--db", db, ...args], { env: { ...process.env, WIREDESK_USER: "e2e" } }).toString();
}

before(() => {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(cli), `CLI binary missing at ${cli}: build it first (cargo build -p wiredesk-cli)`);
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-openfail-"));
  good = path.join(dir, "good.sqlite");
  const files = readdirSync(samples).map((f) => path.join(samples, f));
  wiredesk(good, "ingest", ...files);
  backup = path.join(dir, "backup.sqlite");
  wiredesk(good, "backup", "--out", backup);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The app started on the library `db`, with the dialogs' test hooks in `env`. */
async function launch(db, env = {}) {
  const driver = await startDriver({ WIREDESK_DB: db, WIREDESK_USER: "e2e", ...env });
  const session = await Session.create(driver.base, application).catch((err) => {
    driver.stop();
    throw err;
  });
  return {
    session,
    async close() {
      await session.close().catch(() => {});
      driver.stop();
    },
  };
}

/** Waits for the window that explains, and returns its reason text. */
async function failureShown(session, timeoutMs = 20_000) {
  await session.waitFor('[data-testid="open-failure-reason"]', 1, timeoutMs);
  // Under Xvfb no window manager focuses the window: click it, as a person would.
  const [brand] = await session.findAll('[data-testid="brand"]');
  await session.click(brand);
  return session.textOf('[data-testid="open-failure-reason"]');
}

async function offerState(session, name) {
  return session.execute(
    `const b = document.querySelector('[data-testid="offer-' + arguments[0] + '"]');
     return b ? { disabled: b.disabled, note: document.querySelector('[data-testid="offer-' + arguments[0] + '-note"]').textContent } : null;`,
    [name],
  );
}

/** The desk with its inbox: the rows' headlines. */
async function deskShown(session, rows = 6) {
  await session.waitFor('[data-testid="inbox-row"]', rows, 20_000);
  assert.equal((await session.findAll('[data-testid="open-failure"]')).length, 0, "the window gave way to the desk");
  return until("the status line counts the stories", async () => {
    const status = await session.textOf('[data-testid="status"]');
    return /stories/.test(status) && status;
  });
}

async function save(session, name) {
  const png = await session.screenshot();
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  writeFileSync(path.join(shots, name), png);
}

test("not a Wiredesk library: said by name; another library opens into the desk", async () => {
  const noise = path.join(dir, "noise.sqlite");
  const bytes = Buffer.alloc(8192);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 13;
  writeFileSync(noise, bytes);
  const app = await launch(noise, { WIREDESK_TEST_PICK_LIBRARY: good });
  try {
    const reason = await failureShown(app.session);
    assert.match(reason, /noise\.sqlite is not a Wiredesk library/);
    assert.ok((reason.match(/file is not a database/g) ?? []).length <= 1, reason);
    const health = await offerState(app.session, "health");
    assert.equal(health.disabled, true);
    assert.match(health.note, /nothing in it for the health check/);
    await save(app.session, "open-failure-not-wiredesk.png");
    await app.session.press('[data-testid="offer-open"]');
    assert.equal(await deskShown(app.session), "6 stories");
    assert.deepEqual(readFileSync(noise), bytes, "the file is left as it was");
  } finally {
    await app.close();
  }
});

test("damaged: the health check lists what is wrong; a backup restored opens into the desk", async () => {
  const cut = path.join(dir, "cut.sqlite");
  copyFileSync(good, cut);
  truncateSync(cut, statSync(cut).size - 4096);
  const cutSize = statSync(cut).size;
  const app = await launch(cut, { WIREDESK_TEST_PICK_BACKUP: backup });
  try {
    const reason = await failureShown(app.session);
    assert.match(reason, /The Wiredesk library .*cut\.sqlite is damaged/);
    await app.session.press('[data-testid="offer-health"]');
    await app.session.waitFor('[data-testid="health-report"]');
    // How many problems depends on which pages the cut took (the schema's layout).
    assert.match(
      await app.session.textOf('[data-testid="health-check"][data-name="integrity"] .health-check-name'),
      /^integrity: [1-9]\d* problems?$/,
    );
    assert.match(await app.session.textOf('[data-testid="health-problem"]'), /invalid page number/);
    await save(app.session, "open-failure-damaged.png");
    await app.session.press('[data-testid="offer-restore"]');
    assert.equal(await deskShown(app.session), "6 stories");
    const kept = readdirSync(dir).filter((f) => f.startsWith("cut.sqlite.before-restore-"));
    assert.equal(kept.length, 1, "the damaged file is kept beside the library");
    assert.equal(statSync(path.join(dir, kept[0])).size, cutSize, "kept as it was");
  } finally {
    await app.close();
  }
});

test("from a newer Wiredesk: no going back to a backup; a new library opens into the desk", async () => {
  const newer = path.join(dir, "newer.sqlite");
  copyFileSync(good, newer);
  // The schema version SQLite keeps at byte 60 of the header (user_version).
  const header = readFileSync(newer);
  header.writeUInt32BE(9999, 60);
  writeFileSync(newer, header);
  const saveDir = path.join(dir, "new");
  mkdirSync(saveDir);
  const app = await launch(newer, { WIREDESK_TEST_SAVE_DIR: saveDir });
  try {
    const reason = await failureShown(app.session);
    assert.match(reason, /newer\.sqlite was written by a newer Wiredesk \(schema version 9999/);
    const restore = await offerState(app.session, "restore");
    assert.equal(restore.disabled, true);
    assert.match(restore.note, /upgrade Wiredesk/);
    await save(app.session, "open-failure-newer.png");
    await app.session.press('[data-testid="offer-create"]');
    assert.equal(await deskShown(app.session), "6 stories");
    assert.ok(existsSync(path.join(saveDir, "library.sqlite")), "the new library is where the dialog said");
  } finally {
    await app.close();
  }
});

test("locked by another program: said so; once let go, trying again opens into the desk", async (t) => {
  let holder;
  try {
    holder = spawn("sqlite3", [path.join(dir, "good.sqlite")], { stdio: ["pipe", "pipe", "ignore"] });
    await once(holder, "spawn");
  } catch {
    t.skip("the sqlite3 command is not installed: nothing to hold the lock");
    return;
  }
  let heard = "";
  holder.stdout.on("data", (chunk) => (heard += chunk));
  holder.stdin.write("PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT 'held';\n");
  await until("the other program holds the lock", () => heard.includes("held"));
  const app = await launch(good);
  try {
    // Wiredesk waits for a lock as long as a writer might hold it (10 s);
    // the window shows meanwhile, saying what it is doing.
    await app.session.waitFor('[data-testid="opening"]', 1, 8_000);
    const reason = await failureShown(app.session, 40_000);
    assert.match(reason, /good\.sqlite is locked by another program/);
    assert.equal((await offerState(app.session, "health")).disabled, true);
    await save(app.session, "open-failure-locked.png");
    holder.stdin.end();
    await once(holder, "exit");
    await app.session.press('[data-testid="offer-retry"]');
    assert.equal(await deskShown(app.session), "6 stories");
  } finally {
    holder.kill();
    await app.close();
  }
});

test("on a drive that is not connected: said so, and no folder is made in its place", async () => {
  const drive = path.join(dir, "usb-drive");
  const app = await launch(path.join(drive, "desk", "library.sqlite"));
  try {
    const reason = await failureShown(app.session);
    assert.match(reason, /library\.sqlite cannot be found: its folder .*usb-drive\/desk does not exist/);
    for (const name of ["restore", "health"]) {
      assert.equal((await offerState(app.session, name)).disabled, true, name);
    }
    await save(app.session, "open-failure-missing.png");
    assert.equal(existsSync(drive), false);
  } finally {
    await app.close();
  }
});
