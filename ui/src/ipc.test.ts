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
      ["list_stories", { limit: ipc.INBOX_PAGE, offset: 0 }],
      ["get_story", { id: 7 }],
      ["search_stories", { query: "troops" }],
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

  it("passes export and integrity arguments in the shell's names, with defaults", async () => {
    invoke.mockClear();
    invoke.mockImplementation(async () => []);
    await ipc.exportGate(3);
    await ipc.exportStory({ storyId: 3, format: "nitf", path: "/tmp/s.xml" });
    await ipc.exportStory({
      storyId: 3,
      format: "txt",
      path: "/tmp/s.txt",
      revision: 9,
      force: true,
      overrideReason: "breaking",
    });
    await ipc.acknowledgeFinding(3, "abc123", "trimmed on purpose");
    expect(invoke.mock.calls).toEqual([
      ["export_gate", { storyId: 3 }],
      [
        "export_story",
        { storyId: 3, format: "nitf", path: "/tmp/s.xml", revision: null, force: false, overrideReason: null },
      ],
      [
        "export_story",
        { storyId: 3, format: "txt", path: "/tmp/s.txt", revision: 9, force: true, overrideReason: "breaking" },
      ],
      ["acknowledge_finding", { storyId: 3, key: "abc123", reason: "trimmed on purpose" }],
    ]);
    expect(ipc.EXPORT_FORMATS).toContain("claimreview");
  });
});
