// What the end-to-end tests of the app on a team library share: where the
// binaries and the corpus are, the CLI pointed at a library, and the app
// opened on a fresh team library holding one wire story.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Session, startDriver } from "./webdriver.mjs";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const application =
  process.env.WIREDESK_APP ?? path.join(repo, "target/debug/wiredesk-app");
export const cli = process.env.WIREDESK_CLI ?? path.join(repo, "target/debug/wiredesk");
const corpus = process.env.WIREDESK_CORPUS ?? path.join(repo, "../shared/corpus");
export const firstTake = path.join(corpus, "stories/040-a.txt");
export const shots = path.join(repo, "target/e2e");
export const CONTROL = "\uE009";

/** `address` with its database replaced by `name`. */
export function withDatabase(address, name) {
  const at = new URL(address);
  at.pathname = `/${name}`;
  return at.toString();
}

/** Runs the CLI on the library at `url`; what it prints. */
export function wiredeskOn(url, ...args) {
  const env = { ...process.env, WIREDESK_USER: "e2e" };
  delete env.WIREDESK_DB;
  return execFileSync(cli, ["--db", url, ...args], { encoding: "utf8", env });
}

/** Makes the empty database at `url` a Wiredesk library with the first
 * take ingested, then opens the app on it: the story's id, the driver and
 * the WebDriver session. */
export async function appOnTeamLibrary(url) {
  assert.ok(existsSync(application), `app binary missing at ${application}: build it first`);
  assert.ok(existsSync(cli), `CLI binary missing at ${cli}: build it first`);
  assert.ok(existsSync(firstTake), `missing ${firstTake}`);
  mkdirSync(shots, { recursive: true });
  wiredeskOn(url, "library", "init");
  const ingested = JSON.parse(wiredeskOn(url, "ingest", firstTake, "--json"));
  assert.equal(ingested[0]?.status, "new", JSON.stringify(ingested));
  const driver = await startDriver({ WIREDESK_DB: url, WIREDESK_USER: "e2e" });
  const session = await Session.create(driver.base, application);
  return { storyId: ingested[0].story_id, driver, session };
}
