import { UsageError } from "./errors.js";
import { indexIni, parseSection, type SectionRange, stripComment } from "./ini.js";

/** The keys awsrole owns in a profile it writes; every other line of the section stays. */
const MANAGED = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "x_security_token_expires"];

/**
 * The credentials file with `[name]` holding these keys, every byte outside the section as it
 * was: the section's other lines (comments, region…) stay, its old key lines go, the new ones
 * follow the header. A section with long-term keys (no session token) is never overwritten.
 * Line ends follow the file (CRLF stays CRLF).
 */
export function replaceSection(text: string, name: string, values: Record<string, string>): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const keyLines = MANAGED.filter((k) => values[k] !== undefined).map((k) => `${k} = ${values[k]}${eol}`);
  const ranges = indexIni(text).filter((r) => r.name === name);
  if (ranges.length === 0) {
    const separator = text === "" ? "" : text.endsWith("\n") ? eol : eol + eol;
    return `${text}${separator}[${name}]${eol}${keyLines.join("")}`;
  }
  const existing = Object.create(null) as Record<string, string>;
  for (const range of ranges) parseSection(text, range, existing);
  if (existing.aws_access_key_id && !existing.aws_session_token) {
    throw new UsageError(
      `[${name}] in the credentials file holds long-term keys (no aws_session_token); awsrole will not overwrite them. Choose another --write-profile name.`,
    );
  }
  let out = "";
  let at = 0;
  ranges.forEach((range, i) => {
    const headerEnd = Math.min(range.bodyStart, text.length);
    const header = text.slice(range.headerStart, headerEnd) + (range.bodyStart > text.length ? eol : "");
    out += text.slice(at, range.headerStart) + header + (i === 0 ? keyLines.join("") : "") + keptLines(text, range);
    at = range.end;
  });
  return out + text.slice(at);
}

/** The body's lines except the top-level keys awsrole manages, byte for byte (read as parseSection reads them). */
function keptLines(text: string, range: SectionRange): string {
  let inSubSection = false;
  return (text.slice(range.bodyStart, range.end).match(/[^\n]*\n|[^\n]+$/g) ?? [])
    .filter((line) => {
      const trimmed = stripComment(line).trim();
      const eq = trimmed.indexOf("=");
      if (eq < 1) return true;
      if (trimmed.slice(eq + 1).trim() === "") {
        inSubSection = true;
        return true;
      }
      if (inSubSection && /^[ \t]/.test(line)) return true;
      inSubSection = false;
      return !MANAGED.includes(trimmed.slice(0, eq).trim());
    })
    .join("");
}
