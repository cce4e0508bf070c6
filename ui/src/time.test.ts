import { exactTime, shortTime } from "./time";

describe("received times", () => {
  const now = new Date(2026, 10, 27, 19, 30); // Fri 27 Nov 2026, local time

  it("shows the clock for today, the weekday this week, the date before", () => {
    expect(shortTime(new Date(2026, 10, 27, 14, 5).toISOString(), now)).toBe("14:05");
    expect(shortTime(new Date(2026, 10, 24, 9, 0).toISOString(), now)).toBe("Tue 09:00");
    expect(shortTime(new Date(2026, 9, 3, 8, 15).toISOString(), now)).toBe("3 Oct 08:15");
    expect(shortTime(new Date(2025, 0, 2, 8, 15).toISOString(), now)).toBe("2 Jan 2025");
  });

  it("leaves unparseable stamps as they are", () => {
    expect(shortTime("not a time", now)).toBe("not a time");
    expect(exactTime("not a time")).toBe("not a time");
  });

  it("gives the exact local time to the second", () => {
    expect(exactTime(new Date(2026, 10, 27, 14, 5, 9).toISOString())).toBe("2026-11-27 14:05:09");
  });
});
