import { describe, expect, it } from "vitest";
import type { Change } from "../src/changes.js";
import { UsageError } from "../src/errors.js";
import { detectShell, FORMATS } from "../src/shells/index.js";

/** STYLE.md's hostile values: each must survive every format that can carry it. */
const HOSTILE = [
  "",
  "a b",
  "it's",
  'say "hi"',
  "back\\slash",
  "$(id)",
  "`id`",
  "%PATH%",
  "!x",
  "line\nbreak",
  "é",
  "abc+/=",
  "\\'",
  "‘curly’ ‚low‛",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile value, not a template
  "$HOME ${HOME}",
  "; rm -rf ~ #",
];

const set = (value: string): Change[] => [{ key: "V", value }];

describe("POSIX formats (bash, zsh, sh)", () => {
  it.each([
    ["plain", "export V='plain'"],
    ["it's", "export V='it'\\''s'"],
    ["", "export V=''"],
    ["$(id) `id`", "export V='$(id) `id`'"],
    ["a\nb", "export V='a\nb'"],
  ])("quotes %j", (value, line) => {
    for (const name of ["bash", "zsh", "sh"] as const) expect(FORMATS[name].render(set(value))).toBe(`${line}\n`);
  });
  it("unsets with unset", () => expect(FORMATS.bash.render([{ key: "V", value: null }])).toBe("unset V\n"));
});

describe("fish", () => {
  it.each([
    ["plain", "set -gx V 'plain'"],
    ["it's", "set -gx V 'it\\'s'"],
    ["back\\slash", "set -gx V 'back\\\\slash'"],
    ["$x (id)", "set -gx V '$x (id)'"],
  ])("quotes %j", (value, line) => expect(FORMATS.fish.render(set(value))).toBe(`${line}\n`));
  it("erases without failing", () =>
    expect(FORMATS.fish.render([{ key: "V", value: null }])).toBe("set -e V; or true\n"));
});

/**
 * PowerShell's rule for single-quoted strings, written from about_Quoting_Rules rather than from
 * our encoder: the string runs to the first single-quote character (' ‘ ’ ‚ ‛) that is not
 * doubled; a doubled one stands for one. Nothing else is special.
 */
function decodePowerShell(line: string): { key: string; value: string } {
  const m = /^\$Env:(\w+) = '/.exec(line);
  if (!m?.[1]) throw new Error(`not an assignment: ${line}`);
  const quotes = "'\u2018\u2019\u201A\u201B";
  let value = "";
  let i = m[0].length;
  for (; i < line.length; i++) {
    const c = line[i] as string;
    if (quotes.includes(c)) {
      const next = line[i + 1];
      if (next !== undefined && quotes.includes(next)) {
        value += c;
        i++;
        continue;
      }
      break;
    }
    value += c;
  }
  if (i !== line.length - 1) throw new Error(`text after the closing quote: ${line}`);
  return { key: m[1], value };
}

describe("PowerShell (checked against its documented quoting rules; not installable here)", () => {
  it.each(HOSTILE)("round-trips %j", (value) => {
    const out = FORMATS.powershell.render(set(value));
    expect(out.endsWith("\n")).toBe(true);
    expect(decodePowerShell(out.slice(0, -1))).toEqual({ key: "V", value });
  });
  it("doubles every kind of single quote", () =>
    expect(FORMATS.powershell.render(set("'‘’‚‛"))).toBe("$Env:V = '''‘‘’’‚‚‛‛'\n"));
  it("removes with Remove-Item", () =>
    expect(FORMATS.powershell.render([{ key: "V", value: null }])).toBe(
      "Remove-Item Env:V -ErrorAction SilentlyContinue\n",
    ));
});

describe("cmd (checked against its documented rules; not installable here)", () => {
  const unsafe = (v: string) => /["%!^\r\n]/.test(v);
  it.each(HOSTILE.filter((v) => !unsafe(v)))('sets %j inside set "K=…"', (value) =>
    expect(FORMATS.cmd.render(set(value))).toBe(`set "V=${value}"\r\n`),
  );
  it.each(HOSTILE.filter(unsafe))("refuses %j rather than mangle it", (value) =>
    expect(() => FORMATS.cmd.render(set(value))).toThrow(UsageError),
  );
  it.each(['"', "%", "!", "^", "\r", "\n"])("refuses a value with %j and names it", (c) =>
    expect(() => FORMATS.cmd.render(set(`a${c}b`))).toThrow(`contains ${JSON.stringify(c)}`),
  );
  it("clears with an empty set", () => expect(FORMATS.cmd.render([{ key: "V", value: null }])).toBe('set "V="\r\n'));
});

describe("data formats", () => {
  const session: Change[] = [
    { key: "AWS_PROFILE", value: null },
    { key: "AWS_ACCESS_KEY_ID", value: "ASIAEXAMPLE" },
    { key: "AWS_SECRET_ACCESS_KEY", value: "se/cr+et=" },
    { key: "AWS_SESSION_TOKEN", value: "to+ken" },
    { key: "AWS_CREDENTIAL_EXPIRATION", value: "2026-11-23T02:00:00Z" },
  ];
  it("json: one object, null for a variable to remove", () =>
    expect(JSON.parse(FORMATS.json.render(session))).toEqual({
      AWS_PROFILE: null,
      AWS_ACCESS_KEY_ID: "ASIAEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "se/cr+et=",
      AWS_SESSION_TOKEN: "to+ken",
      AWS_CREDENTIAL_EXPIRATION: "2026-11-23T02:00:00Z",
    }));
  it.each(HOSTILE)("json round-trips %j", (value) => expect(JSON.parse(FORMATS.json.render(set(value))).V).toBe(value));
  it("dotenv: KEY=value lines, removals left out", () =>
    expect(FORMATS.dotenv.render(session)).toBe(
      "AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=se/cr+et=\nAWS_SESSION_TOKEN=to+ken\nAWS_CREDENTIAL_EXPIRATION=2026-11-23T02:00:00Z\n",
    ));
  it("dotenv refuses a line break", () => expect(() => FORMATS.dotenv.render(set("a\nb"))).toThrow(UsageError));
  it("credential-process: the Version 1 document", () =>
    expect(JSON.parse(FORMATS["credential-process"].render(session))).toEqual({
      Version: 1,
      AccessKeyId: "ASIAEXAMPLE",
      SecretAccessKey: "se/cr+et=",
      SessionToken: "to+ken",
      Expiration: "2026-11-23T02:00:00Z",
    }));
  it("credential-process cannot unset", () =>
    expect(() => FORMATS["credential-process"].render([{ key: "AWS_ACCESS_KEY_ID", value: null }])).toThrow(
      UsageError,
    ));
  it("every format ends its output with a newline", () => {
    const side = { githubEnv: "/dev/null", appendFile: () => {}, randomId: () => "x" };
    for (const format of Object.values(FORMATS)) expect(format.render(session, side)).toMatch(/\n$/);
  });
});

describe("detectShell", () => {
  it.each([
    ["bash", undefined, "linux", "bash"],
    ["-zsh", undefined, "linux", "zsh"],
    ["dash", undefined, "linux", "sh"],
    ["fish", "/bin/bash", "linux", "fish"],
    ["pwsh", undefined, "linux", "powershell"],
    ["powershell.exe", undefined, "win32", "powershell"],
    ["cmd.exe", undefined, "win32", "cmd"],
    ["node", "/usr/bin/zsh", "linux", "zsh"],
    ["node", "/usr/local/bin/fish", "darwin", "fish"],
    [undefined, undefined, "linux", "sh"],
    ["node", undefined, "win32", "powershell"],
  ])("parent %j, SHELL %j on %s: %s", (parent, shellEnv, platform, expected) =>
    expect(detectShell(parent, shellEnv, platform)).toBe(expected),
  );
});
