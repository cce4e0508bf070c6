import { describe, expect, it } from "vitest";
import { IpcError, type HealthReport, type LibraryProblem, type LibraryState, type OpenFailure } from "./ipc";
import { healthSummary, offersFor, OpenFailureView, titleFor, type OpenFailureApi } from "./open-failure";
import { settle } from "./test-support";

function failure(problem: LibraryProblem, message = `the library /desk/library.sqlite: ${problem}`): OpenFailure {
  return { path: "/desk/library.sqlite", problem, message, detail: null };
}

const OPEN: LibraryState = { state: "open", path: "/desk/other.sqlite", seeded: 0 };

function fakeApi(answers: Partial<OpenFailureApi> = {}): OpenFailureApi & { calls: string[] } {
  const calls: string[] = [];
  const record =
    <T>(name: string, value: () => Promise<T>) =>
    () => {
      calls.push(name);
      return value();
    };
  return {
    calls,
    openOtherLibrary: record("open", answers.openOtherLibrary ?? (() => Promise.resolve(OPEN))),
    createLibrary: record("create", answers.createLibrary ?? (() => Promise.resolve(OPEN))),
    restoreLibraryBackup: record(
      "restore",
      answers.restoreLibraryBackup ?? (() => Promise.resolve({ kept_at: "/desk/library.sqlite.before-restore-x", state: OPEN })),
    ),
    checkLibraryFile: record("health", answers.checkLibraryFile ?? (() => Promise.reject(new Error("not set")))),
    retryLibrary: record("retry", answers.retryLibrary ?? (() => Promise.resolve(OPEN))),
  };
}

function mount(f: OpenFailure, api: OpenFailureApi) {
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  const opened: LibraryState[] = [];
  const view = new OpenFailureView(root, f, (state) => opened.push(state), api);
  view.show();
  const q = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
  return { root, view, opened, q };
}

describe("the offers for each problem", () => {
  const enabled = (problem: LibraryProblem) =>
    Object.fromEntries(offersFor(failure(problem)).map((o) => [o.name, o.enabled]));

  it("always offers another library and a new one", () => {
    for (const problem of ["not-wiredesk", "damaged", "newer", "locked", "read-only", "missing", "unreadable", "other"] as const) {
      expect(enabled(problem)).toMatchObject({ open: true, create: true });
      expect(titleFor(problem)).not.toBe("");
    }
  });

  it("restores and checks a damaged library", () => {
    expect(enabled("damaged")).toEqual({ open: true, create: true, restore: true, health: true });
  });

  it("explains why a backup or a check cannot help", () => {
    const offers = offersFor(failure("missing"));
    const restore = offers.find((o) => o.name === "restore");
    expect(restore?.enabled).toBe(false);
    expect(restore?.note).toMatch(/folder is not there/);
    expect(offers.find((o) => o.name === "health")?.note).toMatch(/no file to check/);
    expect(enabled("newer")).toMatchObject({ restore: false, health: true });
    expect(enabled("not-wiredesk")).toMatchObject({ restore: true, health: false });
    expect(enabled("locked")).toMatchObject({ restore: false, health: false, retry: true });
  });

  it("marks the one way on most likely to help", () => {
    const best = (problem: LibraryProblem) => offersFor(failure(problem)).filter((o) => o.recommended).map((o) => o.name);
    expect(best("damaged")).toEqual(["restore"]);
    expect(best("locked")).toEqual(["retry"]);
    expect(best("not-wiredesk")).toEqual(["open"]);
    expect(best("newer")).toEqual(["open"]);
  });

  it("names the file the restore keeps aside", () => {
    const note = offersFor(failure("damaged")).find((o) => o.name === "restore")?.note;
    expect(note).toMatch(/as library\.sqlite\.before-restore-/);
  });

  it("offers trying again only where waiting can help", () => {
    expect(enabled("locked").retry).toBe(true);
    expect(enabled("missing").retry).toBe(true);
    expect(enabled("damaged").retry).toBeUndefined();
    expect(enabled("not-wiredesk").retry).toBeUndefined();
  });
});

describe("the window", () => {
  it("shows the reason as text and a disabled offer with why", () => {
    const { q, root } = mount(failure("locked", "The library /desk/library.sqlite is <b>locked</b>"), fakeApi());
    expect(q("open-failure")?.dataset.problem).toBe("locked");
    expect(q("open-failure-reason")?.textContent).toBe("The library /desk/library.sqlite is <b>locked</b>.");
    expect(root.querySelector("b")).toBeNull();
    expect((q("offer-restore") as HTMLButtonElement).disabled).toBe(true);
    expect(q("offer-restore-note")?.textContent).toMatch(/Another program holds the file/);
    expect((q("offer-open") as HTMLButtonElement).disabled).toBe(false);
  });

  it("hands over to the desk once another library opens", async () => {
    const api = fakeApi();
    const { q, opened } = mount(failure("damaged"), api);
    q("offer-open")?.click();
    await settle();
    expect(api.calls).toEqual(["open"]);
    expect(opened).toEqual([OPEN]);
  });

  it("stays, unchanged, when the dialog is cancelled", async () => {
    const { q, opened } = mount(failure("damaged"), fakeApi({ createLibrary: () => Promise.resolve(null) }));
    q("offer-create")?.click();
    await settle();
    expect(opened).toEqual([]);
    expect(q("open-failure-message")).toBeNull();
    expect((q("offer-create") as HTMLButtonElement).disabled).toBe(false);
  });

  it("tells about the file chosen when it does not open either", async () => {
    const other = failure("newer", "The library /desk/old.sqlite was written by a newer Wiredesk");
    const api = fakeApi({ openOtherLibrary: () => Promise.resolve({ state: "failed", failure: other }) });
    const { q, opened } = mount(failure("damaged"), api);
    q("offer-open")?.click();
    await settle();
    expect(opened).toEqual([]);
    expect(q("open-failure-reason")?.textContent).toBe(`${other.message}.`);
    expect(q("open-failure-title")?.textContent).toBe(titleFor("newer"));
    expect(q("open-failure-message")?.classList.contains("error")).toBe(true);
  });

  it("shows an error from Rust and lets the editor try something else", async () => {
    const api = fakeApi({
      createLibrary: () => Promise.reject(new IpcError("invalid-input", "/desk/library.sqlite already exists")),
    });
    const { q } = mount(failure("damaged"), api);
    q("offer-create")?.click();
    await settle();
    expect(q("open-failure-message")?.textContent).toBe("/desk/library.sqlite already exists");
    expect((q("offer-open") as HTMLButtonElement).disabled).toBe(false);
  });

  it("lists the health check's findings", async () => {
    const report: HealthReport = {
      library: "/desk/library.sqlite",
      schema_version: 14,
      stories: 0,
      checks: [
        {
          name: "integrity",
          description: "the database file",
          checked: 45,
          found: 2,
          problems: ["invalid page number 46", "SQLite could not check further"],
        },
      ],
      repaired: [],
      ok: false,
    };
    const { q, root } = mount(failure("damaged"), fakeApi({ checkLibraryFile: () => Promise.resolve(report) }));
    q("offer-health")?.click();
    await settle();
    expect(q("health-report")?.dataset.ok).toBe("false");
    expect(q("health-summary")?.textContent).toBe(healthSummary(report));
    expect(healthSummary(report)).toMatch(/1 of 1 checks found problems/);
    const problems = [...root.querySelectorAll('[data-testid="health-problem"]')].map((n) => n.textContent);
    expect(problems).toEqual(report.checks[0].problems);
  });

  it("runs one offer at a time", async () => {
    let finish: (state: LibraryState) => void = () => {};
    const api = fakeApi({ retryLibrary: () => new Promise((resolve) => (finish = resolve)) });
    const { q, view } = mount(failure("locked"), api);
    q("offer-retry")?.click();
    await settle();
    expect((q("offer-open") as HTMLButtonElement).disabled).toBe(true);
    await view.run("open");
    expect(api.calls).toEqual(["retry"]);
    finish(OPEN);
    await settle();
  });
});
