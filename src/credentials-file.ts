import { ConfigError, shown, UsageError } from "./errors.js";
import { type IniFile, type IniSection, parseIni, sectionValues } from "./ini.js";

/** The keys awsrole owns in a profile it writes; every other line of the section stays. */
const MANAGED = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "x_security_token_expires"];

/**
 * The credentials file with `[name]` holding these keys, every byte outside awsrole's key lines
 * as it was. Built on the reader's own sections (ini.ts), and checked by reading the result
 * back: the section must hold exactly these keys plus its other ones, and every other section
 * and [DEFAULT] must read as before — so awsrole never writes a file the AWS CLI reads otherwise.
 * A file the CLI cannot read is not written at all; a section with long-term keys (in any
 * letter case: the reader lower-cases them) is never overwritten.
 */
export function replaceSection(path: string, text: string, name: string, values: Record<string, string>): string {
  const before = parseIni(path, text);
  const keyLines = (indent: string) =>
    MANAGED.filter((k) => values[k] !== undefined).map((k) => `${indent}${k} = ${values[k]}${before.eol}`);
  const section = before.sections.find((s) => s.name === name);
  let out: string;
  if (!section) {
    const separator = text === "" ? "" : /[\r\n]$/.test(text) ? before.eol : before.eol + before.eol;
    out = `${text}${separator}[${name}]${before.eol}${keyLines("").join("")}`;
  } else {
    const own = Object.fromEntries(section.options.map((o) => [o.key, o.value]));
    if (
      own.aws_access_key_id !== undefined &&
      own.aws_session_token === undefined &&
      own.aws_security_token === undefined
    ) {
      throw new UsageError(
        `[${name}] in ${path} holds long-term keys (no aws_session_token); awsrole will not overwrite them. Choose another --write-profile name.`,
      );
    }
    out = rewriteSection(before, section, keyLines);
  }
  verify(before, parseIniOrRefuse(path, out, name), name, values);
  return out;
}

/** The section with its managed key lines (and their continuation lines) removed and the new ones after the header. */
function rewriteSection(file: IniFile, section: IniSection, keyLines: (indent: string) => string[]): string {
  const { text } = file;
  const dropped = section.options.filter((o) => MANAGED.includes(o.key)).flatMap((o) => o.lines);
  const kept = section.options.filter((o) => !MANAGED.includes(o.key));
  // The first key line left sets how deep the section's keys are indented; the new lines take the
  // same indent, so that one indented deeper than them is never read as their continuation.
  const first = kept[0]?.lines[0];
  const indent = first ? (/^[ \t]*/.exec(text.slice(first.start, first.end))?.[0] ?? "") : "";
  let body = "";
  let at = section.headerEnd;
  for (const line of dropped.sort((a, b) => a.start - b.start)) {
    body += text.slice(at, line.start);
    at = line.end;
  }
  body += text.slice(at, section.end);
  const header = text.slice(section.headerStart, section.headerEnd);
  const headerBreak = /[\r\n]$/.test(header) ? "" : file.eol;
  return (
    text.slice(0, section.headerStart) +
    header +
    headerBreak +
    keyLines(indent).join("") +
    body +
    text.slice(section.end)
  );
}

function parseIniOrRefuse(path: string, text: string, name: string): IniFile {
  try {
    return parseIni(path, text);
  } catch {
    throw refuse(name);
  }
}

const refuse = (name: string) =>
  new ConfigError(
    `--write-profile ${shown(name)} cannot be written so that the AWS CLI reads it back as that profile. Choose a name without line breaks, other than DEFAULT.`,
  );

/** The written file must read as the old one with only `[name]`'s managed keys changed. */
function verify(before: IniFile, after: IniFile, name: string, values: Record<string, string>): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const read = (file: IniFile) => new Map(file.sections.map((s) => [s.name, sectionValues(file, s)] as const));
  const old = read(before);
  const now = read(after);
  if (!same(sectionValues(before, undefined), sectionValues(after, undefined))) throw refuse(name);
  for (const [section, valuesBefore] of old)
    if (section !== name && !same(valuesBefore, now.get(section))) throw refuse(name);
  const target = now.get(name);
  if (!target || now.size !== old.size + (old.has(name) ? 0 : 1)) throw refuse(name);
  const expected: Record<string, unknown> = { ...(old.get(name) ?? sectionValues(before, undefined)) };
  for (const key of MANAGED) delete expected[key];
  for (const key of MANAGED) if (values[key] !== undefined) expected[key] = values[key];
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (!same(sorted(expected), sorted(target))) throw refuse(name);
}
