import { ConfigError } from "./errors.js";

/**
 * The AWS shared config and credentials files, read exactly as the AWS CLI reads them: botocore's
 * `raw_config_parse` drives Python's `configparser.RawConfigParser` with its defaults, so these
 * are that parser's rules (Lib/configparser.py, `RawConfigParser._read`):
 * - lines end at LF, CR or CRLF (universal newlines); the text must be UTF-8, and a BOM is text;
 * - a line whose stripped form starts with `#` or `;` is a comment; nothing else is (`a = b # c`
 *   keeps `b # c`);
 * - a header is `[` … `]` at the start of the stripped line, the name up to the line's last `]`,
 *   whatever follows it (`[profile prod]# production` is `profile prod`);
 * - `key = value` or `key: value`, split at the first `=` or `:`, key lower-cased, both stripped;
 * - a line indented deeper than the key line before it continues that value (blank lines
 *   inside stay, comments do not); a value that starts with a line break is botocore's nested
 *   section (`s3 =` + indented `key = value` lines);
 * - `[DEFAULT]` is no section: its keys are in every section;
 * - a repeated section or key, a line that is neither, or text before the first header makes
 *   the whole file unreadable.
 * "Strip" is Python's str.strip, whose white space is not JavaScript's: see PY_SPACE.
 * test/ini.oracle.test.ts compares this reader with botocore on generated files.
 */

/** Python's str.isspace() characters (what str.strip and re's \s take); JS's \s differs. */
const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");
const RSTRIP = new RegExp(`[${PY_SPACE}]+$`);
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`);
const HEADER = /^\[(.+)\]/s;
const OPTION = new RegExp(`^(.*?)[${PY_SPACE}]*([=:])[${PY_SPACE}]*(.*)$`, "s");
/** Python's str.splitlines() boundaries, which botocore's nested-section reader uses. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are line breaks to Python.
const PY_LINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export const pyStrip = (text: string) => text.replace(STRIP, "");

export type IniValue = string | Record<string, string>;

/** One `key = value` and the lines it covers (its continuation lines included). */
export interface IniOption {
  key: string;
  value: IniValue;
  /** Offsets of each line of the option in the text: the key line, then its continuations. */
  lines: { start: number; end: number }[];
}

export interface IniSection {
  name: string;
  /** Where the header line starts and ends (after its line break). */
  headerStart: number;
  headerEnd: number;
  /** Where the section ends: the next header line, or the end of the text. */
  end: number;
  options: IniOption[];
}

export interface IniFile {
  path: string;
  text: string;
  /** Line break of the file, for lines awsrole adds: CRLF, CR or LF as the file has them. */
  eol: string;
  /** Every section but DEFAULT, in file order. */
  sections: IniSection[];
  /** The keys of `[DEFAULT]`, which every section has. */
  defaults: IniOption[];
}

const refuse = (path: string, line: number, what: string) =>
  new ConfigError(
    `${path} line ${line}: ${what}. The AWS CLI cannot read this file either; fix that line.`.slice(0, 600),
  );

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function parseIni(path: string, text: string): IniFile {
  const eol = text.includes("\r\n") ? "\r\n" : text.includes("\r") && !text.includes("\n") ? "\r" : "\n";
  const sections: IniSection[] = [];
  const defaults: IniOption[] = [];
  const seenSections = new Set<string>();
  const seenKeys = new Set<string>();
  let current: IniOption[] | undefined;
  let sectionName = "";
  let option: IniOption | undefined;
  /** The value's pieces: a key line's value, then each continuation line ('' for a blank line). */
  let pieces: string[] = [];
  const values = new Map<IniOption, string[]>();
  let indentLevel = 0;
  let firstError: ConfigError | undefined;
  let lineNumber = 0;
  const lineEnd = lineEnds(text);
  for (let start = 0; start < text.length; ) {
    lineNumber++;
    const contentEnd = lineEnd(start);
    const end = text[contentEnd] === "\r" && text[contentEnd + 1] === "\n" ? contentEnd + 2 : contentEnd + 1;
    const line = text.slice(start, contentEnd);
    const lineStart = start;
    start = end;
    const value = pyStrip(line);
    if (value === "" || value[0] === "#" || value[0] === ";") {
      // A blank line inside a value is part of it (empty_lines_in_values); a comment is not.
      // Neither is one of the option's lines: removing the option keeps them.
      if (value === "" && option && option.key !== "") pieces.push("");
      continue;
    }
    const indent = NON_SPACE.exec(line)?.index ?? 0;
    if (current && option && option.key !== "" && indent > indentLevel) {
      pieces.push(value);
      option.lines.push({ start: lineStart, end });
      continue;
    }
    indentLevel = indent;
    const header = HEADER.exec(value);
    if (header) {
      const name = header[1] as string;
      sectionName = name;
      option = undefined;
      if (name === "DEFAULT") {
        current = defaults;
        continue;
      }
      if (seenSections.has(name)) throw refuse(path, lineNumber, `section [${shorten(name)}] is repeated`);
      seenSections.add(name);
      const previous = sections.at(-1);
      if (previous) previous.end = lineStart;
      current = [];
      sections.push({ name, headerStart: lineStart, headerEnd: end, end: text.length, options: current });
      continue;
    }
    // The line itself is never shown: in a credentials file it may hold a key.
    if (!current) throw refuse(path, lineNumber, "text comes before the first [section] header");
    const match = OPTION.exec(value);
    if (!match) {
      firstError ??= refuse(path, lineNumber, "the line is neither a [section] header nor key = value");
      continue;
    }
    const key = pyStrip(match[1] as string).toLowerCase();
    if (key === "") firstError ??= refuse(path, lineNumber, `the line has no key before its ${match[2]}`);
    const id = `${sectionName}\u0000${key}`;
    if (seenKeys.has(id))
      throw refuse(path, lineNumber, `key ${shorten(key)} is repeated in [${shorten(sectionName)}]`);
    seenKeys.add(id);
    option = { key, value: "", lines: [{ start: lineStart, end }] };
    pieces = [(match[3] as string).replace(STRIP, "")];
    values.set(option, pieces);
    current.push(option);
  }
  if (firstError) throw firstError;
  const lineOf = (offset: number) => text.slice(0, offset).split(/\r\n?|\n/).length;
  // botocore parses a nested value for each section that has the key (its own or [DEFAULT]'s),
  // so a bad nested value refuses the file only where some section would read it.
  const bad = new Set<IniOption>();
  for (const [opt, parts] of values) {
    const joined = parts.join("\n").replace(RSTRIP, "");
    const parsed = joined.startsWith("\n") ? nested(joined) : joined;
    if (parsed === undefined) bad.add(opt);
    opt.value = parsed ?? joined;
  }
  for (const section of bad.size ? sections : []) {
    const effective = new Map<string, IniOption>();
    for (const opt of [...defaults, ...section.options]) effective.set(opt.key, opt);
    for (const opt of effective.values()) {
      if (bad.has(opt))
        throw refuse(
          path,
          lineOf(opt.lines[0]?.start ?? 0),
          `the nested key ${shorten(opt.key)} holds a line without =`,
        );
    }
  }
  return { path, text, eol, sections, defaults };
}

/** Finds line ends (CR or LF) without rescanning: the next of each is remembered. */
function lineEnds(text: string): (start: number) => number {
  let lf = -1;
  let cr = text.includes("\r") ? -1 : text.length;
  return (start) => {
    if (lf < start) lf = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
    if (cr < start) cr = text.indexOf("\r", start) < 0 ? text.length : text.indexOf("\r", start);
    return Math.min(lf, cr);
  };
}

/** botocore's _parse_nested: every non-blank line is `key = value`; keys keep their case. Undefined: a line without `=`. */
function nested(value: string): Record<string, string> | undefined {
  const out: Record<string, string> = Object.create(null);
  for (const raw of value.split(PY_LINES)) {
    const line = pyStrip(raw);
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq < 0) return undefined;
    out[pyStrip(line.slice(0, eq))] = pyStrip(line.slice(eq + 1));
  }
  return out;
}

/** A section's keys as the CLI sees them: `[DEFAULT]`'s first, the section's own over them. */
export function sectionValues(file: IniFile, section: IniSection | undefined): Record<string, IniValue> {
  const out: Record<string, IniValue> = Object.create(null);
  for (const option of file.defaults) out[option.key] = option.value;
  for (const option of section?.options ?? []) out[option.key] = option.value;
  return out;
}
