import type { BatchSummary, IngestProgress, IngestStatus } from "./ipc";
import { countsText, IngestProgressView } from "./ingest-panel";

function progress(done: number, total: number, status: IngestStatus, error: string | null = null): IngestProgress {
  return { origin: "files", done, total, file: `story-${done}.xml`, status, error };
}

function q(root: ParentNode, testid: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function errors(view: IngestProgressView): string[] {
  return [...view.root.querySelectorAll('[data-testid="ingest-error"]')].map((e) => e.textContent ?? "");
}

describe("countsText", () => {
  it("shows all four counts with singular and plural", () => {
    expect(countsText({ new: 2, update: 1, duplicate: 0, error: 1 })).toBe("2 new · 1 update · 0 duplicates · 1 error");
    expect(countsText({ new: 0, update: 0, duplicate: 0, error: 0 })).toBe("0 new · 0 updates · 0 duplicates · 0 errors");
    expect(countsText({ new: 1, update: 3, duplicate: 1, error: 2 })).toBe("1 new · 3 updates · 1 duplicate · 2 errors");
  });
});

describe("IngestProgressView counts", () => {
  it("starts hidden", () => {
    const view = new IngestProgressView();
    expect(view.root.hidden).toBe(true);
    expect(q(view.root, "ingest-counts").textContent).toBe("");
  });

  it("keeps running counts over the progress events of a batch", () => {
    const view = new IngestProgressView();
    const counts = q(view.root, "ingest-counts");

    view.progress(progress(1, 4, "new"));
    expect(view.root.hidden).toBe(false);
    expect(view.root.classList.contains("running")).toBe(true);
    expect(counts.textContent).toBe("1 new · 0 updates · 0 duplicates · 0 errors");
    expect(counts.hidden).toBe(false);

    view.progress(progress(2, 4, "update"));
    view.progress(progress(3, 4, "error", "story-3.xml: not NITF"));
    view.progress(progress(4, 4, "new"));
    expect(counts.textContent).toBe("2 new · 1 update · 0 duplicates · 1 error");
    expect(q(view.root, "ingest-progress-label").textContent).toBe("Ingesting 4 of 4 files…");
    const bar = q(view.root, "ingest-progress-bar") as HTMLProgressElement;
    expect(bar.max).toBe(4);
    expect(bar.value).toBe(4);
    expect(errors(view)).toEqual(["story-3.xml: not NITF"]);
  });

  it("resets the counts and errors when a new batch starts (done <= 1)", () => {
    const view = new IngestProgressView();
    view.progress(progress(1, 2, "new"));
    view.progress(progress(2, 2, "error", "broken"));
    expect(q(view.root, "ingest-counts").textContent).toBe("1 new · 0 updates · 0 duplicates · 1 error");

    view.progress({ ...progress(1, 3, "duplicate"), origin: "drop-folder" });
    expect(q(view.root, "ingest-counts").textContent).toBe("0 new · 0 updates · 1 duplicate · 0 errors");
    expect(errors(view)).toEqual([]);
    expect(q(view.root, "ingest-progress-label").textContent).toBe("Ingesting 1 of 3 files from the drop folder…");

    // done 0 also starts afresh.
    view.progress(progress(2, 3, "update"));
    view.progress(progress(0, 1, "update"));
    expect(q(view.root, "ingest-counts").textContent).toBe("0 new · 1 update · 0 duplicates · 0 errors");
  });

  it("shows the batch's final counts from finished()", () => {
    const view = new IngestProgressView();
    view.progress(progress(1, 5, "new"));
    view.progress(progress(2, 5, "new"));

    const summary: BatchSummary = {
      origin: "files",
      files: 5,
      new: 2,
      update: 1,
      duplicate: 1,
      error: 1,
      reports: [
        { file: "a.xml", status: "new", story_id: 1, revision_id: 10, error: null },
        { file: "b.xml", status: "new", story_id: 2, revision_id: 20, error: null },
        { file: "c.xml", status: "update", story_id: 1, revision_id: 11, error: null },
        { file: "d.xml", status: "duplicate", story_id: 2, revision_id: null, error: null },
        { file: "e.xml", status: "error", story_id: null, revision_id: null, error: "e.xml: <b>empty</b>" },
      ],
    };
    view.finished(summary);

    expect(q(view.root, "ingest-counts").textContent).toBe("2 new · 1 update · 1 duplicate · 1 error");
    expect(view.root.classList.contains("running")).toBe(false);
    expect(q(view.root, "ingest-progress-bar").hidden).toBe(true);
    const label = q(view.root, "ingest-progress-label");
    expect(label.textContent).toBe("Ingest: 2 new, 1 update, 1 duplicate, 1 error");
    expect(label.classList.contains("error")).toBe(true);
    expect(errors(view)).toEqual(["e.xml: <b>empty</b>"]);
    expect(view.root.querySelector("b")).toBeNull();
  });

  it("final counts replace the running ones even when they differ", () => {
    const view = new IngestProgressView();
    view.progress(progress(1, 1, "error", "boom"));
    view.finished({ origin: "drop-folder", files: 1, new: 0, update: 0, duplicate: 1, error: 0, reports: [] });
    expect(q(view.root, "ingest-counts").textContent).toBe("0 new · 0 updates · 1 duplicate · 0 errors");
    expect(q(view.root, "ingest-progress-label").textContent).toBe("Drop folder: 1 duplicate");
    expect(q(view.root, "ingest-progress-label").classList.contains("error")).toBe(false);
    expect(errors(view)).toEqual([]);
  });
});
