import { ConfigError, cut } from "../system/errors.js";

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

/**
 * Python's str.isspace() (what str.strip and re's \s take), which is not JavaScript's \s: it
 * has U+001C-U+001F and U+0085, and not U+FEFF. Tested by code point, not by regular expression:
 * a 10,000-profile file has 40,000 lines to strip, and a cache hit reads it whole.
 */
export function isPySpace(c: number): boolean {
  return c <= 32
    ? c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
    : c >= 133 &&
        (c === 133 ||
          c === 160 ||
          c === 5760 ||
          (c >= 8192 && c <= 8202) ||
          c === 8232 ||
          c === 8233 ||
          c === 8239 ||
          c === 8287 ||
          c === 12288);
}

/** Python's str.strip(): the text without its leading and trailing isPySpace characters. */
function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

const pyRstrip = (text: string) => {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
};
/** Python's str.splitlines() boundaries, which botocore's nested-section reader uses. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are line breaks to Python.
const PY_LINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export type IniValue = string | Record<string, string>;

/** One `key = value` and the lines it covers (its continuation lines included). */
interface IniOption {
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
  /** The keys, read from the text when first asked for (the whole file was checked already). */
  readonly options: IniOption[];
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
    cut(`${path} line ${line}: ${what}. The AWS CLI cannot read this file either; fix that line.`, 600, ""),
  );

/** A header line found where a section body ended. */
interface Header {
  name: string;
  start: number;
  end: number;
  indent: number;
  line: number;
}

/** What reading one section's body found: its keys (when kept), where it ended, and the next header. */
interface Body {
  options: IniOption[];
  end: number;
  lineNumber: number;
  next?: Header;
  /** A line that is neither header nor key (configparser reports these after the whole file). */
  error?: ConfigError;
  /** Keys whose nested value has a line without `=` (botocore refuses them where a section reads them). */
  badNested: string[];
}

/**
 * Reads lines from `at` until the next header, as RawConfigParser._read does inside a section:
 * `indentLevel` starts at the header's indentation, and no option is open. With `keep` false
 * only the checks run, and nothing is kept: a cache hit checks a 10,000-profile file whole but
 * builds the keys of the two or three profiles it uses.
 */
function readBody(
  path: string,
  text: string,
  at: number,
  indentLevel: number,
  lineNumber: number,
  keep: boolean,
  lineEnd: (start: number) => number,
  preamble = false,
): Body {
  const options: IniOption[] = [];
  const badNested: string[] = [];
  // Offsets into the text rather than a string per line: a cache hit reads every line of the
  // files, and allocation is what such a loop costs.
  let seen: string[] | Set<string> = [];
  /** The open option's key; undefined when none is open. */
  let key: string | undefined;
  let option: IniOption | undefined;
  /** The open option's value lines: always when kept, else only an empty one (it may be nested). */
  let pieces: string[] | undefined;
  let error: ConfigError | undefined;
  const finish = () => {
    if (key === undefined) return;
    const joined =
      pieces === undefined ? "" : pieces.length === 1 ? (pieces[0] as string) : pyRstrip(pieces.join("\n"));
    const parsed = joined.startsWith("\n") ? nested(joined) : joined;
    if (parsed === undefined) badNested.push(key);
    if (option) {
      option.value = parsed ?? joined;
      options.push(option);
    }
    key = option = pieces = undefined;
  };
  for (let start = at; start < text.length; ) {
    lineNumber++;
    const contentEnd = lineEnd(start);
    const lineStart = start;
    start =
      text.charCodeAt(contentEnd) === 13 && text.charCodeAt(contentEnd + 1) === 10 ? contentEnd + 2 : contentEnd + 1;
    // The stripped line is text[s, e).
    let s = lineStart;
    while (s < contentEnd && isPySpace(text.charCodeAt(s))) s++;
    let e = contentEnd;
    while (e > s && isPySpace(text.charCodeAt(e - 1))) e--;
    const first = s < e ? text.charCodeAt(s) : -1;
    if (first === -1 || first === 35 || first === 59) {
      // A blank line inside a value is part of it (empty_lines_in_values); a comment is not.
      // Neither is one of the option's lines: removing the option keeps them.
      if (first === -1 && key) pieces?.push("");
      continue;
    }
    const indent = s - lineStart;
    if (key && indent > indentLevel) {
      pieces?.push(text.slice(s, e));
      option?.lines.push({ start: lineStart, end: start });
      continue;
    }
    indentLevel = indent;
    // SECTCRE, `\[(?P<header>.+)\]` matched at the start: the name runs to the line's last `]`.
    const bracket = first === 91 ? text.lastIndexOf("]", e - 1) : -1;
    if (bracket >= s + 2) {
      finish();
      const next = { name: text.slice(s + 1, bracket), start: lineStart, end: start, indent, line: lineNumber };
      return { options, end: lineStart, lineNumber, next, error, badNested };
    }
    // Before the first header only blank lines and comments may stand (MissingSectionHeaderError).
    // The line itself is never shown: in a credentials file it may hold a key.
    if (preamble) throw refuse(path, lineNumber, "text comes before the first [section] header");
    // OPTCRE, `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: split at the first = or :.
    const eq = text.indexOf("=", s);
    const colon = text.indexOf(":", s);
    const split = Math.min(eq < 0 || eq >= e ? e : eq, colon < 0 || colon >= e ? e : colon);
    if (split === e) {
      error ??= refuse(path, lineNumber, "the line is neither a [section] header nor key = value");
      continue;
    }
    finish();
    let keyEnd = split;
    while (keyEnd > s && isPySpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
    const name = text.slice(s, keyEnd).toLowerCase();
    if (name === "") error ??= refuse(path, lineNumber, `the line has no key before its ${text[split]}`);
    if (Array.isArray(seen) ? seen.includes(name) : seen.has(name)) throw new Duplicate(lineNumber, name);
    if (Array.isArray(seen) && seen.length > 16) seen = new Set(seen);
    if (Array.isArray(seen)) seen.push(name);
    else seen.add(name);
    let valueStart = split + 1;
    while (valueStart < e && isPySpace(text.charCodeAt(valueStart))) valueStart++;
    key = name;
    if (keep) {
      option = { key: name, value: "", lines: [{ start: lineStart, end: start }] };
      pieces = [text.slice(valueStart, e)];
    } else pieces = valueStart === e ? [""] : undefined;
  }
  finish();
  return { options, end: text.length, lineNumber, error, badNested };
}

/** A repeated key, named with its section by the caller. */
class Duplicate {
  constructor(
    readonly line: number,
    readonly key: string,
  ) {}
}

export function parseIni(path: string, text: string): IniFile {
  const eol = text.includes("\r\n") ? "\r\n" : text.includes("\r") && !text.includes("\n") ? "\r" : "\n";
  const sections: IniSection[] = [];
  const defaults: IniOption[] = [];
  const seenSections = new Set<string>();
  const defaultKeys = new Set<string>();
  const badDefaults: string[] = [];
  let firstError: ConfigError | undefined;
  let badNested: { line: number; key: string } | undefined;
  const lineEnd = lineEnds(text);
  let body = readBody(path, text, 0, 0, 0, false, lineEnd, true);
  while (body.next) {
    const header = body.next;
    const isDefault = header.name === "DEFAULT";
    if (!isDefault) {
      if (seenSections.has(header.name))
        throw refuse(path, header.line, `section [${cut(header.name, 60)}] is repeated`);
      seenSections.add(header.name);
    }
    try {
      body = readBody(path, text, header.end, header.indent, header.line, isDefault, lineEnd);
    } catch (duplicate) {
      if (!(duplicate instanceof Duplicate)) throw duplicate;
      throw refuse(path, duplicate.line, `key ${cut(duplicate.key, 60)} is repeated in [${cut(header.name, 60)}]`);
    }
    firstError ??= body.error;
    if (isDefault) {
      for (const option of body.options) {
        if (defaultKeys.has(option.key))
          throw refuse(path, header.line, `key ${cut(option.key, 60)} is repeated in [DEFAULT]`);
        defaultKeys.add(option.key);
        defaults.push(option);
      }
      badDefaults.push(...body.badNested);
    } else {
      if (body.badNested.length) badNested ??= { line: header.line, key: body.badNested[0] as string };
      sections.push(new LazySection(path, text, header, body.end, lineEnd));
    }
  }
  if (firstError) throw firstError;
  if (badNested)
    throw refuse(
      path,
      badNested.line,
      `the nested key ${cut(badNested.key, 60)} in this section holds a line without =`,
    );
  // botocore parses [DEFAULT]'s nested values only for the sections that do not set the key themselves.
  for (const key of badDefaults) {
    const reader = sections.find((s) => !s.options.some((o) => o.key === key));
    if (reader)
      throw refuse(
        path,
        reader.headerStart === 0 ? 1 : lineAt(text, reader.headerStart),
        `the nested key ${cut(key, 60)} of [DEFAULT] holds a line without =`,
      );
  }
  return { path, text, eol, sections, defaults };
}

/** A section whose keys are read from the text when first asked for. */
class LazySection implements IniSection {
  private read?: IniOption[];
  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly header: Header,
    readonly end: number,
    private readonly lineEnd: (start: number) => number,
  ) {}
  get name() {
    return this.header.name;
  }
  get headerStart() {
    return this.header.start;
  }
  get headerEnd() {
    return this.header.end;
  }
  get options(): IniOption[] {
    const { path, text, header, lineEnd } = this;
    this.read ??= readBody(path, text, header.end, header.indent, header.line, true, lineEnd).options;
    return this.read;
  }
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split(/\r\n?|\n/).length;

/**
 * Finds line ends (CR or LF) without rescanning: the next of each is remembered while reading
 * moves forward, and looked for again when it moves back (a section read later).
 */
function lineEnds(text: string): (start: number) => number {
  const noCR = !text.includes("\r");
  let lf = -1;
  let cr = noCR ? text.length : -1;
  let last = 0;
  return (start) => {
    if (start < last) {
      lf = -1;
      if (!noCR) cr = -1;
    }
    last = start;
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
