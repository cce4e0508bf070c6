// The inbox's filters: source, state, open claims, received date range,
// the stories with claims assigned to this desktop's user and those waiting
// on the desk's checkers.
import { el } from "./dom";
import type { StoryFilter } from "./ipc";

export const STATES = ["new", "editing", "checked", "exported", "killed"] as const;

/** The filter as the core takes it: empty fields left out. */
export function normaliseFilter(filter: StoryFilter): StoryFilter {
  const out: StoryFilter = {};
  if (filter.source) out.source = filter.source;
  if (filter.state) out.state = filter.state;
  if (filter.open_claims) out.open_claims = true;
  if (filter.received_from) out.received_from = filter.received_from;
  if (filter.received_to) out.received_to = filter.received_to;
  if (filter.assigned_to) out.assigned_to = filter.assigned_to;
  if (filter.waiting_on_checkers) out.waiting_on_checkers = true;
  return out;
}

/** Whether a filter narrows anything. */
export function isFiltered(filter: StoryFilter): boolean {
  return Object.keys(normaliseFilter(filter)).length > 0;
}

/** A `YYYY-MM-DD` date typed into `input`, or "" (the field is marked invalid when it is not one). */
function validDate(input: HTMLInputElement): string {
  const value = input.value.trim();
  const ok = value === "" || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)));
  input.setAttribute("aria-invalid", String(!ok));
  input.title = ok ? "" : "A date as YYYY-MM-DD, e.g. 2026-11-27";
  return ok ? value : "";
}

/** The start of a local day (`YYYY-MM-DD`, plus `days`) as the core's UTC
 *  time stamps: the inbox shows local times, so a day means a local day. */
export function dayStart(date: string, days: number): string {
  if (date === "") return "";
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

export class FilterBar {
  readonly root: HTMLElement;
  readonly source: HTMLSelectElement;
  readonly state: HTMLSelectElement;
  readonly openClaims: HTMLInputElement;
  readonly from: HTMLInputElement;
  readonly to: HTMLInputElement;
  readonly assignedToMe: HTMLInputElement;
  readonly waitingOnCheckers: HTMLInputElement;
  private readonly clear: HTMLButtonElement;
  /** This desktop's user: whose claims "assigned to me" means. */
  private me = "";

  constructor(private readonly onChange: (filter: StoryFilter) => void) {
    this.source = el(
      "select",
      { "data-testid": "filter-source", "aria-label": "Source" },
      el("option", { value: "" }, "All sources"),
    );
    this.state = el(
      "select",
      { "data-testid": "filter-state", "aria-label": "State" },
      el("option", { value: "" }, "Any state"),
      ...STATES.map((s) => el("option", { value: s }, s)),
    );
    this.openClaims = el("input", { type: "checkbox", "data-testid": "filter-open-claims" });
    this.assignedToMe = el("input", { type: "checkbox", "data-testid": "filter-assigned-to-me" });
    this.waitingOnCheckers = el("input", { type: "checkbox", "data-testid": "filter-waiting-on-checkers" });
    // Plain text, not type=date: an empty date field shows today's date in
    // grey in WebKit, which reads as a filter that is set.
    const dateInput = (testid: string, label: string, placeholder: string) =>
      el("input", {
        type: "text",
        class: "filter-date",
        "data-testid": testid,
        "aria-label": label,
        placeholder,
        inputmode: "numeric",
        maxlength: "10",
        size: "10",
        spellcheck: "false",
      });
    this.from = dateInput("filter-from", "Received from (YYYY-MM-DD)", "from date");
    this.to = dateInput("filter-to", "Received until (YYYY-MM-DD)", "to date");
    this.clear = el("button", { type: "button", class: "filter-clear", "data-testid": "filter-clear", title: "Show every story" }, "Clear");
    this.root = el(
      "div",
      { class: "filter-bar", "data-testid": "filter-bar", role: "group", "aria-label": "Filter the inbox" },
      this.source,
      this.state,
      el("label", { class: "filter-check" }, this.openClaims, " open claims"),
      el(
        "label",
        { class: "filter-check", title: "Stories with a claim still to check assigned to you" },
        this.assignedToMe,
        " assigned to me",
      ),
      el(
        "label",
        { class: "filter-check", title: "Stories with a claim still to check assigned to one of the desk's checkers" },
        this.waitingOnCheckers,
        " waiting on checkers",
      ),
      this.from,
      el("span", { class: "filter-dash" }, "–"),
      this.to,
      this.clear,
    );
    for (const input of [this.source, this.state, this.openClaims, this.from, this.to, this.assignedToMe, this.waitingOnCheckers]) {
      input.addEventListener("change", () => this.changed());
    }
    this.clear.addEventListener("click", () => {
      this.source.value = "";
      this.state.value = "";
      this.openClaims.checked = false;
      this.assignedToMe.checked = false;
      this.waitingOnCheckers.checked = false;
      this.from.value = "";
      this.to.value = "";
      this.changed();
    });
    this.clear.hidden = true;
    // Until the desk says who this is, "assigned to me" would mean nobody.
    this.assignedToMe.disabled = true;
  }

  /** Offers these sources in the source filter, keeping the choice. */
  setSources(sources: string[]): void {
    const chosen = this.source.value;
    this.source.replaceChildren(
      el("option", { value: "" }, "All sources"),
      ...sources.map((s) => el("option", { value: s }, s)),
    );
    this.source.value = sources.includes(chosen) ? chosen : "";
  }

  /** Whose claims "assigned to me" means; a filter already on follows. */
  setUser(name: string): void {
    const me = name.trim();
    if (me === this.me) return;
    this.me = me;
    this.assignedToMe.disabled = me === "";
    if (this.assignedToMe.checked) this.changed();
  }

  value(): StoryFilter {
    return normaliseFilter({
      source: this.source.value,
      state: this.state.value,
      open_claims: this.openClaims.checked,
      received_from: dayStart(validDate(this.from), 0),
      received_to: dayStart(validDate(this.to), 1),
      assigned_to: this.assignedToMe.checked ? this.me : null,
      waiting_on_checkers: this.waitingOnCheckers.checked,
    });
  }

  private changed(): void {
    const filter = this.value();
    this.clear.hidden = !isFiltered(filter);
    this.onChange(filter);
  }
}
