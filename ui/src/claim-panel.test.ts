import {
  ClaimPanel,
  describeEvent,
  filterClaims,
  findingsFor,
  findingText,
  groupClaims,
  isOpen,
  unattachedFindings,
  USER_KEY,
  type ClaimActions,
} from "./claim-panel";
import { MemoryStorage, storyClaims, storyFindings } from "./fixtures";
import { IpcError, type Claim, type ClaimEvent, type IntegrityFinding } from "./ipc";
import { person, settle } from "./test-support";

function event(id: number, event: string, detail: Record<string, unknown>, extra: Partial<ClaimEvent> = {}): ClaimEvent {
  return {
    id,
    claim_id: 1,
    actor: "Noor",
    created_at: "2026-11-27T09:30:00.000Z",
    event,
    from_status: null,
    to_status: null,
    detail,
    ...extra,
  };
}

describe("claim grouping, order and filters", () => {
  it("groups open statuses first, heaviest first, dismissed and detached last and folded", () => {
    const claims: Claim[] = [
      ...storyClaims(),
      { ...storyClaims()[0], id: 6, rank: 7, text: "heavier" },
      { ...storyClaims()[0], id: 7, status: "false", rank: 1 },
      { ...storyClaims()[0], id: 8, status: "disputed", rank: 1 },
    ];
    const groups = groupClaims(claims);
    expect(groups.map((g) => [g.key, g.claims.map((c) => c.id), g.collapsed])).toEqual([
      ["unchecked", [6, 1], false],
      ["checking", [2], false],
      ["disputed", [8], false],
      ["false", [7], false],
      ["verified", [3], false],
      ["inactive", [4, 5], true],
    ]);
  });

  it("filters open, mine and all", () => {
    const claims = storyClaims();
    expect(filterClaims(claims, "all", "").map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
    expect(filterClaims(claims, "open", "").map((c) => c.id)).toEqual([1, 2]);
    expect(filterClaims(claims, "mine", "noor ").map((c) => c.id)).toEqual([2]);
    expect(filterClaims(claims, "mine", "")).toEqual([]);
  });

  it("puts findings on the claim they overlap, the rest at the top", () => {
    const claims = storyClaims();
    const findings = storyFindings();
    expect(findingsFor(claims[0], findings).map((f) => f.key)).toEqual(["k1"]);
    expect(findingsFor(claims[2], findings)).toEqual([]);
    expect(unattachedFindings(claims, findings).map((f) => f.key)).toEqual(["k2"]);
  });

  it("describes events in words", () => {
    expect(describeEvent(event(1, "status", {}, { from_status: "unchecked", to_status: "verified" }))).toContain(
      "Noor · status unchecked → verified",
    );
    expect(describeEvent(event(2, "evidence", { url: "https://example.org/x" }))).toContain(
      "evidence (URL): https://example.org/x",
    );
    expect(describeEvent(event(3, "assign", { from: null, to: "Kim" }))).toContain("assigned to Kim");
    expect(describeEvent(event(4, "note", { note: "rang the port" }))).toContain("note: rang the port");
    const reset = { from_status: "verified", to_status: "unchecked" } as const;
    expect(
      describeEvent(event(5, "status", { reason: "text-changed", from: "50 basis points", to: "75 basis points" }, reset)),
    ).toContain("status verified → unchecked (text changed from “50 basis points” to “75 basis points”)");
    expect(describeEvent(event(6, "status", { reason: "detached", from: "at least 14 vessels" }, reset))).toContain(
      "(detached: “at least 14 vessels” is no longer in the text)",
    );
    expect(describeEvent(event(7, "reanchor", { detached: true, text: "at least 14 vessels" }))).toContain(
      "detached: “at least 14 vessels” is no longer in the text",
    );
    expect(describeEvent(event(8, "reanchor", { reattached: true, text: "at least 14 vessels" }))).toContain(
      "back in the text: “at least 14 vessels”",
    );
  });
});

interface FakeActions extends ClaimActions {
  calls: unknown[][];
}

function fakeActions(overrides: Partial<ClaimActions> = {}): FakeActions {
  const claims = new Map(storyClaims().map((c) => [c.id, c]));
  const actions: FakeActions = {
    calls: [],
    acknowledge: async (key, reason) => {
      actions.calls.push(["acknowledge", key, reason]);
    },
    update: async (id, update) => {
      actions.calls.push(["update", id, update]);
      const next = { ...claims.get(id)!, ...(update.status ? { status: update.status } : {}) };
      if (update.assignee !== undefined) next.assignee = update.assignee || null;
      claims.set(id, next);
      return next;
    },
    dismiss: async (id, dismissed) => {
      actions.calls.push(["dismiss", id, dismissed]);
      const next = { ...claims.get(id)!, dismissed };
      claims.set(id, next);
      return next;
    },
    addEvidence: async (id, evidence) => {
      actions.calls.push(["evidence", id, evidence]);
      return event(99, "evidence", { [evidence.kind]: evidence.value });
    },
    history: async (id) => {
      actions.calls.push(["history", id]);
      return [event(10, "created", {}), event(11, "evidence", { doc: "Council minutes, p. 4" })];
    },
    locate: (id) => actions.calls.push(["locate", id]),
    ...overrides,
  };
  return actions;
}

function card(panel: ClaimPanel, id: number): HTMLElement {
  const found = panel.root.querySelector<HTMLElement>(`[data-testid="claim-card"][data-claim-id="${id}"]`);
  if (!found) throw new Error(`no card for claim ${id}`);
  return found;
}

function q<T extends HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

describe("the claim panel", () => {
  let panel: ClaimPanel;
  let actions: FakeActions;
  let storage: MemoryStorage;
  beforeEach(() => {
    document.body.replaceChildren();
    storage = new MemoryStorage();
    actions = fakeActions();
    panel = new ClaimPanel(actions, storage);
    document.body.append(panel.root);
    panel.setClaims(storyClaims(), storyFindings());
  });

  it("shows one card per claim with its text, kind, value and speaker, as text", () => {
    const cards = [...panel.root.querySelectorAll<HTMLElement>('[data-testid="claim-card"]')];
    expect(cards.map((c) => c.dataset.claimId)).toEqual(["1", "2", "3", "4", "5"]);
    expect(q(card(panel, 1), "claim-text").textContent).toBe("4,000 tickets");
    expect(q(card(panel, 1), "claim-kind").textContent).toBe("quantity");
    expect(q(card(panel, 1), "claim-value").textContent).toBe("Value: 4000 tickets");
    expect(q(card(panel, 2), "claim-speaker").textContent).toBe("Speaker: Ilse Varga");
    expect(q<HTMLSelectElement>(card(panel, 2), "claim-status").value).toBe("checking");
    expect(q<HTMLSelectElement>(card(panel, 2), "claim-assignee").value).toBe("Noor");
    expect(q(panel.root, "claim-count").textContent).toBe("2 open of 5");
    // The inactive group is folded; its cards say why they are not in the text.
    const inactive = panel.root.querySelector<HTMLDetailsElement>('[data-group="inactive"]')!;
    expect(inactive.tagName).toBe("DETAILS");
    expect(inactive.open).toBe(false);
    expect(q(card(panel, 5), "claim-inactive").textContent).toContain("detached");
  });

  it("keeps a half-typed reason for accepting a finding when the panel refreshes", () => {
    const reason = panel.root.querySelector<HTMLInputElement>('[data-testid="finding-reason"]')!;
    reason.value = "corrected by the ministry";
    panel.setClaims(storyClaims(), storyFindings());
    const again = panel.root.querySelector<HTMLInputElement>('[data-testid="finding-reason"]')!;
    expect(again).toBe(reason);
    expect(again.value).toBe("corrected by the ministry");
  });

  it("shows findings on their claim's card and the others on top", () => {
    const finding = q(card(panel, 1), "claim-finding");
    expect(finding.firstChild!.textContent! + finding.childNodes[1].textContent).toBe(
      "The wire says: “400”. The number differs from the wire original.",
    );
    expect(finding.querySelector('[data-testid="finding-accept"]')).not.toBeNull();
    const top = panel.root.querySelectorAll('[data-testid="integrity-finding"]');
    expect(top).toHaveLength(1);
    expect(top[0].textContent).toContain("last year");
  });

  it("changes a status through the core and moves the card to its group", async () => {
    const changed: Claim[] = [];
    panel = new ClaimPanel(actions, storage, (c) => changed.push(c));
    document.body.replaceChildren(panel.root);
    panel.setClaims(storyClaims(), []);
    const select = q<HTMLSelectElement>(card(panel, 1), "claim-status");
    select.focus();
    select.value = "verified";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(actions.calls).toContainEqual(["update", 1, { status: "verified" }]);
    expect(changed.map((c) => [c.id, c.status])).toEqual([[1, "verified"]]);
    expect(card(panel, 1).closest('[data-group="verified"]')).not.toBeNull();
    expect(card(panel, 1).dataset.status).toBe("verified");
    expect(document.activeElement).toBe(select);
  });

  it("shows a refusal on the card and puts the status back", async () => {
    panel = new ClaimPanel(
      fakeActions({
        update: async () => {
          throw new IpcError("invalid-input", "unknown claim status");
        },
      }),
      storage,
    );
    panel.setClaims(storyClaims(), []);
    const select = q<HTMLSelectElement>(card(panel, 1), "claim-status");
    select.value = "false";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(q(card(panel, 1), "claim-error").textContent).toBe("unknown claim status");
    expect(select.value).toBe("unchecked");
  });

  it("assigns, adds notes and evidence, and loads the history when opened", async () => {
    panel.setPeople([person("Kim Lund", "KL", "checker")]);
    const c = card(panel, 1);
    const assignee = q<HTMLSelectElement>(c, "claim-assignee");
    assignee.value = "Kim Lund";
    assignee.dispatchEvent(new Event("change"));
    const note = q<HTMLInputElement>(c, "claim-note");
    note.value = "  rang the port  ";
    q(c, "claim-note-add").click();
    await settle();
    expect(note.value).toBe("");
    q<HTMLSelectElement>(c, "claim-evidence-kind").value = "contact";
    q<HTMLInputElement>(c, "claim-evidence-value").value = "Harbour master, 555 0100";
    q(c, "claim-evidence-add").click();
    await settle();
    expect(actions.calls).toEqual([
      ["update", 1, { assignee: "Kim Lund" }],
      ["update", 1, { note: "rang the port" }],
      ["evidence", 1, { kind: "contact", value: "Harbour master, 555 0100" }],
    ]);
    const history = q<HTMLDetailsElement>(c, "claim-history");
    history.open = true;
    history.dispatchEvent(new Event("toggle"));
    await settle();
    expect(actions.calls).toContainEqual(["history", 1]);
    expect([...c.querySelectorAll('[data-testid="claim-event"]')].map((e) => e.textContent)).toHaveLength(3);
    expect([...c.querySelectorAll('[data-testid="claim-evidence-item"]')].map((e) => e.getAttribute("data-kind"))).toEqual([
      "doc",
      "contact",
    ]);
  });

  it("offers the desk's people as the assignee and sends the name chosen", async () => {
    panel.setPeople([person("Noor Haddad", "NH", "checker"), person("Anna Berg", "AB", "editor")]);
    const select = q<HTMLSelectElement>(card(panel, 2), "claim-assignee");
    expect(select.tagName).toBe("SELECT");
    // Nobody, then the people by name; "Noor", a name from before the desk
    // knew its people, stays as the claim holds it.
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ["", "Unassigned"],
      ["Anna Berg", "Anna Berg (AB, editor)"],
      ["Noor Haddad", "Noor Haddad (NH, checker)"],
      ["Noor", "Noor"],
    ]);
    expect(select.value).toBe("Noor");
    select.value = "Anna Berg";
    select.dispatchEvent(new Event("change"));
    await settle();
    select.value = "";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(actions.calls).toEqual([
      ["update", 2, { assignee: "Anna Berg" }],
      ["update", 2, { assignee: "" }],
    ]);
    // Unassigned now, "Noor" is no longer offered.
    expect(q<HTMLSelectElement>(card(panel, 2), "claim-assignee").value).toBe("");
    expect([...q<HTMLSelectElement>(card(panel, 2), "claim-assignee").options].map((o) => o.value)).toEqual(["", "Anna Berg", "Noor Haddad"]);
  });

  it("keeps Mine to the claims assigned to the user through the assignee list", async () => {
    panel.setPeople([person("Anna Berg", "AB", "checker")]);
    const user = q<HTMLInputElement>(panel.root, "claim-user");
    user.value = "anna berg";
    user.dispatchEvent(new Event("change"));
    q(panel.root, "claim-filter-mine").click();
    expect(panel.root.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(0);
    q(panel.root, "claim-filter-all").click();
    const select = q<HTMLSelectElement>(card(panel, 3), "claim-assignee");
    select.value = "Anna Berg";
    select.dispatchEvent(new Event("change"));
    await settle();
    q(panel.root, "claim-filter-mine").click();
    expect([...panel.root.querySelectorAll<HTMLElement>('[data-testid="claim-card"]')].map((c) => c.dataset.claimId)).toEqual(["3"]);
  });

  it("dismisses and restores suggested claims; hand-marked ones have no dismiss", async () => {
    q(card(panel, 1), "claim-dismiss").click();
    await settle();
    expect(card(panel, 1).closest('[data-group="inactive"]')).not.toBeNull();
    expect(q(card(panel, 1), "claim-dismiss").textContent).toBe("Restore");
    q(card(panel, 1), "claim-dismiss").click();
    await settle();
    expect(card(panel, 1).closest('[data-group="unchecked"]')).not.toBeNull();
    expect(q(card(panel, 5), "claim-dismiss").hidden).toBe(true);
  });

  it("filters by Mine, Open and All, asking for a name for Mine", () => {
    q(panel.root, "claim-filter-mine").click();
    expect(panel.root.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(0);
    expect(q(panel.root, "claim-hint").textContent).toBe("Set your name to see your claims.");
    expect(q(panel.root, "claim-filter-mine").getAttribute("aria-pressed")).toBe("true");
    const user = q<HTMLInputElement>(panel.root, "claim-user");
    user.value = "Noor";
    user.dispatchEvent(new Event("change"));
    expect(storage.getItem(USER_KEY)).toBe("Noor");
    expect([...panel.root.querySelectorAll<HTMLElement>('[data-testid="claim-card"]')].map((c) => c.dataset.claimId)).toEqual(["2"]);
    q(panel.root, "claim-filter-open").click();
    expect([...panel.root.querySelectorAll<HTMLElement>('[data-testid="claim-card"]')].map((c) => c.dataset.claimId)).toEqual(["1", "2"]);
    q(panel.root, "claim-filter-all").click();
    expect(panel.root.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(5);
    // The name is remembered for the next panel.
    expect(q<HTMLInputElement>(new ClaimPanel(actions, storage).root, "claim-user").value).toBe("Noor");
  });

  it("focuses a card, unfolding and unfiltering as needed", () => {
    panel.setFilter("open");
    panel.focusCard(4, true);
    expect(panel.currentFilter).toBe("all");
    expect(panel.root.querySelector<HTMLDetailsElement>('[data-group="inactive"]')!.open).toBe(true);
    expect(document.activeElement).toBe(card(panel, 4));
    expect(card(panel, 4).getAttribute("aria-current")).toBe("true");
    q(card(panel, 1), "claim-text").click();
    expect(actions.calls).toContainEqual(["locate", 1]);
  });

  it("shows claim text with markup as text", () => {
    panel.setClaims([{ ...storyClaims()[0], text: "<img src=x onerror=alert(1)>" }], []);
    expect(panel.root.querySelector("img")).toBeNull();
    expect(q(card(panel, 1), "claim-text").textContent).toBe("<img src=x onerror=alert(1)>");
  });
});

/** The claims of a story with two timing claims: a weekday and "last month". */
function withTiming(): Claim[] {
  const base = storyClaims()[0];
  return [
    ...storyClaims(),
    { ...base, id: 11, kind: "date", text: "on Thursday", rule: "weekday", rank: 20, timing: true, start: 40, end: 51 },
    { ...base, id: 12, kind: "date", text: "last month", rule: "relative_date", rank: 20, timing: true, start: 10, end: 20 },
  ];
}

describe("facts first, timing apart", () => {
  it("groups timing claims in text order under a folded Timing group after the facts", () => {
    const groups = groupClaims(withTiming());
    expect(groups.map((g) => [g.key, g.claims.map((c) => c.id), g.collapsed])).toEqual([
      ["unchecked", [1], false],
      ["checking", [2], false],
      ["verified", [3], false],
      ["timing", [12, 11], true],
      ["inactive", [4, 5], true],
    ]);
  });

  it("does not count timing claims as open unless the desk says so", () => {
    const timing = withTiming().find((c) => c.id === 11)!;
    expect(isOpen(timing)).toBe(false);
    expect(isOpen(timing, true)).toBe(true);
    expect(filterClaims(withTiming(), "open", "").map((c) => c.id)).toEqual([1, 2]);
    expect(filterClaims(withTiming(), "open", "", true).map((c) => c.id)).toEqual([1, 2, 11, 12]);
  });

  it("renders Facts to check first and Timing folded, counting open facts only", () => {
    document.body.replaceChildren();
    const panel = new ClaimPanel(fakeActions(), new MemoryStorage());
    document.body.append(panel.root);
    panel.setClaims(withTiming(), []);
    const facts = q(panel.root, "facts-group");
    const timing = q<HTMLDetailsElement>(panel.root, "timing-group");
    expect(facts.compareDocumentPosition(timing) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(facts.querySelector("h3")?.textContent).toBe("Facts to check (3)");
    expect(timing.open).toBe(false);
    expect(timing.querySelector("summary")?.textContent).toContain("Timing (2)");
    expect([...timing.querySelectorAll("[data-testid=claim-card]")].map((c) => (c as HTMLElement).dataset.claimId)).toEqual(["12", "11"]);
    expect(facts.querySelector('[data-claim-id="11"]')).toBeNull();
    expect(q(panel.root, "claim-count").textContent).toBe("2 open of 7");
    panel.setTimingOpen(true);
    expect(q(panel.root, "claim-count").textContent).toBe("4 open of 7");
    expect(q(panel.root, "timing-group").textContent).toContain("counted as open");
    // Showing a timing claim's card (from the text) unfolds the group.
    panel.setTimingOpen(false);
    panel.focusCard(11);
    expect(q<HTMLDetailsElement>(panel.root, "timing-group").open).toBe(true);
    expect(card(panel, 11).classList.contains("current")).toBe(true);
  });

  it("shows figures that contradict each other on both claims, without 'the wire says'", () => {
    const claims = storyClaims();
    const [tickets, percent] = [claims[0], claims[2]];
    const finding: IntegrityFinding = {
      kind: "figure-contradicts",
      start: tickets.start,
      end: tickets.end,
      text: tickets.text,
      wire_text: percent.text,
      related_start: percent.start,
      related_end: percent.end,
      other_story_id: null,
      message: `two different figures (dead) in this story: "${tickets.text}" and, further down, "${percent.text}"`,
      key: "c1",
      acknowledged: null,
    };
    expect(findingsFor(tickets, [finding])).toEqual([finding]);
    expect(findingsFor(percent, [finding])).toEqual([finding]);
    expect(findingsFor(claims[1], [finding])).toEqual([]);
    expect(unattachedFindings(claims, [finding])).toEqual([]);
    expect(findingText(finding)).not.toContain("The wire says");
    document.body.replaceChildren();
    const panel = new ClaimPanel(fakeActions(), new MemoryStorage());
    document.body.append(panel.root);
    panel.setClaims(claims, [finding]);
    for (const id of [tickets.id, percent.id]) {
      const shown = q(card(panel, id), "claim-finding");
      expect(shown.dataset.kind).toBe("figure-contradicts");
      expect(shown.textContent).toContain("two different figures");
      // Accepted once, on the card of the first figure.
      expect(shown.querySelector("[data-testid=finding-reason]") !== null).toBe(id === tickets.id);
    }
  });
});
