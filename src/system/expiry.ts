// How an expiry is shown to a person on stderr or in `list`: the local time it ends ("until
// 14:05") and the time left ("59m", "1h05m"), in whole minutes.

const twoDigits = (n: number) => String(n).padStart(2, "0");

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
