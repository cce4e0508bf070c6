import { ExportDialog, exportAction, FORMAT_LABELS, PREVIEW_CHARS, type ExportApi } from "./export-dialog";
import { claimStory } from "./fixtures";
import { IpcError, type ExportFormat, type ExportOutcome, type HistoryEntry, type StoryDetail } from "./ipc";
import { settle, storyRevision } from "./test-support";

const story: StoryDetail = { ...claimStory, revision_id: 71 };

/** A revision of the claim story (69 the first), as its history lists it. */
function entry(id: number, kind: HistoryEntry["kind"]): HistoryEntry {
  return storyRevision(id, kind, { summary: "first version", words_added: 0, words_removed: 0 });
}

const history = [entry(69, "wire"), entry(70, "edit"), entry(71, "edit")];

type Call = [number, ExportFormat, number | null];

interface FakeExportApi extends ExportApi {
  blockerCalls: Call[];
  previewCalls: Call[];
  exports: [number, ExportFormat, number | null, string | null][];
  blockers: string[];
  preview: string | Error;
  outcome: ExportOutcome | null | Error;
}

function fakeApi(fields: Partial<Pick<FakeExportApi, "blockers" | "preview" | "outcome">> = {}): FakeExportApi {
  const api: FakeExportApi = {
    blockerCalls: [],
    previewCalls: [],
    exports: [],
    blockers: [],
    preview: "<nitf>Harbour council approves ferry tickets</nitf>",
    outcome: null,
    ...fields,
    exportBlockers: async (id, format, revision) => {
      api.blockerCalls.push([id, format, revision]);
      return api.blockers;
    },
    exportPreview: async (id, format, revision) => {
      api.previewCalls.push([id, format, revision]);
      if (api.preview instanceof Error) throw api.preview;
      return api.preview;
    },
    exportStory: async (id, format, revision, reason) => {
      api.exports.push([id, format, revision, reason]);
      if (api.outcome instanceof Error) throw api.outcome;
      return api.outcome;
    },
    storyHistory: async () => history,
  };
  return api;
}

function outcome(fields: Partial<ExportOutcome> = {}): ExportOutcome {
  return {
    export_id: 5,
    revision_id: 71,
    format: "nitf",
    file: "/home/rosa/ferry.xml",
    sha256: "ef".repeat(32),
    bytes: 1234,
    override_reason: null,
    ...fields,
  };
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function mount(api: ExportApi, onExported?: (id: number, outcome: ExportOutcome) => void): ExportDialog {
  const dialog = new ExportDialog(api, onExported);
  document.body.append(dialog.dialog);
  return dialog;
}

function reasonBox(dialog: HTMLElement): HTMLElement {
  return q(dialog, "override-reason").closest("label")!;
}

function type(area: HTMLTextAreaElement, text: string): void {
  area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("exportAction", () => {
  it("exports freely when nothing blocks", () => {
    expect(exportAction([], "")).toEqual({ label: "Export…", enabled: true });
    expect(exportAction([], "any reason")).toEqual({ label: "Export…", enabled: true });
  });

  it("needs a non-blank reason past the gate", () => {
    expect(exportAction(["2 claims unchecked"], "")).toEqual({ label: "Export past the gate…", enabled: false });
    expect(exportAction(["2 claims unchecked"], "  \n ")).toEqual({ label: "Export past the gate…", enabled: false });
    expect(exportAction(["2 claims unchecked"], "editor approved")).toEqual({
      label: "Export past the gate…",
      enabled: true,
    });
  });
});

describe("ExportDialog", () => {
  it("opens with the revisions newest first, the current one selected and NITF chosen", async () => {
    const api = fakeApi();
    const view = mount(api);
    await view.open(story);

    expect(view.dialog.hasAttribute("open") || view.dialog.open).toBe(true);
    const revision = q<HTMLSelectElement>(view.dialog, "export-revision");
    expect([...revision.options].map((o) => o.value)).toEqual(["71", "70", "69"]);
    expect(revision.value).toBe("71");
    expect(revision.selectedOptions[0].textContent).toMatch(/^Edit · r71 .* current$/);
    const format = q<HTMLSelectElement>(view.dialog, "export-format");
    expect(format.value).toBe("nitf");
    expect(format.selectedOptions[0].textContent).toBe(FORMAT_LABELS.nitf);
    expect(format.options).toHaveLength(10);
    expect(api.blockerCalls).toEqual([[7, "nitf", 71]]);
    expect(api.previewCalls).toEqual([[7, "nitf", 71]]);
    expect(q(view.dialog, "export-preview").textContent).toBe("<nitf>Harbour council approves ferry tickets</nitf>");
    expect(q(view.dialog, "export-preview").children).toHaveLength(0);
  });

  it("checks the gate again for another format or revision", async () => {
    const api = fakeApi();
    const view = mount(api);
    await view.open(story);

    const format = q<HTMLSelectElement>(view.dialog, "export-format");
    format.value = "md";
    format.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(api.blockerCalls.at(-1)).toEqual([7, "md", 71]);
    expect(api.previewCalls.at(-1)).toEqual([7, "md", 71]);

    const revision = q<HTMLSelectElement>(view.dialog, "export-revision");
    revision.value = "69";
    revision.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(api.blockerCalls.at(-1)).toEqual([7, "md", 69]);
  });

  it("lists the blockers and needs a reason, which is sent trimmed", async () => {
    const api = fakeApi({
      blockers: ["2 claims are unchecked", "1 claim is disputed"],
      outcome: outcome({ override_reason: "editor approved" }),
    });
    const exported: [number, ExportOutcome][] = [];
    const view = mount(api, (id, o) => exported.push([id, o]));
    await view.open(story);

    const gate = q(view.dialog, "export-gate");
    expect(gate.dataset.state).toBe("blocked");
    expect(gate.classList.contains("blocked")).toBe(true);
    expect([...gate.querySelectorAll('[data-testid="export-blocker"]')].map((b) => b.textContent)).toEqual([
      "2 claims are unchecked",
      "1 claim is disputed",
    ]);
    expect(reasonBox(view.dialog).hidden).toBe(false);
    const confirm = q<HTMLButtonElement>(view.dialog, "export-confirm");
    expect(confirm.textContent).toBe("Export past the gate…");
    expect(confirm.disabled).toBe(true);

    const reason = q<HTMLTextAreaElement>(view.dialog, "override-reason");
    type(reason, "   ");
    expect(confirm.disabled).toBe(true);
    type(reason, "  editor approved \n");
    expect(confirm.disabled).toBe(false);

    confirm.click();
    await settle();
    expect(api.exports).toEqual([[7, "nitf", 71, "editor approved"]]);
    expect(q(view.dialog, "export-message").textContent).toBe(
      "Exported revision 71 as NITF 3.6 to /home/rosa/ferry.xml (1234 bytes), past the gate: editor approved.",
    );
    expect(exported).toEqual([[7, api.outcome]]);
  });

  it("sends no reason when nothing blocks and says the gate is clear", async () => {
    const api = fakeApi({ outcome: outcome() });
    const exported: number[] = [];
    const view = mount(api, (id) => exported.push(id));
    await view.open(story);

    const gate = q(view.dialog, "export-gate");
    expect(gate.dataset.state).toBe("clear");
    expect(gate.textContent).toBe("✓ Nothing holds this export back.");
    expect(gate.querySelector('[data-testid="export-blocker"]')).toBeNull();
    expect(reasonBox(view.dialog).hidden).toBe(true);
    const confirm = q<HTMLButtonElement>(view.dialog, "export-confirm");
    expect(confirm.textContent).toBe("Export…");
    expect(confirm.disabled).toBe(false);

    // A stale reason typed in the hidden box is not sent.
    type(q<HTMLTextAreaElement>(view.dialog, "override-reason"), "leftover");
    confirm.click();
    await settle();
    expect(api.exports).toEqual([[7, "nitf", 71, null]]);
    const message = q(view.dialog, "export-message");
    expect(message.textContent).toBe("Exported revision 71 as NITF 3.6 to /home/rosa/ferry.xml (1234 bytes).");
    expect(message.classList.contains("error")).toBe(false);
    expect(exported).toEqual([7]);
  });

  it("says nothing was written when the save dialog is cancelled", async () => {
    const api = fakeApi({ outcome: null });
    const exported: number[] = [];
    const view = mount(api, (id) => exported.push(id));
    await view.open(story);
    q<HTMLButtonElement>(view.dialog, "export-confirm").click();
    await settle();
    expect(api.exports).toHaveLength(1);
    expect(q(view.dialog, "export-message").textContent).toBe("Export cancelled; nothing was written.");
    expect(exported).toEqual([]);
    expect(q<HTMLButtonElement>(view.dialog, "export-confirm").disabled).toBe(false);
  });

  it("cuts a long preview with a note", async () => {
    const long = "a".repeat(PREVIEW_CHARS) + "bcdef";
    const view = mount(fakeApi({ preview: long }));
    await view.open(story);
    expect(q(view.dialog, "export-preview").textContent).toBe(
      `${"a".repeat(PREVIEW_CHARS)}\n… (5 more characters in the file)`,
    );
  });

  it("shows a preview of exactly PREVIEW_CHARS whole", async () => {
    const text = "z".repeat(PREVIEW_CHARS);
    const view = mount(fakeApi({ preview: text }));
    await view.open(story);
    expect(q(view.dialog, "export-preview").textContent).toBe(text);
  });

  it('shows "No preview: …" when the preview fails', async () => {
    const view = mount(fakeApi({ preview: new IpcError("export-failed", "no renderer for <x>") }));
    await view.open(story);
    const preview = q(view.dialog, "export-preview");
    expect(preview.textContent).toBe("No preview: no renderer for <x>");
    expect(preview.classList.contains("error")).toBe(true);
  });

  it("checks the gate again when the export is refused", async () => {
    const api = fakeApi({ outcome: new IpcError("export-refused", "a claim was disputed meanwhile") });
    const view = mount(api);
    await view.open(story);
    expect(api.blockerCalls).toHaveLength(1);

    // Someone disputes a claim between the gate check and the export.
    api.blockers = ["1 claim is disputed"];
    q<HTMLButtonElement>(view.dialog, "export-confirm").click();
    await vi.waitFor(() => expect(api.blockerCalls).toHaveLength(2));
    await settle();

    const message = q(view.dialog, "export-message");
    expect(message.textContent).toBe("Not exported: a claim was disputed meanwhile");
    expect(message.classList.contains("error")).toBe(true);
    expect([...view.dialog.querySelectorAll('[data-testid="export-blocker"]')].map((b) => b.textContent)).toEqual([
      "1 claim is disputed",
    ]);
    expect(reasonBox(view.dialog).hidden).toBe(false);
    expect(q<HTMLButtonElement>(view.dialog, "export-confirm").disabled).toBe(true);
  });

  it("does not re-check the gate for other errors", async () => {
    const api = fakeApi({ outcome: new IpcError("io", "disk full") });
    const view = mount(api);
    await view.open(story);
    q<HTMLButtonElement>(view.dialog, "export-confirm").click();
    await settle();
    expect(api.blockerCalls).toHaveLength(1);
    expect(q(view.dialog, "export-message").textContent).toBe("Not exported: disk full");
  });

  it("reports a gate that cannot be checked", async () => {
    const api = fakeApi();
    api.exportBlockers = async () => {
      throw new Error("claims table locked");
    };
    const view = mount(api);
    await view.open(story);
    expect(q(view.dialog, "export-gate").textContent).toBe("Could not check the gate: claims table locked");
  });

  it("clears the reason and message when opened again", async () => {
    const api = fakeApi({ blockers: ["1 claim is disputed"], outcome: null });
    const view = mount(api);
    await view.open(story);
    const reason = q<HTMLTextAreaElement>(view.dialog, "override-reason");
    type(reason, "because");
    q<HTMLButtonElement>(view.dialog, "export-confirm").click();
    await settle();
    expect(q(view.dialog, "export-message").textContent).not.toBe("");

    view.close();
    await view.open(story);
    expect(reason.value).toBe("");
    expect(q(view.dialog, "export-message").textContent).toBe("");
    expect(q<HTMLButtonElement>(view.dialog, "export-confirm").disabled).toBe(true);
  });
});
