import { copyDateLabel, exactTime, shortTime } from "./time";

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

describe("the copy's own date", () => {
  it("reads as a date in the copy's own time zone, never the desk's", () => {
    expect(copyDateLabel("2025-12-05")).toBe("5 Dec 2025");
    expect(copyDateLabel("2025-12-05T05:24:00+05:30")).toBe("5 Dec 2025 05:24 UTC+05:30");
    expect(copyDateLabel("2019-08-09T09:46:53Z")).toBe("9 Aug 2019 09:46 UTC");
    expect(copyDateLabel("2018-10-21T16:25:32-05:00")).toBe("21 Oct 2018 16:25 UTC-05:00");
  });

  it("gives a month and day alone when the copy names no year", () => {
    expect(copyDateLabel("--05-14")).toBe("14 May");
  });

  it("leaves anything else as it is", () => {
    expect(copyDateLabel("next Tuesday")).toBe("next Tuesday");
    expect(copyDateLabel("2025-13-01")).toBe("2025-13-01");
  });
});
