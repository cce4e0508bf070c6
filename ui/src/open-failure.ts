// The window shown in place of the desk when the library cannot be opened:
// what is wrong, in the core's one sentence, and the ways on — another
// library, a new one, a backup, the health check (and, where waiting can
// help, trying again). An offer that cannot help in the case at hand is
// shown disabled, with why.
import { el } from "./dom";
import * as ipc from "./ipc";
import type { HealthReport, LibraryProblem, LibraryState, OpenFailure } from "./ipc";

export type OfferName = "open" | "create" | "restore" | "health" | "retry";

export interface Offer {
  name: OfferName;
  label: string;
  enabled: boolean;
  /** The way on most likely to help in this case (shown first in weight). */
  recommended: boolean;
  /** What the offer does, or (disabled) why it does not apply. */
  note: string;
}

/** The calls the window makes (ipc.ts's, replaced in tests). */
export interface OpenFailureApi {
  openOtherLibrary(): Promise<LibraryState | null>;
  createLibrary(): Promise<LibraryState | null>;
  restoreLibraryBackup(): Promise<{ kept_at: string | null; state: LibraryState } | null>;
  checkLibraryFile(): Promise<HealthReport>;
  retryLibrary(): Promise<LibraryState>;
}

/** The window's heading for each problem. */
export function titleFor(problem: LibraryProblem): string {
  switch (problem) {
    case "not-wiredesk":
      return "This file is not a Wiredesk library";
    case "damaged":
      return "The library is damaged";
    case "newer":
      return "The library needs a newer Wiredesk";
    case "locked":
      return "The library is in use by another program";
    case "read-only":
      return "The library is read-only";
    case "missing":
      return "The library cannot be found";
    case "unreadable":
      return "Wiredesk may not read the library";
    default:
      return "The library could not be opened";
  }
}

/** The last part of a path, whichever the separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function restoreNote(failure: OpenFailure): string {
  return `Put a backup in place of this file and open it. The file now there is kept beside it, unchanged, as ${fileName(failure.path)}.before-restore-DATE.`;
}
const HEALTH_NOTE = "Read the file as it is, change nothing, and list what is wrong.";
const RETRY_NOTE = "Open the same file again.";

/** Why restoring does not apply, when it does not. */
function restoreRefusal(problem: LibraryProblem): string | null {
  switch (problem) {
    case "newer":
      return "The library is not damaged, only newer than this Wiredesk: upgrade Wiredesk rather than go back to a backup.";
    case "locked":
      return "Another program holds the file: close it and try again before restoring anything.";
    case "read-only":
      return "Wiredesk cannot write where the library is, so it cannot put a backup there.";
    case "missing":
      return "The library's folder is not there: reconnect its drive and try again, or open or create a library elsewhere.";
    case "unreadable":
      return "Wiredesk may not read or write the file: its permissions need fixing first.";
    default:
      return null;
  }
}

/** Why the health check does not apply, when it does not. */
function healthRefusal(problem: LibraryProblem): string | null {
  switch (problem) {
    case "not-wiredesk":
      return "The file is not a Wiredesk library: there is nothing in it for the health check to check.";
    case "locked":
      return "The health check cannot read the file either while another program holds it.";
    case "missing":
      return "There is no file to check.";
    case "unreadable":
      return "Wiredesk may not read the file, so it cannot check it.";
    default:
      return null;
  }
}

/** Where trying again can help: something outside the file may change. */
function retryHelps(problem: LibraryProblem): boolean {
  return problem === "locked" || problem === "missing" || problem === "read-only" || problem === "unreadable";
}

/** The offer most likely to help with each problem. */
function recommendedFor(problem: LibraryProblem): OfferName {
  if (problem === "damaged") return "restore";
  if (retryHelps(problem)) return "retry";
  return "open";
}

/** The offers for a failure, in the window's order (pure). */
export function offersFor(failure: OpenFailure): Offer[] {
  const restoreNo = restoreRefusal(failure.problem);
  const healthNo = healthRefusal(failure.problem);
  const offers: Omit<Offer, "recommended">[] = [];
  if (retryHelps(failure.problem)) {
    offers.push({ name: "retry", label: "Try again", enabled: true, note: RETRY_NOTE });
  }
  offers.push(
    {
      name: "open",
      label: "Open another library…",
      enabled: true,
      note: "Choose a Wiredesk library file and carry on with it.",
    },
    {
      name: "create",
      label: "Create a new library…",
      enabled: true,
      note: "Start a library, with the sample stories, in a new file you name.",
    },
    {
      name: "restore",
      label: "Restore from a backup…",
      enabled: restoreNo === null,
      note: restoreNo ?? restoreNote(failure),
    },
    {
      name: "health",
      label: "Run the health check",
      enabled: healthNo === null,
      note: healthNo ?? HEALTH_NOTE,
    },
  );
  const best = recommendedFor(failure.problem);
  return offers.map((offer) => ({ ...offer, recommended: offer.name === best }));
}

/** The core's sentence, ended as a sentence in the window. */
export function asSentence(message: string): string {
  return /[.!?)]$/.test(message) ? message : `${message}.`;
}

/** One line of a health report, for people. */
export function checkSummary(check: ipc.HealthCheck): string {
  if (check.found === 0) return `${check.name}: ok (${check.checked} checked)`;
  const problems = check.found === 1 ? "1 problem" : `${check.found} problems`;
  return `${check.name}: ${problems}`;
}

/** What the health check found, in a sentence. */
export function healthSummary(report: HealthReport): string {
  const failed = report.checks.filter((c) => c.found > 0).length;
  if (failed === 0) {
    return `All ${report.checks.length} checks passed: the file itself is sound.`;
  }
  return `${failed} of ${report.checks.length} checks found problems. Restoring a backup is the safe way on.`;
}

const SHOWN_PROBLEMS = 8;

export class OpenFailureView {
  private failure: OpenFailure;
  private readonly node: HTMLElement;
  private busy = false;

  constructor(
    private readonly root: HTMLElement,
    failure: OpenFailure,
    private readonly onOpened: (state: Extract<LibraryState, { state: "open" }>) => void,
    private readonly api: OpenFailureApi = ipc,
  ) {
    this.failure = failure;
    this.node = el("main", { class: "open-failure", "data-testid": "open-failure" });
  }

  /** Shows the window in the root, in place of anything there. */
  show(): void {
    this.root.replaceChildren(this.node);
    this.render();
  }

  private render(message: { text: string; error: boolean } | null = null, report: HealthReport | null = null): void {
    const failure = this.failure;
    const offers = offersFor(failure).map((offer) => {
      const button = el(
        "button",
        { type: "button", class: offer.recommended ? "offer-button recommended" : "offer-button", "data-testid": `offer-${offer.name}` },
        offer.label,
      );
      button.disabled = !offer.enabled || this.busy;
      button.addEventListener("click", () => void this.run(offer.name));
      return el(
        "li",
        { class: offer.enabled ? "offer" : "offer unavailable", "data-testid": "offer", "data-offer": offer.name },
        button,
        el("p", { class: "offer-note", "data-testid": `offer-${offer.name}-note` }, offer.note),
      );
    });
    this.node.dataset.problem = failure.problem;
    this.node.replaceChildren(
      el(
        "div",
        { class: "open-failure-card" },
        el("p", { class: "brand", "data-testid": "brand" }, "Wiredesk"),
        el("h1", { "data-testid": "open-failure-title" }, titleFor(failure.problem)),
        el("p", { class: "open-failure-reason", "data-testid": "open-failure-reason" }, asSentence(failure.message)),
        failure.detail
          ? el("p", { class: "open-failure-detail", "data-testid": "open-failure-detail" }, `SQLite: ${failure.detail}`)
          : null,
        el("ul", { class: "offers", "data-testid": "offers" }, ...offers),
        message
          ? el(
              "p",
              {
                class: message.error ? "open-failure-message error" : "open-failure-message",
                role: "status",
                "data-testid": "open-failure-message",
              },
              message.text,
            )
          : null,
        report ? this.reportNode(report) : null,
        el(
          "p",
          { class: "open-failure-footnote" },
          "A library chosen here is used until Wiredesk closes. To start with it every time, start Wiredesk with --db FILE or set WIREDESK_DB.",
        ),
      ),
    );
  }

  private reportNode(report: HealthReport): HTMLElement {
    return el(
      "section",
      { class: "health-report", "data-testid": "health-report", "data-ok": String(report.ok) },
      el("h2", {}, "Health check"),
      el("p", { "data-testid": "health-summary" }, healthSummary(report)),
      el(
        "ul",
        { class: "health-checks" },
        ...report.checks.map((check) =>
          el(
            "li",
            { class: check.found ? "health-check failed" : "health-check", "data-testid": "health-check", "data-name": check.name },
            el("span", { class: "health-check-name" }, checkSummary(check)),
            el("span", { class: "health-check-about" }, check.description),
            check.problems.length
              ? el(
                  "ul",
                  { class: "health-problems" },
                  ...check.problems.slice(0, SHOWN_PROBLEMS).map((p) => el("li", { "data-testid": "health-problem" }, p)),
                  check.found > SHOWN_PROBLEMS ? el("li", {}, `… and ${check.found - SHOWN_PROBLEMS} more`) : null,
                )
              : null,
          ),
        ),
      ),
    );
  }

  /** Runs one offer; on a library opened, hands over to the desk. */
  async run(name: OfferName): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.render({ text: name === "health" ? "Checking the file…" : "Working…", error: false });
    try {
      if (name === "health") {
        const report = await this.api.checkLibraryFile();
        this.busy = false;
        this.render(null, report);
        return;
      }
      let state: LibraryState | null;
      let note: string | null = null;
      if (name === "restore") {
        const restored = await this.api.restoreLibraryBackup();
        state = restored?.state ?? null;
        if (restored?.kept_at) note = `The file that was there is kept at ${restored.kept_at}.`;
      } else if (name === "open") {
        state = await this.api.openOtherLibrary();
      } else if (name === "create") {
        state = await this.api.createLibrary();
      } else {
        state = await this.api.retryLibrary();
      }
      this.busy = false;
      if (state === null) {
        this.render(); // cancelled
      } else if (state.state === "open") {
        this.onOpened(state);
      } else {
        // The file chosen could not be opened either: the window is about it now.
        this.failure = state.failure;
        this.render({ text: note ?? "That did not open either: see above.", error: true });
      }
    } catch (err) {
      this.busy = false;
      this.render({ text: err instanceof Error ? err.message : String(err), error: true });
    }
  }
}
