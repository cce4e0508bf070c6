// A minimal W3C WebDriver client over fetch, enough to drive the Wiredesk
// window through tauri-driver (which forwards to WebKitWebDriver).
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const LOGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../target/e2e");

const ELEMENT = "element-6066-11e4-a07c-4df0c06bdc3e";

/** A free TCP port on the loopback interface. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts tauri-driver with `env` for the app it launches. The app gets
 *  data, config and cache folders of its own (its web storage and window
 *  state), kept across sessions of this driver and removed by `stop`. */
export async function startDriver(env) {
  const home = mkdtempSync(path.join(tmpdir(), "wiredesk-e2e-home-"));
  env = {
    XDG_DATA_HOME: path.join(home, "data"),
    XDG_CONFIG_HOME: path.join(home, "config"),
    XDG_CACHE_HOME: path.join(home, "cache"),
    ...env,
  };
  const port = await freePort();
  const nativePort = await freePort();
  // The driver's output goes to a file, not to the test runner's pipe: an
  // app left running would hold that pipe open and the runner would wait for
  // it forever. Its own process group lets `stop` end the app with it.
  mkdirSync(LOGS, { recursive: true });
  const log = openSync(path.join(LOGS, "tauri-driver.log"), "a");
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
    detached: true,
  });
  closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
    try {
      const res = await fetch(`${base}/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("tauri-driver did not start within 30 s");
    await sleep(200);
  }
  const stop = () => {
    try {
      process.kill(-driver.pid, "SIGTERM"); // the driver and what it launched
    } catch {
      driver.kill();
    }
    rmSync(home, { recursive: true, force: true });
  };
  return { base, stop, configHome: env.XDG_CONFIG_HOME };
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, application) {
    const res = await request(`${base}/session`, "POST", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body, timeoutMs = 30_000) {
    return request(`${this.base}/session/${this.id}${path}`, method, body, timeoutMs);
  }

  async findAll(css) {
    const found = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => e[ELEMENT] ?? e.ELEMENT ?? Object.values(e)[0]);
  }

  /** Polls until `css` matches at least `min` elements. */
  async waitFor(css, min = 1, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.findAll(css);
      if (found.length >= min) return found;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${min} × ${css} (found ${found.length})`);
      }
      await sleep(150);
    }
  }

  text(element) {
    return this.cmd("GET", `/element/${element}/text`);
  }

  click(element) {
    return this.cmd("POST", `/element/${element}/click`, {});
  }

  type(element, text) {
    return this.cmd("POST", `/element/${element}/value`, { text });
  }

  property(element, name) {
    return this.cmd("GET", `/element/${element}/property/${name}`);
  }

  /** A PNG of the window. WebKitWebDriver answers a screenshot request on
   *  the next paint, so harmless repaints are scheduled for the next ten
   *  seconds, on the page and on any open modal dialog (which paints in its
   *  own layer). */
  async screenshot() {
    await this.cmd("POST", "/execute/sync", {
      script:
        "const targets = [document.documentElement, ...document.querySelectorAll('dialog[open]')]; let n = 0;" +
        " const t = setInterval(() => { for (const el of targets) { const s = el.style;" +
        " s.outline = s.outline === '1px solid transparent' ? '2px solid transparent' : '1px solid transparent'; }" +
        " if (++n >= 100) { clearInterval(t); for (const el of targets) el.style.outline = ''; } }, 100); return true;",
      args: [],
    });
    return Buffer.from(await this.cmd("GET", "/screenshot", undefined, 30_000), "base64");
  }

  /** Types `text` into whatever has focus, as key presses (no refocusing, so the caret stays).
   *  `modifier` (e.g. "\uE009" for Control) is held down throughout. */
  async keys(text, modifier = null) {
    const actions = [];
    if (modifier) actions.push({ type: "keyDown", value: modifier });
    for (const ch of text) actions.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
    if (modifier) actions.push({ type: "keyUp", value: modifier });
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions", undefined);
  }

  /** Runs `script` in the page (its last argument is the callback to call with the result). */
  executeAsync(script, args = [], timeoutMs = 60_000) {
    return this.cmd("POST", "/execute/async", { script, args }, timeoutMs);
  }

  /** Runs `script` in the page and returns its result. */
  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Clicks the element at `css`, scrolled into view first as a person
   *  would (a click through the page reaches elements in scrolled panels). */
  async press(css) {
    const ok = await this.execute(
      `const node = document.querySelector(arguments[0]);
       if (!node) return false;
       node.scrollIntoView({ block: "center" });
       node.click();
       return true;`,
      [css],
    );
    if (!ok) throw new Error(`nothing to click at ${css}`);
  }

  /** Puts `value` into the input, textarea or select at `css`, as typing or choosing would. */
  async fill(css, value) {
    const ok = await this.execute(
      `const input = document.querySelector(arguments[0]);
       if (!input) return false;
       input.scrollIntoView({ block: "center" });
       input.focus();
       input.value = arguments[1];
       input.dispatchEvent(new Event("input", { bubbles: true }));
       input.dispatchEvent(new Event("change", { bubbles: true }));
       return true;`,
      [css, value],
    );
    if (!ok) throw new Error(`nothing to fill at ${css}`);
  }

  /** The text content of the first element at `css` ("" when there is none). */
  textOf(css) {
    return this.execute(`return document.querySelector(arguments[0])?.textContent ?? "";`, [css]);
  }

  /** Selects `text` (its first occurrence) in the story editor's body. */
  async selectInStory(text) {
    const ok = await this.execute(
      `const want = arguments[0];
       const body = document.querySelector('[data-testid="story-body"]');
       const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
       let all = "", nodes = [];
       while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
       const at = all.indexOf(want);
       if (at < 0) return false;
       const locate = (offset) => {
         for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
       };
       const [sn, so] = locate(at), [en, eo] = locate(at + want.length);
       body.closest('[contenteditable="true"]').focus();
       const range = document.createRange();
       range.setStart(sn, so); range.setEnd(en, eo);
       // The browser's own selectionchange reaches the editor's listener
       // (added first) before this one.
       window.__selectionSeen = false;
       const seen = (event) => {
         if (!event.isTrusted) return;
         window.__selectionSeen = true;
         document.removeEventListener("selectionchange", seen);
       };
       document.addEventListener("selectionchange", seen);
       const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
       document.dispatchEvent(new Event("selectionchange"));
       return true;`,
      [text],
    );
    if (!ok) throw new Error(`"${text}" is not in the story body`);
    // The editor has read the selection once the browser's selectionchange
    // has reached it and the selection is still the text.
    await until(`the editor reads the selection of "${text}"`, () =>
      this.execute(
        `return window.__selectionSeen === true && window.getSelection().toString() === arguments[0];`,
        [text],
      ),
    );
  }

  close() {
    return this.cmd("DELETE", "", undefined);
  }
}

/** Polls `check` until it returns something truthy, and returns that. */
export async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(150);
  }
}

async function request(url, method, body, timeoutMs = 60_000) {
  const res = await fetch(url, {
    method,
    signal: AbortSignal.timeout(timeoutMs),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}
