import { vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const ipc = await import("./ipc");

/** The IpcError a failed call rejects with. */
async function failure(call: () => Promise<unknown>): Promise<InstanceType<typeof ipc.IpcError>> {
  let caught: unknown;
  try {
    await call();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ipc.IpcError);
  return caught as InstanceType<typeof ipc.IpcError>;
}

describe("ipc", () => {
  it("calls the registered commands with their argument names", async () => {
    invoke.mockImplementation(async () => []);
    await ipc.listStories();
    await ipc.getStory(7);
    await ipc.searchStories("troops");
    expect(invoke.mock.calls).toEqual([
      ["list_stories", { limit: ipc.INBOX_PAGE, offset: 0, filter: {} }],
      ["get_story", { id: 7 }],
      ["search_stories", { query: "troops", filter: {} }],
    ]);
  });

  it("turns a command's error into an IpcError with its kind and message", async () => {
    invoke.mockImplementation(async () => {
      throw { kind: "not-found", message: "no story with id 7" };
    });
    const err = await failure(() => ipc.getStory(7));
    expect([err.kind, err.message]).toEqual(["not-found", "no story with id 7"]);
  });

  it("turns a bare string rejection (an ACL refusal) into an internal IpcError", async () => {
    invoke.mockImplementation(async () => {
      throw "command get_story not allowed by ACL";
    });
    const err = await failure(() => ipc.getStory(7));
    expect([err.kind, err.message]).toEqual(["internal", "command get_story not allowed by ACL"]);
  });

  it("passes inbox, claim, edit and integrity arguments in the shell's names", async () => {
    invoke.mockClear();
    invoke.mockImplementation(async () => []);
    await ipc.listStories(200, 100, { source: "Reuters", open_claims: true });
    await ipc.acknowledgeFinding(3, "abc123", "trimmed on purpose");
    await ipc.addClaim(3, 4, 9, "quantity");
    await ipc.updateClaim(5, { status: "verified", note: "rang the ministry" });
    await ipc.addClaimEvidence(5, { kind: "url", value: "https://example.org" });
    await ipc.saveStory(3, 12, "Headline", "Body.");
    expect(invoke.mock.calls).toEqual([
      ["list_stories", { limit: 100, offset: 200, filter: { source: "Reuters", open_claims: true } }],
      ["acknowledge_finding", { storyId: 3, key: "abc123", reason: "trimmed on purpose" }],
      ["add_claim", { storyId: 3, start: 4, end: 9, kind: "quantity" }],
      ["update_claim", { claimId: 5, status: "verified", note: "rang the ministry", assignee: null }],
      ["add_claim_evidence", { claimId: 5, evidence: { kind: "url", value: "https://example.org" } }],
      ["save_story", { storyId: 3, baseRevisionId: 12, headline: "Headline", body: "Body.", note: null }],
    ]);
  });

  it("passes a draft merge's arguments in the shell's names", async () => {
    invoke.mockClear();
    invoke.mockImplementation(async () => ({ status: "merged", revision_id: 13, conflicts: [] }));
    const outcome = await ipc.mergeDraft(3, 10, 12, "Headline", "One.\n\nTwo.");
    await ipc.mergeDraft(3, 10, 12, "Headline", "One.", [
      { id: 0, resolution: { kind: "theirs" } },
      { id: 1, resolution: { kind: "text", text: "Both." } },
    ]);
    expect(outcome.revision_id).toBe(13);
    expect(invoke.mock.calls).toEqual([
      ["merge_draft", { storyId: 3, baseRevisionId: 10, theirsRevisionId: 12, headline: "Headline", body: "One.\n\nTwo.", resolutions: [] }],
      [
        "merge_draft",
        {
          storyId: 3,
          baseRevisionId: 10,
          theirsRevisionId: 12,
          headline: "Headline",
          body: "One.",
          resolutions: [
            { id: 0, resolution: { kind: "theirs" } },
            { id: 1, resolution: { kind: "text", text: "Both." } },
          ],
        },
      ],
    ]);
  });

  it("passes the live desk's arguments in the shell's names", async () => {
    invoke.mockClear();
    invoke.mockImplementation(async () => []);
    await ipc.setPresence(3, true);
    await ipc.setPresence(null, false);
    await ipc.deskPresence();
    await ipc.deskPeople();
    await ipc.setPerson("Anna Berg", "AB", "checker");
    await ipc.assignedToMe();
    await ipc.listStories(0, 50, { assigned_to: "Anna Berg", waiting_on_checkers: true });
    expect(invoke.mock.calls).toEqual([
      ["set_presence", { storyId: 3, typing: true }],
      ["set_presence", { storyId: null, typing: false }],
      ["desk_presence", {}],
      ["desk_people", {}],
      ["set_person", { name: "Anna Berg", initials: "AB", role: "checker" }],
      ["assigned_to_me", {}],
      ["list_stories", { limit: 50, offset: 0, filter: { assigned_to: "Anna Berg", waiting_on_checkers: true } }],
    ]);
  });

  it("passes the house style's arguments in the shell's names", async () => {
    invoke.mockClear();
    invoke.mockImplementation(async () => null);
    const rule = {
      id: "people",
      description: "",
      kind: "words" as const,
      pattern: "people",
      advice: "",
      severity: "info" as const,
      examples: [],
      counterexamples: [],
      enabled: true,
    };
    await ipc.styleCheck(3, "Body.");
    await ipc.styleCheck(3, null);
    await ipc.styleIgnore(3, "spelling", "recieve");
    await ipc.styleSettings();
    await ipc.styleSaveRule(rule);
    await ipc.styleRemoveRule("people");
    await ipc.styleUseGuide("british");
    await ipc.styleSetDialect("en-GB");
    await ipc.styleTryRule(rule);
    await ipc.styleTryRule(rule, 5);
    await ipc.styleLearnNames();
    await ipc.styleImportGuide();
    await ipc.styleExportGuide();
    await ipc.addDeskWord("Peskov");
    await ipc.removeDeskWord("Peskov");
    expect(invoke.mock.calls).toEqual([
      ["style_check", { storyId: 3, text: "Body." }],
      ["style_check", { storyId: 3, text: null }],
      ["style_ignore", { storyId: 3, rule: "spelling", text: "recieve" }],
      ["style_settings", {}],
      ["style_save_rule", { rule }],
      ["style_remove_rule", { id: "people" }],
      ["style_use_guide", { name: "british" }],
      ["style_set_dialect", { dialect: "en-GB" }],
      ["style_try_rule", { rule, limit: null }],
      ["style_try_rule", { rule, limit: 5 }],
      ["style_learn_names", {}],
      ["style_import_guide", {}],
      ["style_export_guide", {}],
      ["add_desk_word", { word: "Peskov" }],
      ["remove_desk_word", { word: "Peskov" }],
    ]);
  });
});
