import type { StyleCheck } from "./ipc";
import { StyleChecker, type CheckedText } from "./style-check";
import { deferred, styleCheckOf } from "./test-support";

function setup() {
  let text: CheckedText | null = { storyId: 7, body: "One." };
  const asked: string[] = [];
  const answers: ReturnType<typeof deferred<StyleCheck>>[] = [];
  const shown: StyleCheck[] = [];
  const errors: unknown[] = [];
  const checker = new StyleChecker(
    {
      styleCheck: (_id, body) => {
        asked.push(body ?? "");
        const answer = deferred<StyleCheck>();
        answers.push(answer);
        return answer.promise;
      },
    },
    () => text,
    (check) => shown.push(check),
    (err) => errors.push(err),
    400,
  );
  return { checker, asked, answers, shown, errors, setText: (body: string | null) => (text = body === null ? null : { storyId: 7, body }) };
}

describe("checking the house style as the text is typed", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("checks once typing has paused for the delay, with the text as it is then", async () => {
    const t = setup();
    t.setText("O");
    t.checker.edited();
    await vi.advanceTimersByTimeAsync(300);
    t.setText("On");
    t.checker.edited();
    await vi.advanceTimersByTimeAsync(300);
    expect(t.asked).toEqual([]);
    t.setText("One");
    t.checker.edited();
    await vi.advanceTimersByTimeAsync(400);
    expect(t.asked).toEqual(["One"]);
  });

  it("drops an answer for text edited since it was asked for", async () => {
    const t2 = setup();
    const first = t2.checker.now();
    t2.setText("One more.");
    t2.checker.edited();
    t2.answers[0].resolve(styleCheckOf([]));
    await first;
    expect(t2.shown).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(t2.asked).toEqual(["One.", "One more."]);
    const latest = styleCheckOf([]);
    t2.answers[1].resolve(latest);
    await vi.advanceTimersByTimeAsync(0);
    expect(t2.shown).toEqual([latest]);
  });

  it("drops everything on its way once the story closes", async () => {
    const t = setup();
    const pending = t.checker.now();
    t.checker.edited();
    t.checker.stop();
    t.answers[0].resolve(styleCheckOf([]));
    await pending;
    await vi.advanceTimersByTimeAsync(1000);
    expect([t.asked, t.shown]).toEqual([["One."], []]);
  });

  it("asks for nothing while no story is open", async () => {
    const t = setup();
    t.setText(null);
    await t.checker.now();
    expect(t.asked).toEqual([]);
  });
});
