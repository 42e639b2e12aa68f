import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clock, hoursAndMinutes, isoSeconds, minutesUntil, timeLeft } from "../src/system/expiry.js";

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

describe("an instant in UTC to the second (isoSeconds), against toISOString", () => {
  const reference = (date: Date, zone = "Z") => date.toISOString().replace(/\.\d{3}Z$/, zone);
  it("is toISOString without milliseconds for every instant toISOString can write", () => {
    // From before year 0 to past 9999: toISOString's six-digit years, its edges, leap days.
    const instant = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
    const edges = fc.constantFrom(
      ...[
        "0000-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
        "-000001-12-31T23:59:59.999Z",
        "+010000-01-01T00:00:00.000Z",
        "2024-02-29T12:00:00.500Z",
        "1970-01-01T00:00:00.000Z",
      ].map((iso) => new Date(iso)),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          instant,
          instant.map((d) => new Date(d.getTime() % 3.2e14)),
          edges,
        ),
        fc.constantFrom("Z", "+00:00"),
        (date, zone) => {
          expect(isoSeconds(date, zone)).toBe(reference(date, zone));
        },
      ),
      { numRuns: 5000 },
    );
  });
  it("throws on an invalid date, as toISOString does", () => {
    expect(() => isoSeconds(new Date(Number.NaN))).toThrow(RangeError);
  });
});
