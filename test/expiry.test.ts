import { describe, expect, it } from "vitest";
import { clock, hoursAndMinutes, minutesUntil, timeLeft } from "../src/system/expiry.js";

describe("an expiry as a person reads it", () => {
  it.each([
    [0, "0m"],
    [59, "59m"],
    [60, "1h00m"],
    [65, "1h05m"],
    [720, "12h00m"],
  ])("%i minutes left is %s", (minutes, text) => expect(timeLeft(minutes)).toBe(text));

  it.each([
    [3_600_000 - 1, 59, 60],
    [90_000, 1, 2],
    [89_999, 1, 1],
    [0, 0, 0],
    [-30_001, -1, -1],
    [-60_000, -1, -1],
  ])("%i ms left: %i whole minutes rounded down, %i to the nearest", (ms, down, nearest) => {
    const now = new Date(Date.UTC(2026, 0, 1));
    const expiry = new Date(now.getTime() + ms);
    expect(minutesUntil(expiry, now)).toBe(down);
    expect(minutesUntil(expiry, now, Math.round)).toBe(nearest);
  });

  it("list's token cell always shows hours", () => expect(hoursAndMinutes(5)).toBe("0h05m"));

  it("the local time is HH:MM", () => {
    expect(clock(new Date(2026, 0, 1, 9, 5))).toBe("09:05");
    expect(clock(new Date(2026, 0, 1, 23, 59, 59))).toBe("23:59");
  });
});
