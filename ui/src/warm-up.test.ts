import { warmUp } from "./warm-up";

describe("the editor warm-up", () => {
  it("opens an invented story off screen and leaves nothing behind", async () => {
    localStorage.clear();
    const before = document.body.children.length;
    await warmUp(document);
    expect(document.body.children.length).toBe(before);
    expect(document.querySelector(".warm-up")).toBeNull();
    expect(localStorage.length).toBe(0);
  });
});
