// awsrole's PowerShell, in the real engine: the PowerShell 7.6 runtime (Microsoft.PowerShell.SDK)
// hosted by test/pwsh-host, a runspace from InitialSessionState.CreateDefault2() as pwsh opens
// its own. Kept for what a pwsh per run cannot do cheaply: hundreds of random values in every
// form in one process. The lines users type, against moto, run in a real pwsh (test/pwsh.test.ts).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS } from "../src/formats/index.js";
import { awsroleBin, CLI, cleanEnv, makeHome } from "./helpers/home.js";
import { hasPwsh, pwsh } from "./helpers/pwsh.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";

const ready = hasPwsh();
const dir = mkdtempSync(join(tmpdir(), "awsrole-pwsh-"));
// Each form around a native command, as users type it around awsrole.
const FORMS = {
  "| Invoke-Expression": (command: string) => `${command} | Invoke-Expression`,
  "Invoke-Expression (…)": (command: string) => `Invoke-Expression (${command})`,
  "| Out-String | Invoke-Expression": (command: string) => `${command} | Out-String | Invoke-Expression`,
};
/** A native command that prints the file, as awsrole prints: PowerShell splits its output into lines. */
const cat = (file: string) => `& cat '${file}'`;

const tricky = fc.constantFrom(
  "'",
  "\u2018",
  "\u2019",
  "\u201A",
  "\u201B",
  '"',
  "$",
  "`",
  "\r",
  "\n",
  "\r\n",
  " ",
  "#",
  ";",
  "(",
  "{",
  "@",
  "é",
  "日",
  "🙂",
  "+/=",
  "$(1)",
  "$" + "{x}",
);
const char = fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
// Environment values are C strings (no NUL) of well-formed Unicode; an empty one is tested in
// test/wrappers.test.ts (a profile named "").
const value = fc
  .string({ unit: char, minLength: 1, maxLength: 40 })
  .filter((s) => !s.includes("\0") && s.isWellFormed());

describe.skipIf(!ready)("PowerShell evaluates what awsrole prints", () => {
  it("gets every value back in each form and in code page 437, for 600 random strings, with no error record", async () => {
    const samples = fc.sample(fc.array(value, { minLength: 20, maxLength: 20 }), 30);
    const jobs = samples.flatMap((values, i) => {
      const file = join(dir, `random-${i}.ps1`);
      writeFileSync(file, FORMATS.powershell.render(values.map((v, k) => ({ key: `AWSROLE_T${k}`, value: v }))));
      const read = values.map((_, k) => `AWSROLE_T${k}`);
      const clear = Object.fromEntries(read.map((k) => [k, null]));
      // Pure ASCII, so a console in a legacy code page (Windows PowerShell 5.1 decodes a native
      // program's output in it) reads the same text: here code page 437 for pwsh.
      expect(readFileSync(file, "utf8")).toMatch(/^[\x20-\x7e]*\n$/);
      const legacy = `$was = [Console]::OutputEncoding; [Console]::OutputEncoding = [Text.Encoding]::GetEncoding(437); try { ${cat(file)} | Invoke-Expression } finally { [Console]::OutputEncoding = $was }`;
      return [...Object.values(FORMS).map((form) => form(cat(file))), legacy].map((script) => ({
        script,
        env: clear,
        read,
        values,
      }));
    });
    const results = await pwsh(jobs.map(({ values: _, ...job }) => job));
    let compared = 0;
    for (const [i, job] of jobs.entries()) {
      const got = results[i];
      expect(got?.errors, job.script).toEqual([]);
      expect(got?.errorRecords, job.script).toBe(0);
      expect(got?.env, job.script).toEqual(Object.fromEntries(job.values.map((v, k) => [`AWSROLE_T${k}`, v])));
      compared += job.values.length;
    }
    expect(compared).toBeGreaterThanOrEqual(600 * (Object.keys(FORMS).length + 1));
  });

  it("a value with 9,000 line breaks arrives whole in each form (a + chain overflowed the engine's stack)", async () => {
    const lines = Array.from({ length: 9001 }, (_, i) => `l${i}`).join("\n");
    const file = join(dir, "lines.ps1");
    writeFileSync(file, FORMATS.powershell.render([{ key: "AWSROLE_LINES", value: lines }]));
    const results = await pwsh(
      Object.values(FORMS).map((form) => ({
        script: form(cat(file)),
        env: { AWSROLE_LINES: null },
        read: ["AWSROLE_LINES"],
      })),
    );
    for (const got of results) {
      expect(got.errors).toEqual([]);
      expect(got.env.AWSROLE_LINES === lines).toBe(true);
    }
  });

  it("parses shell/awsrole.ps1 and the init output with the engine's own parser, without errors", async () => {
    const init = join(dir, "init.ps1");
    const { execFileSync } = await import("node:child_process");
    // Its own HOME: init writes a code cache under ~/.cache/awsrole.
    writeFileSync(init, execFileSync("node", [CLI, "init", "powershell"], { encoding: "utf8", env: cleanEnv(dir) }));
    const parse = (file: string) =>
      `$tokens = $null; $errors = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${file}', [ref]$tokens, [ref]$errors); $errors.Count`;
    const [script, printed] = await pwsh([{ script: parse(resolve("shell/awsrole.ps1")) }, { script: parse(init) }]);
    expect(script?.output).toEqual(["0"]);
    expect(printed?.output).toEqual(["0"]);
  });
});

describe.skipIf(!ready)("the init function on Windows, against a local STS", () => {
  let sts: StsServer;
  let env: Record<string, string>;
  const VARS = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWSROLE_PROFILE",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_SECURITY_TOKEN",
    "AWS_SESSION_EXPIRATION",
  ];
  const cleared = Object.fromEntries(VARS.map((k) => [k, null]));
  beforeAll(async () => {
    sts = await startStsServer();
    const home = makeHome(
      "[profile target1]\nrole_arn = arn:aws:iam::333344445555:role/target1-role\nsource_profile = foo\nregion = ap-northeast-1\n",
      "[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    );
    // No awsrole on PATH at all: the function must run node and cli.cjs itself.
    env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
    };
  });
  afterAll(() => sts?.stop());

  it("on Windows the function runs node and cli.cjs themselves, never npm's awsrole.cmd", async () => {
    // As `awsrole init powershell` writes it on Windows (the rule is tested as data below); here
    // with this machine's node and this build, and no awsrole on PATH at all.
    const { initScript } = await import("../src/commands/init.js");
    const { readText } = await import("../src/system/process.js");
    const file = join(dir, "init-windows.ps1");
    writeFileSync(file, initScript("powershell", resolve("shell"), readText, { node: process.execPath, cli: CLI }));
    const [loaded, set, passed] = await pwsh(
      [
        {
          script: `Get-Content '${file}' -Raw | Invoke-Expression; [bool](Get-Command awsrole -CommandType Application -ErrorAction SilentlyContinue)`,
        },
        { script: "awsrole target1 -q", env: cleared, read: VARS },
        { script: "awsrole --version" },
      ],
      env,
    );
    expect(loaded?.output).toEqual(["False"]);
    expect(loaded?.errors).toEqual([]);
    expect(set?.errors).toEqual([]);
    expect(set?.env.AWSROLE_PROFILE).toBe("target1");
    expect(passed?.output).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
  });
});

describe.skipIf(!ready)("the awsrole function hands awsrole the words plain awsrole gets", () => {
  // `awsrole` on PATH records its words, then is awsrole: each line typed twice, once as a plain
  // native command and once through the function of `awsrole init powershell`.
  const bin = join(dir, "argv-bin");
  mkdirSync(bin, { recursive: true });
  const record = `if (process.env.ARGV_LOG) require("fs").appendFileSync(process.env.ARGV_LOG, JSON.stringify(process.argv.slice(1)) + "\\n")`;
  writeFileSync(join(bin, "awsrole"), `#!/bin/sh\nnode -e '${record}' -- "$@"\nexec node '${CLI}' "$@"\n`);
  chmodSync(join(bin, "awsrole"), 0o755);
  // Each starts with a profile that does not exist, so awsrole stops at once (exit 2) and runs nothing again.
  const lines: [string, string][] = [
    ["", "nosuch --role-session-name alice,ops"],
    ["", "nosuch -n a, b"],
    ["", "nosuch -n 1,$null,2 -q"],
    ["$v = 'a', 'b c'", "nosuch $v"],
    ["", "nosuch @(1, @(2, 3)) x"],
    ["$h = @{ k = 1 }", "nosuch $h"],
    ["", "-- list a,b"],
    ["", "nosuch x --"],
    ["", "nosuch '--%' a,b"],
    ["", "nosuch @('--%') -q"],
    ["", "nosuch 'a b',c a\"b c\"d,e"],
    ["", "nosuch a,'' '' -q"],
    ["$n = $null", "nosuch $n x"],
    ["$env:ARGV_TEST = 'v1  v2'", `nosuch -q --% a,b  "x y" %ARGV_TEST% 'z`],
    ["", "nosuch --%"],
  ];

  it("each line means to the function what it means to the program: a,b, arrays, --, --%", async () => {
    const log = (name: string, i: number) => join(dir, `argv-${name}-${i}.log`);
    const [loaded, ...typed] = await pwsh(
      [
        { script: "awsrole init powershell | Out-String | Invoke-Expression" },
        ...lines.map(([before, words], i) => ({
          // Lines, not `;`: the stop-parsing token takes the rest of its line.
          script: [
            before,
            `$env:ARGV_LOG = '${log("plain", i)}'`,
            // The program itself: `& awsrole` would call the function.
            `& $global:AwsroleExe ${words}`,
            `$env:ARGV_LOG = '${log("function", i)}'`,
            `awsrole ${words}`,
            "$LASTEXITCODE",
          ].join("\n"),
        })),
      ],
      {
        PATH: `${bin}:${process.env.PATH}`,
        AWS_CONFIG_FILE: join(dir, "none"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      },
    );
    expect(loaded?.errors).toEqual([]);
    const runs = (name: string, i: number) =>
      readFileSync(log(name, i), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
    for (const [i, [before, words]] of lines.entries()) {
      const where = `${before}; awsrole ${words}`;
      expect(typed[i]?.output, where).toEqual(["2"]);
      const [plainRun] = runs("plain", i);
      const [functionRun, ...again] = runs("function", i);
      expect(again, where).toEqual([]);
      expect(functionRun, where).toEqual(["--wrapper=powershell", ...plainRun]);
    }
  });
});

// Issue 20 item 9: what fits each place, as in bash, zsh and fish (test/integration.test.ts),
// through TabExpansion2, the function the console calls on Tab.
describe.skipIf(!ready)("completion in PowerShell", () => {
  let env: Record<string, string>;
  beforeAll(() => {
    const home = makeHome(
      "[profile target1]\nrole_arn = arn:aws:iam::333344445555:role/target1-role\nsource_profile = foo\n",
      "[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    );
    // `awsrole` on PATH, as npm install -g puts it there.
    const bin = awsroleBin(join(home, "bin"));
    env = { ...cleanEnv(home), PATH: `${bin}:${process.env.PATH}` };
  });

  it("completes formats after --format, shells after init, each command's flags, profiles elsewhere", async () => {
    const FORMAT_NAMES = Object.keys(FORMATS);
    const cases: [string, string[]][] = [
      ["awsrole --format ", FORMAT_NAMES],
      ["awsrole -f j", ["json"]],
      ["awsrole --format=p", ["--format=powershell"]],
      ["awsrole target1 --shell ", FORMAT_NAMES],
      ["awsrole init ", ["bash", "zsh", "fish", "powershell", "cmd"]],
      ["awsrole init p", ["powershell"]],
      ["awsrole list -f ", ["json", "names"]],
      ["awsrole status --", ["--format", "--shell", "--offline", "--help", "--version"]],
      ["awsrole exec ", ["foo", "target1"]],
      ["awsrole exec target1 --o", []],
      ["awsrole console target1 --o", ["--open"]],
      ["awsrole --source-profile ", ["foo", "target1"]],
      ["awsrole -- ", ["foo", "target1"]],
      ["awsrole 'target1' --fo", ["--format"]],
      ["awsrole list -", ["--format", "--shell", "--help", "--version"]],
    ];
    // Under strict mode, as many profiles run (and test/pwsh.test.ts in a real pwsh).
    const load = "Set-StrictMode -Version Latest; awsrole init powershell | Out-String | Invoke-Expression";
    const results = await pwsh(
      cases.map(([input]) => ({
        script: `${load}; foreach ($m in (TabExpansion2 -inputScript '${input.replaceAll("'", "''")}' -cursorColumn ${input.length}).CompletionMatches) { $m.CompletionText }`,
      })),
      env,
    );
    expect(results.map((r) => r.errors.join(""))).toEqual(cases.map(() => ""));
    expect(Object.fromEntries(results.map((r, i) => [cases[i]?.[0], r.output]))).toEqual(Object.fromEntries(cases));
  });
});
