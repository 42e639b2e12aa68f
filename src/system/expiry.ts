// How an expiry is shown to a person on stderr or in `list`: the local time it ends ("until
// 14:05") and the time left ("59m", "1h05m"), in whole minutes.

const twoDigits = (n: number) => String(n).padStart(2, "0");

/**
 * An instant in UTC to the second, as ISO 8601 (`2026-12-02T11:23:17Z`, or with `+00:00` for
 * `zone`): what toISOString gives without its milliseconds, the form botocore writes and parses
 * (its token cache's _serialize_utc_timestamp among them).
 * From the date's fields, as toISOString's first call costs a cache hit ~0.5 ms; a year it
 * cannot write in four digits (or an invalid date, which throws) is toISOString's.
 * test/expiry.test.ts compares the two.
 */
export function isoSeconds(date: Date, zone = "Z"): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace(/\.\d{3}Z$/, zone);
  const day = `${String(year).padStart(4, "0")}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
  return `${day}T${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}${zone}`;
}

/** The local time as HH:MM, from the date's fields: the first toTimeString costs a cache hit twice as much. */
export const clock = (date: Date) => `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;

/**
 * Whole minutes from now to an expiry (negative once it has passed), rounded down: never more
 * than is left. The success line rounds to the nearest (`Math.round`) instead, so a session STS
 * has just given for an hour reads "1h00m", not "59m".
 */
export const minutesUntil = (expiry: Date, now: Date, round: (minutes: number) => number = Math.floor) =>
  round((expiry.getTime() - now.getTime()) / 60_000);

/** Whole minutes as hours and minutes: 65 is "1h05m", 5 is "0h05m". */
export const hoursAndMinutes = (minutes: number) => `${Math.floor(minutes / 60)}h${twoDigits(minutes % 60)}m`;

/** Time left: "59m" under an hour, then "1h05m". */
export const timeLeft = (minutes: number) => (minutes >= 60 ? hoursAndMinutes(minutes) : `${minutes}m`);
