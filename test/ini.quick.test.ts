// The reader's two halves agree: quickRead (one regular expression over a long file, reading only
// the sections asked for) accepts only files that readWhole (every line walked, the reader
// test/ini.oracle.test.ts holds to botocore) reads too, and reads them the same.
import { describe, expect, it } from "vitest";
import { type IniFile, isPySpace, parseIni, quickRead } from "../src/aws-files/ini.js";
import { loadProfiles } from "../src/aws-files/profiles.js";
import { iniFile, longConfig, random } from "./helpers/ini-gen.js";

/** Everything a caller can see of a file read, sections read through `section(name)` as well. */
function seen(file: IniFile) {
  const sections = file.sections.map((s) => ({
    name: s.name,
    headerStart: s.headerStart,
    headerEnd: s.headerEnd,
    end: s.end,
    options: s.options,
  }));
  const byName = sections.map(({ name }) => {
    const s = file.section(name);
    return s && { name: s.name, headerStart: s.headerStart, headerEnd: s.headerEnd, end: s.end, options: s.options };
  });
  return { eol: file.eol, defaults: file.defaults, sectionNames: file.sectionNames, sections, byName };
}

/** quickRead's reading of `text` (or undefined when it leaves the file to readWhole), checked against readWhole's. */
function agree(text: string): IniFile | undefined {
  const quick = quickRead("f", text);
  let whole: IniFile | Error;
  try {
    whole = parseIni("f", text, false);
  } catch (error) {
    whole = error as Error;
  }
  if (quick === undefined) return undefined;
  expect(whole, JSON.stringify(text.slice(0, 300))).not.toBeInstanceOf(Error);
  expect(seen(quick), JSON.stringify(text.slice(0, 300))).toEqual(seen(whole as IniFile));
  expect(quick.section("no such section")).toBeUndefined();
  return quick;
}

/** Long files of generated ones (helpers/ini-gen.ts longConfig). */
const longFiles = () =>
  Array.from({ length: 40 }, (_, i) => longConfig(i + 1, 20_000, (part) => quickRead("f", part) !== undefined));

describe("quickRead", () => {
  it("reads generated files as readWhole does, or leaves them to it", () => {
    let read = 0;
    let cases = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const r = random(seed);
      for (const kind of ["config", "credentials"] as const) {
        cases++;
        if (agree(iniFile(r, kind).text)) read++;
      }
    }
    // Both sides exercised: plain files read, the others left.
    console.log(`quickRead: ${read} of ${cases} generated files read`);
    expect(read).toBeGreaterThan(cases / 20);
    expect(read).toBeLessThan(cases * 0.9);
  });

  it("reads long files as readWhole does", () => {
    let read = 0;
    for (const text of longFiles()) if (agree(text)) read++;
    expect(read).toBeGreaterThan(10);
  });

  it.each([
    ["the plain shape", "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = s\n\n[s]\nregion=x\n", true],
    ["comments and blank lines first", "# c\n; d\n \t\n[a]\nk = v\n", true],
    ["CRLF", "[a]\r\nk = v\r\n\r\n[b]\r\nk = w\r\n", true],
    ["CR", "[a]\rk = v\r[b]\rk: w", true],
    ["mixed line breaks", "[a]\r\nk = v\n[b]\rk = w\r\n", true],
    ["no line break at the end", "[a]\nk = v", true],
    ["a header as the last line", "[a]\nk = v\n[b]", true],
    ["header text after the name", "[a]# x\nk=v\n[b] ; y\nk=v\n", true],
    ["the name to the line's last ]", "[a]]\nk=v\n[b]x]\nk=v\n", true],
    ["a key without a value", "[a]\nk =\nl:\n", true],
    ["Python's white space in a line", "[a]\nk\x1c=\x1f v \x85\u2028\u3000\n\x0b\x0c\n", true],
    ["an indented comment inside a section", "[a]\nk = v\n  # c\nl = w\n", true],
    ["many keys, none repeated", "[a]\na=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\n[b]\na=1\n", true],
    ["20 keys", `[a]\n${Array.from({ length: 20 }, (_, i) => `k${i} = ${i}`).join("\n")}\n[b]\nk = 1\n`, true],
    [
      "21 keys: readWhole's",
      `[a]\n${Array.from({ length: 21 }, (_, i) => `k${i} = ${i}`).join("\n")}\n[b]\nk = 1\n`,
      false,
    ],
    ["a key repeated", "[a]\nk = 1\nl = 2\nk = 3\n", false],
    ["a key repeated in another case", "[a]\nRegion = 1\nREGION = 2\n", false],
    ["a key repeated after a blank line and a comment", "[a]\nk = 1\n\n# c\nk = 3\n", false],
    [
      "a key repeated among the first ones, found from a later one",
      "[a]\na=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\nC=2\n",
      false,
    ],
    ["a key repeated among the later ones", "[a]\na=1\nb=1\nc=1\nd=1\ne=1\nf=1\ng=1\nh=1\nG=2\n", false],
    ["a section repeated", "[a]\nk = 1\n[b]\n[a]\nl = 2\n", false],
    ["DEFAULT", "[DEFAULT]\nregion = x\n[a]\nk = v\n", false],
    ["an indented line (a continuation)", "[a]\nk = v\n  more\n", false],
    ["an indented key", "[a]\n  k = v\n", false],
    ["an indented header", "[a]\n  [b]\n", false],
    ["a line that is neither", "[a]\njunk\n", false],
    ["no key before =", "[a]\n= v\n", false],
    ["a key before the first header", "k = v\n[a]\n", false],
    ["a BOM", "\ufeff[a]\nk = v\n", false],
    ["a key of other characters", "[a]\nrégion = x\n", false],
    ["a key with a space inside", "[a]\nmy key = x\n", false],
    ["an empty file", "", false],
    ["comments only", "# just this\n", false],
    ["a line starting with [ that is no header", "[a]\n[]\n", false],
  ])("%s", (_, text, read) => {
    const quick = agree(text);
    expect(quick !== undefined).toBe(read);
  });

  it("finds a repeated key wherever the two stand among a section's keys", () => {
    const keys = "abcdefghij".split("");
    const file = (lines: string[]) => `[x]\nk = 0\n[a]\n${lines.join("\n# c\n")}\n[b]\nk = 1\n`;
    expect(agree(file(keys.map((k, at) => `${k} = ${at}`)))).toBeDefined();
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const lines = keys.map((k, at) => `${at === j ? (keys[i] as string).toUpperCase() : k} = ${at}`);
        expect(agree(file(lines)), `${i} ${j}`).toBeUndefined();
      }
  });

  it("finds the section of a name that also stands in values and other headers", () => {
    const text = "[x]\nk = [a]\n[a]]\nk = 1\n[ a]\nk = 2\n[a]\nk = 3\n";
    const file = agree(text);
    expect(file?.section("a")?.options.map((o) => o.value)).toEqual(["3"]);
    expect(file?.section("a]")?.options.map((o) => o.value)).toEqual(["1"]);
  });
});

describe("the white space quickRead's expression strips", () => {
  it("is isPySpace's, CR and LF aside (they end lines)", () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c === 10 || c === 13) continue;
      const ch = String.fromCharCode(c);
      // A blank line, then a key and a value padded with it: read when it is white space (or
      // makes the line a comment), refused by readWhole otherwise.
      const read = agree(`[a]\n${ch}\nk${ch}= v${ch}\n`) !== undefined;
      expect(read, `U+${c.toString(16)}`).toBe(isPySpace(c) || ch === "#" || ch === ";");
    }
  });
});

describe("a profile looked up by name", () => {
  const files = (config: string, credentials?: string) =>
    loadProfiles({ configPath: "c", credentialsPath: "n" }, (path) => (path === "c" ? config : credentials));

  /** Each name asked of fresh files, a few at a time (so looked up, not mapped), as all files map it. */
  function sameAsMapped(config: string, credentials?: string) {
    const all = files(config, credentials);
    // Every profile, and each section's last word: sso-session names among them.
    const words = all.config?.sectionNames.split("\n").map((section) => section.split(/[ \t]+/).at(-1) ?? "");
    const names = [...new Set([...all.names(), ...(words ?? []), "default", "nothing"])];
    for (let i = 0; i < names.length; i += 8) {
      const few = files(config, credentials);
      for (const name of names.slice(i, i + 8)) {
        expect(few.get(name), name).toEqual(all.get(name));
        expect(few.ssoSession(name), name).toEqual(all.ssoSession(name));
      }
      expect(few.names()).toEqual(all.names());
    }
  }

  it("is found in a long file as mapping every section finds it", () => {
    for (const text of longFiles()) if (quickRead("c", text)) sameAsMapped(text);
  });

  it("is found in a short file as mapping every section finds it", () => {
    for (let seed = 1; seed <= 800; seed++) {
      const r = random(seed);
      const config = iniFile(r, "config").text;
      const credentials = iniFile(r, "credentials").text;
      try {
        files(config, credentials);
      } catch {
        continue;
      }
      sameAsMapped(config, credentials);
    }
  });
});
