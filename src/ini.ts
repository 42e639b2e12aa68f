/**
 * The AWS shared config/credentials format, read as the SDKs read it
 * (aws-sdk-js-v3 parseIni; botocore's raw_config_parse): `#`/`;` comments, also after a space
 * at the end of a line; indented lines under `key =` form a sub-section (`s3 =\n  x = y`).
 * Hand-written because general INI packages disagree with the SDKs (`ini` turns the dots in
 * `[profile a.b]` into nesting and reads quotes), and because a cache hit with a 10,000-profile
 * file must stay fast: `indexIni` only finds where sections are, and a section's lines are read
 * when that section is asked for.
 */
export type IniSections = Map<string, Record<string, string>>;

/** Where one section's body lies in the text: after its `[header]` line, up to the next header. */
export interface SectionRange {
  name: string;
  /** Offset of the header line, and of the first byte after the section. */
  headerStart: number;
  bodyStart: number;
  end: number;
}

const COMMENT = /(?:^|\s)[;#]/;

export const stripComment = (line: string) =>
  line.includes("#") || line.includes(";") ? line.slice(0, COMMENT.exec(line)?.index ?? line.length) : line;

/** The `[header]` line whose `[` is at `at`, if it is one (only white space before it on its line). */
function headerAt(text: string, at: number): Omit<SectionRange, "end"> | undefined {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if (lineStart !== at && text.slice(lineStart, at).trim() !== "") return undefined;
  let lineEnd = text.indexOf("\n", at);
  if (lineEnd < 0) lineEnd = text.length;
  const line = stripComment(text.slice(at, lineEnd)).trim();
  if (!line.endsWith("]")) return undefined;
  return { name: line.slice(1, -1).trim(), headerStart: lineStart, bodyStart: lineEnd + 1 };
}

function nextHeaderStart(text: string, from: number): number {
  for (let at = text.indexOf("[", from); at >= 0; at = text.indexOf("[", at + 1)) {
    const header = headerAt(text, at);
    if (header) return header.headerStart;
  }
  return text.length;
}

/** Every `[header]` line, in order, found by jumping from `[` to `[`. */
export function indexIni(text: string): SectionRange[] {
  const sections: SectionRange[] = [];
  for (let at = text.indexOf("["); at >= 0; at = text.indexOf("[", at + 1)) {
    const header = headerAt(text, at);
    if (!header) continue;
    const previous = sections.at(-1);
    if (previous) previous.end = header.headerStart;
    sections.push({ ...header, end: text.length });
  }
  return sections;
}

/**
 * The sections whose header line matches `header` (a pattern for one name's spellings), found
 * by one regular-expression scan instead of indexing every section: what keeps a lookup in a
 * 10,000-profile file as cheap as in a small one.
 */
export function findSections(text: string, header: RegExp, isName: (section: string) => boolean): SectionRange[] {
  const ranges: SectionRange[] = [];
  for (const match of text.matchAll(header)) {
    const found = headerAt(text, text.indexOf("[", match.index));
    if (found && isName(found.name)) ranges.push({ ...found, end: nextHeaderStart(text, found.bodyStart) });
  }
  return ranges;
}

/** The keys of one section's body. */
export function parseSection(text: string, range: SectionRange, into: Record<string, string> = Object.create(null)) {
  let subSection: string | undefined;
  for (const raw of text.slice(range.bodyStart, range.end).split("\n")) {
    const line = stripComment(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    const trimmed = line.trim();
    const eq = trimmed.indexOf("=");
    if (eq < 1) continue;
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (value === "") {
      subSection = key;
    } else {
      if (subSection && line[0] !== " " && line[0] !== "\t") subSection = undefined;
      into[subSection ? `${subSection}.${key}` : key] = value;
    }
  }
  return into;
}

/** All sections at once (a repeated section merges), for callers that need every one. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  for (const range of indexIni(text)) sections.set(range.name, parseSection(text, range, sections.get(range.name)));
  return sections;
}
