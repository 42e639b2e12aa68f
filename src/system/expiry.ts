// How an expiry is shown to a person on stderr or in `list`: the local time it ends ("until
// 14:05") and the time left ("59m", "1h05m").

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** The local time as HH:MM, from the date's fields: the first toTimeString costs a cache hit twice as much. */
export const clock = (date: Date) => `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;

/** Whole minutes as hours and minutes: 65 is "1h05m", 5 is "0h05m". */
export const hoursAndMinutes = (minutes: number) => `${Math.floor(minutes / 60)}h${twoDigits(minutes % 60)}m`;

/** Time left: "59m" under an hour, then "1h05m". */
export const timeLeft = (minutes: number) => (minutes >= 60 ? hoursAndMinutes(minutes) : `${minutes}m`);
