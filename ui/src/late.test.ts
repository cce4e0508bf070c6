import { Latest } from "./late";

describe("Latest", () => {
  it("keeps only the newest request of a channel live, and each channel apart", () => {
    const answers = new Latest<"a" | "b">();
    const first = answers.next("a");
    const other = answers.next("b");
    expect(first.live).toBe(true);
    const second = answers.next("a");
    expect(first.live).toBe(false);
    expect(second.live).toBe(true);
    expect(other.live).toBe(true);
  });

  it("joins the current request without overtaking it, and drops both on drop", () => {
    const answers = new Latest<"a">();
    const started = answers.next("a");
    const joined = answers.current("a");
    expect(started.live && joined.live).toBe(true);
    answers.drop("a");
    expect(started.live).toBe(false);
    expect(joined.live).toBe(false);
    expect(answers.current("a").live).toBe(true);
  });
});
