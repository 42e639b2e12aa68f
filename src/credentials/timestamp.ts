/**
 * An SSO token file's expiresAt as botocore reads it (tokens.py and credentials.py call
 * dateutil.parser.parse, then compare with an aware "now", so a time without a zone fails
 * there too): ISO 8601 date and time, extended (2099-01-01T00:00:00) or basic
 * (20990101T000000), seconds and fraction optional, then a zone: Z, UTC or GMT (the CLI v2
 * before 2.1.14 wrote "…UTC"), or an offset ±HH, ±HHMM, ±HH:MM, with or without a space
 * before it. dateutil reads more (month names, other orders); no AWS tool writes those.
 * Milliseconds since the epoch, or NaN when botocore would not read it either.
 */
const FORM =
  /^(?:(\d{4})-(\d{1,2})-(\d{1,2})[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?|(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2}))\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)$/;

export function parseExpiresAt(text: string): number {
  const m = FORM.exec(text.trim());
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = (
    m[1] !== undefined ? [m[1], m[2], m[3], m[4], m[5], m[6]] : [m[8], m[9], m[10], m[11], m[12], m[13]]
  ).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offsetHours = Number(m[16] ?? 0);
  const offsetMinutes = Number(m[17] ?? 0);
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 30 February over into March; botocore refuses such a day.
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
  const offset = (m[15] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return utc - offset;
}
