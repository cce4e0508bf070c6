// The desktop app's resident memory on a library, measured the way a desk
// uses it: once the inbox shows, and again after a story is opened and 50
// searches have been typed into the search box. Run under a display and a
// session bus (benches/report.py runs it under `dbus-run-session -- xvfb-run
// -a`), with tauri-driver and WebKitWebDriver installed as for the e2e tests.
//
//   node benches/app_memory.mjs --app target/release/wiredesk-app --library DB
//
// Prints JSON: the app's own process and its web view processes, in MiB.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Session, startDriver, until } from "../ui/e2e/webdriver.mjs";

const { values } = parseArgs({
  options: {
    app: { type: "string" },
    library: { type: "string" },
    searches: { type: "string", default: "50" },
  },
});
if (!values.app || !values.library) {
  console.error("usage: node benches/app_memory.mjs --app APP --library DB [--searches N]");
  process.exit(2);
}
const searches = Number(values.searches);

// Words the generated library's stories use (src-tauri/cli/src/bench.rs),
// and words it does not: searches that find many stories, few, and none.
const WORDS = [
  "floods", "troops", "turnout", "strike", "quake", "rates", "results", "homes", "border",
  "minister", "spokesman", "emergency", "inflation", "ministry", "election", "governor",
  "union", "river", "police", "zeppelin", "harbour", "ferry", "tariff", "museum", "festival",
];

function processes() {
  const all = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      all.push({ pid: Number(name), parent });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

function rssMib(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The app this driver launched: the `wiredesk-app` process whose
 *  environment names this driver's private config folder. */
function appPid(configHome) {
  for (const { pid } of processes()) {
    try {
      if (path.basename(readlinkSync(`/proc/${pid}/exe`)) !== path.basename(values.app)) continue;
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (env.includes(`XDG_CONFIG_HOME=${configHome}`)) return pid;
    } catch {
      // not ours to read, or gone
    }
  }
  return null;
}

function memory(pid) {
  const all = processes();
  let views = 0;
  const todo = all.filter((p) => p.parent === pid).map((p) => p.pid);
  while (todo.length) {
    const child = todo.pop();
    views += rssMib(child);
    todo.push(...all.filter((p) => p.parent === child).map((p) => p.pid));
  }
  return { app_mib: Math.round(rssMib(pid) * 10) / 10, web_views_mib: Math.round(views * 10) / 10 };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const driver = await startDriver({ WIREDESK_DB: path.resolve(values.library), WIREDESK_USER: "bench" });
let session;
try {
  session = await Session.create(driver.base, path.resolve(values.app));
  await session.waitFor('[data-testid="inbox-row"]', 5, 120_000);
  const pid = await until("the app's process", () => appPid(driver.configHome));
  await sleep(3000);
  const afterOpen = memory(pid);

  await session.press('[data-testid="inbox-row"]');
  await session.waitFor('[data-testid="story-headline"]');
  let matches = 0;
  for (let n = 0; n < searches; n++) {
    const query = n < WORDS.length ? WORDS[n] : `${WORDS[n % WORDS.length]} ${WORDS[(n * 7 + 3) % WORDS.length]}`;
    await session.fill('[data-testid="search-input"]', query);
    const status = await until(
      `the answer to “${query}”`,
      async () => {
        const text = await session.textOf('[data-testid="status"]');
        return text.includes(`“${query}”`) ? text : null;
      },
      60_000,
    );
    matches += Number(status.match(/^(\d+)/)?.[1] ?? 0);
  }
  await sleep(3000);
  const afterSearches = memory(pid);
  console.log(JSON.stringify({ after_open: afterOpen, after_searches: afterSearches, searches, matches }, null, 2));
} finally {
  await session?.close().catch(() => {});
  driver.stop();
}
