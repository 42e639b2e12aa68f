import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Change, profileChanges, unsetChanges } from "../src/formats/changes.js";
import { detectShell, FORMATS } from "../src/formats/index.js";
import { UsageError } from "../src/system/errors.js";
import { CLI } from "./helpers/home.js";

/**
 * Hostile values: empty, spaces, quotes of every kind, backslashes, command substitution, cmd's
 * and PowerShell's variables, a line break, beyond ASCII. Each must survive every format that
 * can carry it.
 */
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

// What each format prints, literally; test/shells.property.test.ts and test/powershell.test.ts
// evaluate it in the real shells and engine.
describe("POSIX formats (bash, zsh, sh)", () => {
  it.each([
    ["plain", "export V='plain';"],
    ["it's", "export V='it'\\''s';"],
    ["", "export V='';"],
    ["a b", "export V='a'\\ 'b';"],
    ["x*?[y", "export V='x'\\*''\\?''\\['y';"],
    ["$(id) `id`", "export V='$(id)'\\ '`id`';"],
    ["a\nb", "export V='a\nb';"],
  ])("quotes %j", (value, line) => {
    for (const name of ["bash", "zsh", "sh"] as const) expect(FORMATS[name].render(set(value))).toBe(`${line}\n`);
  });
  it("unsets with unset", () => expect(FORMATS.bash.render([{ key: "V", value: null }])).toBe("unset V;\n"));
});

describe("fish", () => {
  it.each([
    ["plain", "set -gx V 'plain';"],
    ["it's", "set -gx V 'it\\'s';"],
    ["back\\slash", "set -gx V 'back\\\\slash';"],
    ["$x (id)", "set -gx V '$x (id)';"],
    ["a\nb\rc", "set -gx V 'a'\\n'b'\\r'c';"],
  ])("quotes %j", (value, line) => expect(FORMATS.fish.render(set(value))).toBe(`${line}\n`));
  it("erases without failing", () =>
    expect(FORMATS.fish.render([{ key: "V", value: null }])).toBe("set -e V; or true;\n"));
});

describe("PowerShell", () => {
  it("doubles a single quote, and spells its look-alikes by code (they are not ASCII)", () =>
    expect(FORMATS.powershell.render(set("'‘’‚‛"))).toBe(
      "$Env:V = -join ('''', [char]0x2018, [char]0x2019, [char]0x201A, [char]0x201B);\n",
    ));
  it("writes line breaks as escapes, so every statement is one line", () =>
    expect(FORMATS.powershell.render(set("a\r\nb\n"))).toBe(`$Env:V = -join ('a', "\`r\`n", 'b', "\`n");\n`));
  it.each(HOSTILE)("prints only ASCII for %j", (value) =>
    expect(FORMATS.powershell.render(set(`${value}é日🙂`))).toMatch(/^[\x20-\x7e]*\n$/),
  );
  it("removes with $null, no cmdlet", () =>
    expect(FORMATS.powershell.render([{ key: "V", value: null }])).toBe("$Env:V = $null;\n"));
});

describe("cmd (checked against its documented rules; not installable here)", () => {
  const unsafe = (v: string) => /["%!^\r\n\u0080-\uffff]/.test(v);
  it.each(HOSTILE.filter((v) => !unsafe(v)))('sets %j inside set "K=…"', (value) =>
    expect(FORMATS.cmd.render(set(value))).toBe(`set "V=${value}"\r\n`),
  );
  it.each(HOSTILE.filter(unsafe))("refuses %j rather than mangle it", (value) =>
    expect(() => FORMATS.cmd.render(set(value))).toThrow(UsageError),
  );
  it.each(['"', "%", "!", "^", "\r", "\n", "é", "日"])("refuses a value with %j and names it", (c) =>
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
  // What main.ts and assume.ts refuse by the declaration, with their own messages, before any call.
  it.each([
    ["removes", unsetChanges({}, undefined), ["dotenv", "credential-process", "github"]],
    ["pointsAtProfile", profileChanges("written", "dev"), ["credential-process", "github"]],
  ] as const)(
    "a format whose %s is false refuses those changes itself, and no other does",
    (property, changes, names) => {
      const side = { githubEnv: "/dev/null", appendFile: () => {}, randomId: () => "x" };
      const all = Object.entries(FORMATS);
      const refusing = all.filter(([, format]) => format.refuse?.(changes, side) !== undefined).map(([name]) => name);
      const declared = all.filter(([, format]) => !format[property]).map(([name]) => name);
      expect(refusing).toEqual(names);
      expect(declared).toEqual(names);
    },
  );
  it("every format ends its output with a newline", () => {
    const side = { githubEnv: "/dev/null", appendFile: () => {}, randomId: () => "x" };
    for (const format of Object.values(FORMATS)) expect(format.render(session, side)).toMatch(/\n$/);
  });
});

describe("detectShell", () => {
  const SYSTEM_MODULES =
    "C:\\Program Files\\WindowsPowerShell\\Modules;C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules";
  const windowsPowerShell = {
    USERPROFILE: "C:\\Users\\me",
    PSModulePath: `C:\\Users\\me\\Documents\\WindowsPowerShell\\Modules;${SYSTEM_MODULES}`,
  };
  it.each([
    ["bash", {}, "linux", "bash"],
    ["-zsh", {}, "linux", "zsh"],
    ["dash", {}, "linux", "sh"],
    ["fish", { SHELL: "/bin/bash" }, "linux", "fish"],
    ["pwsh", {}, "linux", "powershell"],
    ["powershell.exe", {}, "win32", "powershell"],
    ["cmd.exe", {}, "win32", "cmd"],
    ["node", { SHELL: "/usr/bin/zsh" }, "linux", "zsh"],
    ["node", { SHELL: "/usr/local/bin/fish" }, "darwin", "fish"],
    [undefined, {}, "linux", "sh"],
    ["node", {}, "win32", "powershell"],
    // pwsh as .NET's global tool: its process is dotnet; pwsh sets PSModulePath in its session.
    ["dotnet", { SHELL: "/bin/bash", PSModulePath: "/home/u/.local/share/powershell/Modules" }, "linux", "powershell"],
    ["dotnet", { SHELL: "/bin/bash" }, "linux", "bash"],
    // No /proc on macOS: pwsh there keeps the login SHELL, and sets PSModulePath.
    [
      undefined,
      { SHELL: "/bin/zsh", PSModulePath: "/Users/u/.local/share/powershell/Modules" },
      "darwin",
      "powershell",
    ],
    [undefined, { SHELL: "/bin/zsh" }, "darwin", "zsh"],
    ["node", { SHELL: "/usr/bin/zsh", PSModulePath: "/x" }, "linux", "zsh"],
    // Windows: no parent name; PowerShell adds the user's module folder, cmd sets PROMPT.
    [undefined, windowsPowerShell, "win32", "powershell"],
    [undefined, { ...windowsPowerShell, PROMPT: "$P$G" }, "win32", "powershell"],
    [
      undefined,
      { userprofile: "C:\\Users\\me", psmodulepath: "C:\\Users\\me\\OneDrive\\Documents\\PowerShell\\Modules;C:\\x" },
      "win32",
      "powershell",
    ],
    [undefined, { USERPROFILE: "C:\\Users\\me", PSModulePath: SYSTEM_MODULES, PROMPT: "$P$G" }, "win32", "cmd"],
    [
      undefined,
      { USERPROFILE: "C:\\Users\\me", PSModulePath: SYSTEM_MODULES, SHELL: "/usr/bin/bash" },
      "win32",
      "bash",
    ],
    [undefined, { USERPROFILE: "C:\\Users\\me", PSModulePath: SYSTEM_MODULES }, "win32", "powershell"],
  ] as [string | undefined, Record<string, string>, string, string][])(
    "parent %j, env %j on %s: %s",
    (parent, env, platform, expected) => expect(detectShell(parent, env, platform)).toBe(expected),
  );
});

describe.runIf(process.platform === "linux")("detectShell, from the real parent process", () => {
  it("under a process named dotnet with PSModulePath set (pwsh as .NET's global tool) prints PowerShell", () => {
    // A shell under the name `dotnet` stands for the global tool's host: /proc names the parent so.
    // (Not Node itself under that name: Node 24 renames its own process to "node" at start-up.)
    // `; true` keeps the shell from replacing itself with awsrole.
    const dir = mkdtempSync(join(tmpdir(), "awsrole-dotnet-"));
    try {
      symlinkSync("/bin/sh", join(dir, "dotnet"));
      // A HOME of its own: without one, awsrole would keep its code cache in the passwd entry's home.
      const env = { PATH: process.env.PATH ?? "", SHELL: "/bin/bash", HOME: dir };
      const run = (extra: Record<string, string>) =>
        spawnSync(join(dir, "dotnet"), ["-c", '"$0" "$1" --unset; true', process.execPath, CLI], {
          env: { ...env, ...extra },
          encoding: "utf8",
        });
      expect(run({ PSModulePath: "/home/u/.local/share/powershell/Modules" }).stdout).toMatch(
        /^\$Env:AWS_ACCESS_KEY_ID = \$null;/,
      );
      expect(run({}).stdout).toMatch(/^unset AWS_ACCESS_KEY_ID;/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
