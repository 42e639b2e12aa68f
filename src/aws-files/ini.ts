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
 * "Strip" is Python's str.strip, whose white space is not JavaScript's: see isPySpace.
 * test/ini.oracle.test.ts compares this reader with botocore on generated files.
 *
 * Two readers apply these rules. readWhole walks every line, and reads any file. A cache hit
 * reads a config file whole, and one of 10,000 profiles has 40,000 lines: walked in JavaScript
 * that has not been compiled yet, they cost ~30 ms. So a long file is first given to quickRead,
 * which checks it with one regular expression (V8 compiles one that runs on so long a text to
 * machine code at once, on the first run) and reads only the sections asked for. It accepts the plain files that generated
 * configs are, where the rules above reduce to a per-line grammar; it returns nothing for any
 * other file (an indented line, a key that is not plain ASCII, [DEFAULT], a repeated section),
 * which readWhole then reads. test/ini.quick.test.ts holds the two readers to the same result.
 */

/**
 * Python's str.isspace() (what str.strip and re's \s take), which is not JavaScript's \s: it
 * has U+001C-U+001F and U+0085, and not U+FEFF. Tested by code point in readWhole's loop; the
 * same set is SPACE below, for quickRead.
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
  /** Every section but DEFAULT, in file order (of a long file, found when first asked for). */
  readonly sections: IniSection[];
  /** The keys of `[DEFAULT]`, which every section has. */
  defaults: IniOption[];
  /**
   * The names of those sections, one a line, in file order (a name holds no line break): one
   * string, so that a caller looking for some of 10,000 names searches it in one pass.
   */
  sectionNames: string;
  /** The section of that name, if any (a file with a name twice is refused). */
  section(name: string): IniSection | undefined;
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
  find: Finder,
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
    const contentEnd = find.lineEnd(start);
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
    const split = Math.min(find.equals(s), find.colon(s), e);
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

/**
 * Reads a file as the AWS CLI does, or throws the ConfigError naming the first line it refuses.
 * `quick`: whether to try quickRead first; by default for files of QUICK_FROM characters or more.
 */
export function parseIni(path: string, text: string, quick = text.length >= QUICK_FROM): IniFile {
  return (quick && quickRead(path, text)) || readWhole(path, text);
}

const lineBreakOf = (text: string) =>
  text.includes("\r\n") ? "\r\n" : text.includes("\r") && !text.includes("\n") ? "\r" : "\n";

/** Reads any file, line by line, as RawConfigParser._read does. */
function readWhole(path: string, text: string): IniFile {
  const eol = lineBreakOf(text);
  const sections: IniSection[] = [];
  const defaults: IniOption[] = [];
  const seenSections = new Set<string>();
  const defaultKeys = new Set<string>();
  const badDefaults: string[] = [];
  let firstError: ConfigError | undefined;
  let badNested: { line: number; key: string } | undefined;
  const find = finderOf(text);
  let body = readBody(path, text, 0, 0, 0, false, find, true);
  while (body.next) {
    const header = body.next;
    const isDefault = header.name === "DEFAULT";
    if (!isDefault) {
      if (seenSections.has(header.name))
        throw refuse(path, header.line, `section [${cut(header.name, 60)}] is repeated`);
      seenSections.add(header.name);
    }
    try {
      body = readBody(path, text, header.end, header.indent, header.line, isDefault, find);
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
      sections.push(new LazySection(path, text, header, body.end, find));
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
  const sectionNames = sections.map((s) => s.name).join("\n");
  return {
    path,
    text,
    eol,
    sections,
    defaults,
    sectionNames,
    section: (name) => sections.find((s) => s.name === name),
  };
}

/** A section whose keys are read from the text when first asked for. */
class LazySection implements IniSection {
  private read?: IniOption[];
  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly header: Pick<Header, "name" | "start" | "end" | "indent">,
    readonly end: number,
    private readonly find: Finder,
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
    const { path, text, header, find } = this;
    // The whole file was checked before any section is made, so no error can arise here, and
    // no line number is needed to name one.
    this.read ??= readBody(path, text, header.end, header.indent, 0, true, find).options;
    return this.read;
  }
}

/**
 * Files of this many characters or more go to quickRead first. Below, readWhole costs no more
 * than compiling quickRead's expression (~0.3 ms), which a cache hit on a small file would pay.
 */
const QUICK_FROM = 8192;

/**
 * Python's white space inside a line: isPySpace's set without CR and LF, which end lines
 * (test/ini.quick.test.ts checks it against isPySpace). None of these has a case, so the i flag
 * of the expression below leaves the class as it is.
 */
const SPACE = "[\\t\\v\\f \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** A line break, universal newlines: CRLF, CR or LF. */
const BREAK = "(?:\\r\\n?|\\n)";
/** The end of a line: a line pattern must reach it. */
const END = "(?=[\\r\\n]|$)";
/** A blank line or a comment (a line whose stripped form starts with # or ;), indented or not. */
const BLANK = `${SPACE}*(?:[#;][^\\r\\n]*)?${END}`;

/** How many key lines of a section are compared with the keys above them by back-reference. */
const KEYS_COMPARED = 4;
/**
 * How many more a section may have in a file quickRead reads: each is compared with the keys
 * below it by a look-ahead over the rest of the section, which a section of thousands of keys
 * would make cost their square. A file with a longer section is readWhole's.
 */
const LATER_KEYS = 16;

/**
 * One section of a plain file, from the line break before its header (or, for the first, from
 * the start of the file and its blank lines and comments) to the end of its last line:
 * - the header at the start of its line, `[` to the line's last `]`: the name, group 1;
 * - then lines each of which is blank, a comment, or `key = value` / `key: value` at the start
 *   of its line, the key printable ASCII without spaces, and no key of the section twice (the
 *   i flag compares keys as Python's str.lower() does, which for ASCII is the same). The first
 *   KEYS_COMPARED keys (groups 2, 3, …) are each compared with the keys captured above them,
 *   which costs nothing per character of the values; each of the LATER_KEYS keys after them with
 *   those first ones, and by a look-ahead with the keys below it in the section.
 * A line that starts with white space and is no comment is left unread: it may continue a value,
 * which only readWhole follows. So is a line that starts with `[` and is no header, or a key of
 * other characters. No line starting with `[` is read but a header, which findHeader relies on.
 * Every line pattern reaches the end of its line (END), so a section read ends at a line end.
 */
function sectionPattern(): string {
  const key = "(?![#;[])([!-9;<>-~]+)";
  const separator = `${SPACE}*[=:]`;
  const value = `[^\\r\\n]*${END}`;
  const blanks = `(?:${BREAK}${BLANK})*`;
  const none = (groups: number[]) =>
    groups.length === 0 ? "" : `(?!${groups.map((group) => `\\${group}${separator}`).join("|")})`;
  const first = Array.from({ length: KEYS_COMPARED }, (_, i) => i + 2);
  const later = KEYS_COMPARED + 2;
  const below = `(?!(?:${BREAK}(?!\\[)[^\\r\\n]*)*?${BREAK}\\${later}${separator})`;
  let keys = `(?:${BREAK}${none(first)}${key}${separator}${value}${below}${blanks}){0,${LATER_KEYS}}`;
  for (let i = KEYS_COMPARED; i >= 1; i--)
    keys = `(?:${BREAK}${none(first.slice(0, i - 1))}${key}${separator}${value}${blanks}${keys})?`;
  const header = `\\[([^\\r\\n]+)\\][^\\r\\n\\]]*${END}`;
  return `(?:^(?:${BLANK}${BREAK})*|${BREAK})${header}${blanks}${keys}`;
}
let quickSection: RegExp | undefined;

/**
 * Reads a plain file (see sectionPattern) as readWhole would, checking it whole but reading only
 * the sections asked for; undefined for any other file, which readWhole is left to read or refuse.
 * Replacing each section with its name and a line break checks the whole file in one call (the
 * expression is sticky and global: each match starts where the last ended, and the first that
 * fails ends the replacing). Exported for test/ini.quick.test.ts.
 */
export function quickRead(path: string, text: string): IniFile | undefined {
  quickSection ??= new RegExp(sectionPattern(), "giy");
  const names = text.replace(quickSection, "$1\n");
  // What was not read is left as it was, after the names. Unless nothing was (the text did not
  // shrink), it starts at the line break before the line that stopped the reading: a CR, or an
  // LF after the last name's, where a name holds neither and is never empty.
  if (names.length === text.length || names.includes("\r") || names.includes("\n\n")) return undefined;
  const sectionNames = names.slice(0, -1);
  const list = sectionNames.split("\n");
  // A repeated section and [DEFAULT] are readWhole's to report or apply.
  if (new Set(list).size !== list.length || list.includes("DEFAULT")) return undefined;
  const find = finderOf(text);
  /** The section whose header line starts at `start`. */
  const sectionAt = (start: number) => {
    const contentEnd = find.lineEnd(start);
    const name = text.slice(start + 1, text.lastIndexOf("]", contentEnd - 1));
    // After the line break, as readBody counts it (one past the end on a last line without one).
    const headerEnd = contentEnd + (text.startsWith("\r\n", contentEnd) ? 2 : 1);
    const header = { name, start, end: headerEnd, indent: 0 };
    return new LazySection(path, text, header, nextHeader(text, headerEnd), find);
  };
  let sections: IniSection[] | undefined;
  return {
    path,
    text,
    eol: lineBreakOf(text),
    defaults: [],
    sectionNames,
    get sections() {
      if (!sections) {
        sections = [];
        for (let start = nextHeader(text, 0); start < text.length; ) {
          const section = sectionAt(start);
          sections.push(section);
          start = section.end;
        }
      }
      return sections;
    },
    section(name) {
      const start = findHeader(text, name, find);
      return start < 0 ? undefined : sectionAt(start);
    },
  };
}

const LINE_OF_BRACKET = /[\r\n]\[/g;

/** In a file quickRead read: where the first line at or after `from` (a line start) that starts with `[` starts, or the end. */
function nextHeader(text: string, from: number): number {
  if (text.startsWith("[", from)) return from;
  LINE_OF_BRACKET.lastIndex = from;
  const found = LINE_OF_BRACKET.exec(text);
  return found ? found.index + 1 : text.length;
}

/** In a file quickRead read: where the header of section `name` starts, or -1. */
function findHeader(text: string, name: string, find: Finder): number {
  const header = `[${name}]`;
  for (let at = text.indexOf(header); at >= 0; at = text.indexOf(header, at + 1)) {
    const lineStart = at === 0 || text[at - 1] === "\n" || text[at - 1] === "\r";
    // The name runs to the line's last `]`: `[a]]` is section `a]`, not `a`.
    if (lineStart && text.lastIndexOf("]", find.lineEnd(at) - 1) === at + header.length - 1) return at;
  }
  return -1;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split(/\r\n?|\n/).length;

/** Where the next line end (CR or LF), `=` and `:` stand in one text, at or after a position; text.length for none. */
interface Finder {
  lineEnd(start: number): number;
  equals(from: number): number;
  colon(from: number): number;
}

function finderOf(text: string): Finder {
  const lf = nextOf(text, "\n");
  const cr = nextOf(text, "\r");
  return { lineEnd: (start) => Math.min(lf(start), cr(start)), equals: nextOf(text, "="), colon: nextOf(text, ":") };
}

/**
 * Finds the next `char` without rescanning: the one found is remembered while reading moves
 * forward, and looked for again when it moves back (a section read later). A search from each
 * line would run on past a line without one to the next, for each such line: in a file that has
 * none (no `:` in a credentials file), to the end of the text each time.
 */
function nextOf(text: string, char: string): (from: number) => number {
  let asked = Number.POSITIVE_INFINITY;
  let found = text.length;
  return (from) => {
    if (from < asked || found < from) {
      const at = text.indexOf(char, from);
      found = at < 0 ? text.length : at;
    }
    asked = from;
    return found;
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
