// The claim panel beside the editor: the story's claims, heaviest first,
// grouped by status, each a card (claim-card.ts) where checkers record
// status, assignee, notes and evidence. How claims are filtered and grouped
// is claim-model.ts. Everything shown is built from text nodes.
import { el } from "./dom";
import type { Claim, IntegrityFinding, Person } from "./ipc";
import { acceptControl, button, ClaimCard, present, type ClaimActions } from "./claim-card";
import { filterClaims, findingsFor, groupClaims, isInactive, isOpen, unattachedFindings, USER_KEY, type ClaimFilter, type ClaimGroup } from "./claim-model";

export * from "./claim-model";
export type { ClaimActions } from "./claim-card";

export class ClaimPanel {
  readonly root: HTMLElement;
  private claims: Claim[] = [];
  private findings: IntegrityFinding[] = [];
  /** The desk's people, whom claims are assigned to. */
  private people: Person[] = [];
  private filter: ClaimFilter = "all";
  private user: string;
  private readonly cards = new Map<number, ClaimCard>();
  private readonly count = el("span", { class: "claim-count", "data-testid": "claim-count" });
  private readonly filterButtons: Record<ClaimFilter, HTMLButtonElement>;
  private readonly userInput: HTMLInputElement;
  private readonly hint = el("p", { class: "hint", "data-testid": "claim-hint" });
  private readonly message = el("p", { class: "claim-message", role: "status", "data-testid": "claim-message" });
  private readonly findingsBox = el("section", { class: "integrity-findings", "data-testid": "integrity-findings" });
  private readonly groups = el("div", { class: "claim-groups" });
  private openInactive = false;
  private openTiming = false;
  /** The desk counts timing claims as open (Preferences). */
  private timingOpen = false;

  constructor(
    private readonly actions: ClaimActions,
    private readonly storage: Storage | null,
    /** Called after a claim changed through the panel. */
    private readonly onClaimChanged: (claim: Claim) => void = () => {},
  ) {
    this.user = this.readUser();
    this.filterButtons = {
      mine: button("Mine", { "data-testid": "claim-filter-mine" }),
      open: button("Open", { "data-testid": "claim-filter-open" }),
      all: button("All", { "data-testid": "claim-filter-all" }),
    };
    for (const [filter, b] of Object.entries(this.filterButtons) as [ClaimFilter, HTMLButtonElement][]) {
      b.addEventListener("click", () => this.setFilter(filter));
    }
    this.userInput = el("input", {
      type: "text",
      class: "claim-user",
      "data-testid": "claim-user",
      placeholder: "Your name",
      autocomplete: "name",
    });
    this.userInput.value = this.user;
    this.userInput.addEventListener("change", () => {
      this.user = this.userInput.value.trim();
      try {
        this.storage?.setItem(USER_KEY, this.user);
      } catch {
        // kept for this window only
      }
      this.render();
    });
    this.message.hidden = true;
    this.root = el(
      "aside",
      { class: "claim-panel", "data-testid": "claim-panel", "aria-label": "Claims" },
      el(
        "div",
        { class: "claim-panel-head" },
        el("h2", {}, "Claims ", this.count),
        el(
          "div",
          { class: "claim-filters", role: "group", "aria-label": "Show claims" },
          this.filterButtons.mine,
          this.filterButtons.open,
          this.filterButtons.all,
        ),
        el("label", { class: "claim-user-label" }, "Your name ", this.userInput),
        this.hint,
      ),
      this.message,
      this.findingsBox,
      this.groups,
    );
    this.render();
  }

  /** The desk's name from the preferences: "Mine" means this name unless
   *  the editor typed another one here. */
  setDeskName(name: string): void {
    if (this.readUser() !== "" || name.trim() === "") return;
    this.user = name.trim();
    this.userInput.value = this.user;
    this.render();
  }

  /** The desk's people, offered as each claim's assignee. */
  setPeople(people: Person[]): void {
    this.people = [...people];
    this.render();
  }

  /** Whether timing claims count as open, from the desk's Preferences. */
  setTimingOpen(open: boolean): void {
    if (open === this.timingOpen) return;
    this.timingOpen = open;
    this.render();
  }

  private readUser(): string {
    try {
      return this.storage?.getItem(USER_KEY) ?? "";
    } catch {
      return "";
    }
  }

  /** A line instead of the claims: loading, or why they could not be loaded. */
  setMessage(text: string | null, isError = false): void {
    this.message.hidden = text === null;
    this.message.textContent = text ?? "";
    this.message.classList.toggle("error", isError);
  }

  setClaims(claims: Claim[], findings: IntegrityFinding[]): void {
    this.claims = [...claims];
    this.findings = [...findings];
    for (const id of [...this.cards.keys()]) {
      if (!claims.some((c) => c.id === id)) this.cards.delete(id);
    }
    this.render();
  }

  /** A claim the core returned after a change: its card refreshes (and moves
   *  to its new group when its status changed). */
  replaceClaim(claim: Claim): void {
    // Only a claim already listed: an answer that arrives after another
    // story was opened never joins this list (new claims come by setClaims).
    const i = this.claims.findIndex((c) => c.id === claim.id && c.story_id === claim.story_id);
    if (i < 0) return;
    this.claims[i] = claim;
    this.render();
  }

  setFilter(filter: ClaimFilter): void {
    this.filter = filter;
    this.render();
  }

  get currentFilter(): ClaimFilter {
    return this.filter;
  }

  card(id: number): HTMLElement | null {
    return this.cards.get(id)?.root ?? null;
  }

  /** Shows claim `id`'s card: visible under the filter, scrolled to, marked
   *  current, and focused when `focus`. */
  focusCard(id: number, focus = false): void {
    const claim = this.claims.find((c) => c.id === id);
    if (!claim) return;
    if (!filterClaims(this.claims, this.filter, this.user, this.timingOpen).includes(claim)) this.setFilter("all");
    if (isInactive(claim) && !this.openInactive) {
      this.openInactive = true;
      this.render();
    } else if (!isInactive(claim) && claim.timing && !this.openTiming) {
      this.openTiming = true;
      this.render();
    }
    const card = this.cards.get(id)?.root;
    if (!card) return;
    for (const other of this.root.querySelectorAll(".claim-card.current")) {
      other.classList.remove("current");
      other.removeAttribute("aria-current");
    }
    card.classList.add("current");
    card.setAttribute("aria-current", "true");
    card.scrollIntoView?.({ block: "nearest" });
    if (focus) card.focus();
  }

  private cardFor(claim: Claim): ClaimCard {
    let card = this.cards.get(claim.id);
    if (!card) {
      card = new ClaimCard(
        claim,
        this.actions,
        (changed) => {
          this.replaceClaim(changed);
          this.onClaimChanged(changed);
        },
        () => this.people,
      );
      this.cards.set(claim.id, card);
    }
    card.update(claim, findingsFor(claim, this.findings));
    return card;
  }

  private render(): void {
    const doc = this.root.ownerDocument;
    const focused = doc.activeElement instanceof HTMLElement && this.groups.contains(doc.activeElement) ? doc.activeElement : null;

    for (const [f, b] of Object.entries(this.filterButtons) as [ClaimFilter, HTMLButtonElement][]) {
      b.setAttribute("aria-pressed", String(f === this.filter));
    }
    const open = this.claims.filter((c) => isOpen(c, this.timingOpen)).length;
    this.count.textContent = `${open} open of ${this.claims.length}`;
    this.hint.textContent =
      this.filter === "mine" && this.user === "" ? "Set your name to see your claims." : "";
    this.hint.hidden = this.hint.textContent === "";

    const loose = unattachedFindings(this.claims, this.findings);
    this.findingsBox.hidden = loose.length === 0;
    this.findingsBox.replaceChildren(
      el("h3", {}, "Against the wire"),
      el(
        "ul",
        {},
        ...loose.map((f) =>
          el(
            "li",
            { class: `integrity-finding${f.acknowledged ? " acknowledged" : ""}`, "data-testid": "integrity-finding" },
            el("q", {}, f.text),
            " ",
            f.kind === "figure-contradicts" ? f.message : [f.message, f.wire_text !== null ? ` The wire says: “${f.wire_text}”.` : ""].join(""),
            f.acknowledged ? ` (acknowledged by ${f.acknowledged.actor}: ${f.acknowledged.reason})` : "",
            acceptControl(f, this.actions),
          ),
        ),
      ),
    );

    const shown = filterClaims(this.claims, this.filter, this.user, this.timingOpen);
    const groups = groupClaims(shown);
    const section = (g: ClaimGroup): HTMLElement => {
      const list = el("ul", { class: "claim-list" }, ...g.claims.map((c) => this.cardFor(c).root));
      const heading = `${g.label} (${g.claims.length})`;
      if (g.collapsed) {
        const timing = g.key === "timing";
        const details = el(
          "details",
          {
            class: `claim-group ${timing ? "timing" : "inactive"}`,
            "data-testid": timing ? "timing-group" : "claim-group",
            "data-group": g.key,
          },
          el(
            "summary",
            {},
            heading,
            timing
              ? el(
                  "span",
                  { class: "timing-note" },
                  this.timingOpen ? " · weekdays and relative dates, counted as open" : " · weekdays and relative dates, not counted as open",
                )
              : "",
          ),
          list,
        );
        details.open = timing ? this.openTiming : this.openInactive;
        details.addEventListener("toggle", () => {
          if (timing) this.openTiming = details.open;
          else this.openInactive = details.open;
        });
        return details;
      }
      return el(
        "section",
        { class: "claim-group", "data-testid": "claim-group", "data-group": g.key },
        el("h4", {}, heading),
        list,
      );
    };
    const facts = groups.filter((g) => !g.collapsed);
    const factCount = facts.reduce((n, g) => n + g.claims.length, 0);
    this.groups.replaceChildren(
      ...present(
        facts.length > 0 &&
          el(
            "section",
            { class: "facts-group", "data-testid": "facts-group" },
            el("h3", {}, `Facts to check (${factCount})`),
            ...facts.map(section),
          ),
        ...groups.filter((g) => g.collapsed).map(section),
        groups.length === 0
          ? el(
              "p",
              { class: "claim-empty", "data-testid": "claim-empty" },
              this.claims.length === 0
                ? "No claims yet. Select words in the text and press Mark as claim."
                : this.filter === "mine"
                  ? this.user === ""
                    ? "Set your name to see your claims."
                    : "No claims are assigned to you."
                  : "No open claims.",
            )
          : null,
      ),
    );
    if (focused && !focused.isConnected) return;
    if (focused && doc.activeElement !== focused) focused.focus();
  }
}
