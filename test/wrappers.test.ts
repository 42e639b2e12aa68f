// The wrappers of `awsrole init SHELL`, run with argument lists drawn from awsrole's own option
// table (getopt bundles, attached values, `--format=`, `--shell`, `-- NAME`, subcommands after
// flags) against moto. For each list, through each wrapper: the exit status is awsrole's own, a
// list that sets no variables (subcommands, help, version, an explicit format, a failure) changes
// nothing and prints what plain awsrole prints, one that sets them changes only awsrole's
// variables, and no secret reaches stderr. bash, zsh and fish run for real, PowerShell in the
// hosted engine; cmd has no engine here: its answers are read as shell/awsrole.cmd reads them.
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCommand, OPTIONS, parseArgs } from "../src/args/options.js";
import { FORMATS } from "../src/formats/index.js";
import { awsroleBin, CLI, cleanEnv, type Result, run } from "./helpers/home.js";
import { knob } from "./helpers/knob.js";
import { hasPwsh, pwsh } from "./helpers/pwsh.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CASES = knob("WRAPPER_CASES", 40);
const SEED = knob("WRAPPER_SEED", Date.now() % 2 ** 31);

const SOURCE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const CONFIG = `[profile r1]
role_arn = arn:aws:iam::123456789012:role/r1-role
source_profile = src
region = ap-northeast-1

[profile list]
role_arn = arn:aws:iam::123456789012:role/named-list
source_profile = src
`;
const CREDENTIALS = `[src]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${SOURCE_SECRET}
`;

/** What awsrole sets or removes (changes.ts), and a stale value for each, so a change shows. */
const AWSROLE_VARS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWSROLE_EXPIRES_EPOCH",
  "AWSROLE_PROFILE",
  "AWSROLE_ACCESS_KEY_ID",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_SECURITY_TOKEN",
  "AWS_SESSION_EXPIRATION",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];
const BEFORE = { AWS_PROFILE: "stale", AWS_DEFAULT_REGION: "us-east-1", KEEP_ME: "kept" };

// A value for each flag whose effect stays on this machine and in moto; the flags left out
// open a browser (--open), write a file later runs would read (--write-profile: `list` would
// differ between runs) or read a token file (web identity: tested elsewhere).
const VALUES: Partial<Record<keyof typeof OPTIONS, string[]>> = {
  "token-code": ["123456"],
  "duration-seconds": ["900", "1h"],
  "role-session-name": ["s1"],
  "external-id": ["ext-1"],
  "policy-arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  "source-identity": ["me"],
  tag: ["k=v"],
  region: ["eu-west-1"],
  format: [...Object.keys(FORMATS), "nope"],
  "source-profile": ["src"],
  "role-arn": ["arn:aws:iam::123456789012:role/direct"],
  "serial-number": ["arn:aws:iam::123456789012:mfa/me"],
  policy: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'],
};
const LEFT_OUT = new Set(["open", "write-profile", "web-identity", "web-identity-token-file"]);

/** Every spelling of one flag with a value: `--name V`, `--name=V`, `--alias V`, `-x V`, `-xV`. */
function spellings(name: keyof typeof OPTIONS, value: string): string[][] {
  const spec = OPTIONS[name] as { alias?: readonly string[] };
  const names = [name, ...(spec.alias ?? [])];
  return names.flatMap((n) =>
    n.length === 1 ? [[`-${n}`, value], [`-${n}${value}`]] : [[`--${n}`, value], [`--${n}=${value}`]],
  );
}

const booleans = (Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).filter(
  (n) => OPTIONS[n].type === "boolean" && !LEFT_OUT.has(n),
);
const shortBooleans = booleans.flatMap((n) =>
  ((OPTIONS[n] as { alias?: string[] }).alias ?? []).filter((a) => a.length === 1),
);
// The flag first, then its value and spelling: each flag as likely as another, whatever its values.
const withValue = fc
  .constantFrom(...(Object.keys(VALUES) as (keyof typeof OPTIONS)[]))
  .chain((n) => fc.constantFrom(...(VALUES[n] ?? []).flatMap((v) => spellings(n, v))));

// -h rarer than the others: a list with it only ever gets the help text.
const shortBoolean = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...shortBooleans.filter((a) => a !== "h")) },
  { weight: 1, arbitrary: fc.constant("h") },
);
const flag: fc.Arbitrary<string[]> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...booleans.flatMap((n) => [[`--${n}`], ...(n === "cache" || n === "prompt" ? [[`--no-${n}`]] : [])]),
    ),
  },
  { weight: 3, arbitrary: withValue },
  // getopt bundles: booleans, then maybe a flag with its value attached or next (-qv, -qh, -qf json, -qfjson).
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.array(shortBoolean, { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom(["f", "json"], ["f", "bash"], ["t", "123456"], ["d", "900"], ["n", "s1"])),
        fc.boolean(),
      )
      .map(([bools, valued, attached]) =>
        valued === null
          ? [`-${bools.join("")}`]
          : attached
            ? [`-${bools.join("")}${valued[0]}${valued[1]}`]
            : [`-${bools.join("")}${valued[0]}`, valued[1] as string],
      ),
  },
);
const flags = fc.array(flag, { maxLength: 2 }).map((lists) => lists.flat());

const argList: fc.Arbitrary<string[]> = fc
  .tuple(
    flags,
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(["r1"], ["r1"], ["r1"], ["nosuch"]) },
      // The profile after `--` (`awsrole -q -- list`), flags before it.
      { weight: 2, arbitrary: fc.constantFrom(["--", "list"], ["--", "r1"], ["--", "-h"]) },
      { weight: 1, arbitrary: fc.constantFrom(["status", "--offline"], ["status"], ["list"], ["init", "fish"], []) },
      { weight: 1, arbitrary: flags.map((f) => ["exec", "r1", ...f, "--", "true"]) },
      { weight: 1, arbitrary: fc.constantFrom(["--unset"]) },
    ),
    flags,
  )
  .map(([before, middle, after]) =>
    middle[0] === "exec" || middle[0] === "--" ? [...before, ...middle] : [...before, ...middle, ...after],
  );

/** The lists the review found broken, then generated ones. */
const LISTS: string[][] = [
  ["r1", "-qh"],
  ["r1", "-qf", "json"],
  ["r1", "-fjson"],
  ["r1", "--format=json"],
  ["r1", "--shell", "json"],
  ["-q", "status"],
  ["-v", "exec", "r1", "--", "true"],
  ["--no-cache", "list"],
  ["-q", "--", "list"],
  ["-q", "--", "-h"],
  ["r1", "-q"],
  ["-qv", "r1"],
  ["--unset"],
  ["nosuch"],
  ["r1", "-x"],
  [],
  ...fc.sample(argList, { numRuns: CASES, seed: SEED }),
];

/** Whether awsrole's own parser makes this list set variables (else it runs plainly, or fails). */
function setsVariables(words: string[]): boolean {
  try {
    const { positionals, flags } = parseArgs(words);
    return !isCommand(positionals[0]) && !flags.help && !flags.version && flags.format === undefined;
  } catch {
    return false;
  }
}

/** Output compared across runs: fresh keys and times differ, their shape does not. */
const shape = (text: string) =>
  text
    .replaceAll(`${work}/runs/`, "RUN/")
    .replace(/RUN\/[^/]+/g, "HOME")
    .replace(/[A-Za-z0-9+/=]{16,}/g, "KEY")
    .replace(/\((\d+h)?\d+m( left)?\)/g, "(TIME)")
    .replace(/\d/g, "0");

/** Every 16-character piece of each secret: none may appear on stderr, whole or in part. */
function leaks(stderr: string, secrets: string[]): string[] {
  return secrets.filter(
    (s) => s.length >= 16 && [...Array(s.length - 15).keys()].some((i) => stderr.includes(s.slice(i, i + 16))),
  );
}

/** Secrets a run handed out: the keys in shell code or JSON it printed, and the source's. */
function secretsIn(text: string): string[] {
  const found = text.match(/(?<=SECRET_ACCESS_KEY\W{1,4}|SESSION_TOKEN\W{1,4})[A-Za-z0-9+/=]{16,}/g) ?? [];
  return [SOURCE_SECRET, ...found];
}

const posixQuote = (w: string) => `'${w.replaceAll("'", `'\\''`)}'`;
const fishQuote = (w: string) => `'${w.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
const psQuote = (w: string) => `'${w.replace(/['\u2018-\u201B]/g, "$&$&")}'`;
/** A word as users type it in PowerShell: bare where PowerShell passes it unchanged, `--` too. */
const psWord = (w: string) => (/^[\w.:/=+-]+$/.test(w) ? w : psQuote(w));

let sts: StsServer;
let work: string;
let env: Record<string, string>;
/**
 * A home for one run, a copy of the same one each time: the session cache a run leaves (an MFA
 * session, a refreshed role) must not change what a later list gets.
 */
function freshHome(name: string): string {
  const home = join(work, "runs", name);
  cpSync(join(work, "home"), home, { recursive: true });
  return home;
}

/** The plain run of each list (with `-f bash` first when it sets variables): the expected answer. */
const plain: Result[] = [];

beforeAll(async () => {
  sts = await startStsServer();
  work = mkdtempSync(join(tmpdir(), "awsrole-wrappers-"));
  const home = join(work, "home");
  mkdirSync(join(home, ".aws"), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, ".aws", "config"), CONFIG);
  writeFileSync(join(home, ".aws", "credentials"), CREDENTIALS, { mode: 0o600 });
  // `awsrole` on PATH, as npm installs it, so the wrappers' `command awsrole` finds it.
  const bin = awsroleBin(join(work, "bin"));
  env = cleanEnv(home, { PATH: `${bin}:${process.env.PATH}`, AWS_ENDPOINT_URL_STS: sts.url, ...BEFORE });
  // The session cache warm, so that cached and fresh runs differ only in keys and times.
  await run("node", [CLI, "r1", "-q", "-f", "json"], env);
  await run("node", [CLI, "-q", "-f", "json", "--", "list"], env);
  for (const words of LISTS) {
    const home = freshHome(`plain-${plain.length}`);
    plain.push(
      await run("node", [CLI, ...(setsVariables(words) ? ["-f", "bash"] : []), ...words], { ...env, HOME: home }),
    );
  }
  for (const shell of ["bash", "zsh", "fish", "powershell"]) {
    writeFileSync(join(work, `init.${shell}`), (await run("node", [CLI, "init", shell], env)).stdout);
  }
}, 600_000);
afterAll(async () => {
  await sts?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Seen {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The environment before and after, as the shell's children see it. */
  before: Record<string, string>;
  after: Record<string, string>;
  /** Shell variables, exported or not, that the call added or removed. */
  namesChanged: string[];
}

/** Checks one list's run through a wrapper against awsrole's own answer. */
function check(shell: string, words: string[], i: number, seen: Seen) {
  const expected = plain[i] as Result;
  const where = `${shell}: awsrole ${words.map(posixQuote).join(" ")} (seed ${SEED})`;
  expect(seen.status, where).toBe(expected.status);
  expect(leaks(seen.stderr, [...secretsIn(expected.stdout), ...secretsIn(seen.stdout)]), where).toEqual([]);
  expect(
    leaks(seen.stderr, [seen.after.AWS_SECRET_ACCESS_KEY ?? "", seen.after.AWS_SESSION_TOKEN ?? ""]),
    where,
  ).toEqual([]);
  expect(seen.namesChanged, where).toEqual([]);
  const changed = Object.keys({ ...seen.after, ...seen.before }).filter(
    (k) => seen.after[k] !== seen.before[k] && !VOLATILE.has(k),
  );
  if (setsVariables(words) && expected.status === 0) {
    expect(seen.stdout, where).toBe("");
    expect(
      changed.filter((k) => !AWSROLE_VARS.includes(k)),
      where,
    ).toEqual([]);
    // The same variables as the code plain awsrole printed: set, or removed.
    const named = [...expected.stdout.matchAll(/(?:export|unset) (\w+)/g)].map((m) => m[1]);
    expect(
      changed.every((k) => named.includes(k)),
      where,
    ).toBe(true);
    if (!words.includes("--unset")) expect(seen.after.AWS_ACCESS_KEY_ID, where).toMatch(/^ASIA/);
  } else {
    expect(changed, where).toEqual([]);
    // PowerShell reads a native command's output as lines: its line ends are not compared.
    const lines = (text: string) => (shell === "powershell" ? text.replaceAll("\r\n", "\n") : text);
    expect(shape(seen.stdout), where).toBe(shape(lines(expected.stdout)));
    expect(shape(seen.stderr), where).toBe(shape(expected.stderr));
  }
}

const parseEnv = (text: string) =>
  Object.fromEntries(
    text
      .split("\0")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

/** Variables a shell changes by itself between two looks, or that only the check itself makes. */
const VOLATILE = new Set([
  "_",
  "OLDPWD",
  "PWD",
  "SHLVL",
  "status",
  "pipestatus",
  "PIPESTATUS",
  "BASH_COMMAND",
  "BASH_LINENO",
  "BASH_SOURCE",
  "FUNCNAME",
  "LINENO",
  "RANDOM",
  "SECONDS",
  "EPOCHREALTIME",
  "EPOCHSECONDS",
  "SRANDOM",
  "BASH_ARGC",
  "BASH_ARGV",
  "history",
  "CMD_DURATION",
  "fish_pid",
  "last_pid",
  "argv",
  "COLUMNS",
  "LINES",
]);

const POSIX_LIKE = {
  bash: {
    args: ["--norc", "--noprofile", "-c"],
    load: (init: string) => `. '${init}'`,
    names: "compgen -v",
    call: (words: string[]) => `awsrole ${words.map(posixQuote).join(" ")}`,
    status: "$?",
  },
  zsh: {
    args: ["-f", "-c"],
    load: (init: string) => `. '${init}'`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh parameter flags
    names: "print -rl -- ${(k)parameters}",
    call: (words: string[]) => `awsrole ${words.map(posixQuote).join(" ")}`,
    status: "$?",
  },
  fish: {
    args: ["--no-config", "-c"],
    load: (init: string) => `source '${init}'`,
    names: "set -n",
    call: (words: string[]) => `awsrole ${words.map(fishQuote).join(" ")}`,
    status: "$status",
  },
} as const;

describe.each(Object.entries(POSIX_LIKE).filter(([shell]) => hasTool(shell)))("the %s wrapper", (shell, s) => {
  it(`does what awsrole's own parser says, for ${LISTS.length} argument lists`, async () => {
    const at = (name: string) => join(work, `${shell}-${name}`);
    // Two at a time: the machine is shared.
    const results: Seen[] = [];
    for (let i = 0; i < LISTS.length; i += 2) {
      results.push(
        ...(await Promise.all(
          LISTS.slice(i, i + 2).map(async (words, k) => {
            const n = i + k;
            const script = [
              s.load(join(work, `init.${shell}`)),
              `${s.names} | sort > '${at(`names0-${n}`)}'`,
              `env -0 > '${at(`env0-${n}`)}'`,
              `${s.call(words)} > '${at(`out-${n}`)}' 2> '${at(`err-${n}`)}'`,
              `echo ${s.status} > '${at(`status-${n}`)}'`,
              `${s.names} | sort > '${at(`names1-${n}`)}'`,
              `env -0 > '${at(`env-${n}`)}'`,
            ].join("\n");
            const r = await run(shell, [...s.args, script], { ...env, HOME: freshHome(`${shell}-${n}`) });
            expect(r.stderr, script).toBe("");
            const read = (name: string) => readFileSync(at(`${name}-${n}`), "utf8");
            const names0 = read("names0").split("\n");
            const names1 = read("names1").split("\n");
            const before = parseEnv(read("env0"));
            const after = parseEnv(read("env"));
            return {
              status: Number(read("status")),
              stdout: read("out"),
              stderr: read("err"),
              before,
              after,
              namesChanged: [
                ...names0.filter((x) => !names1.includes(x)),
                ...names1.filter((x) => !names0.includes(x)),
              ].filter((x) => !VOLATILE.has(x) && !AWSROLE_VARS.includes(x)),
            };
          }),
        )),
      );
    }
    results.forEach((seen, i) => {
      check(shell, LISTS[i] as string[], i, seen);
    });
  }, 600_000);
});

describe.skipIf(!hasPwsh())("the PowerShell wrapper (hosted engine)", () => {
  it(`does what awsrole's own parser says, for ${LISTS.length} argument lists`, async () => {
    const read = [...AWSROLE_VARS, ...Object.keys(BEFORE)];
    const jobs = LISTS.map((words, n) => ({
      // As typed, a bare `--` too: PowerShell takes it from a function's words, the wrapper puts it back.
      script: `$Error.Clear(); $out = awsrole ${words.map(psWord).join(" ")} 2> '${join(work, `ps-err-${n}`)}'; $code = $LASTEXITCODE; $out; "exit=$code"`,
      env: { ...Object.fromEntries(AWSROLE_VARS.map((k) => [k, null])), ...BEFORE, HOME: freshHome(`ps-${n}`) },
      read,
    }));
    const results = await pwsh(
      [{ script: `Get-Content '${join(work, "init.powershell")}' -Raw | Invoke-Expression` }, ...jobs],
      env,
    );
    expect(results[0]?.errors).toEqual([]);
    LISTS.forEach((words, n) => {
      const got = results[n + 1];
      if (!got) throw new Error("no result");
      const where = `powershell: awsrole ${words.map(psWord).join(" ")} (seed ${SEED})`;
      const status = Number(got.output.at(-1)?.replace("exit=", ""));
      const after = Object.fromEntries(Object.entries(got.env).filter((e): e is [string, string] => e[1] !== null));
      check("powershell", words, n, {
        status,
        stdout: got.output
          .slice(0, -1)
          .map((line) => `${line}\n`)
          .join(""),
        stderr: readFileSync(join(work, `ps-err-${n}`), "utf8"),
        before: BEFORE,
        after,
        namesChanged: [],
      });
      expect(got.errors, where).toEqual([]);
    });
  }, 600_000);
});

describe("the cmd wrapper (no engine here: awsrole's answers read as shell/awsrole.cmd reads them)", () => {
  /**
   * shell/awsrole.cmd's loop: `for /f "tokens=1,* delims= "` splits each line into its first word
   * and the rest; it acts on `set` (its own `set` with the rest), `run` and `exit N`, on nothing else.
   */
  function cmdReads(stdout: string) {
    const vars: Record<string, string | null> = {};
    let exit = 1;
    let runPlain = false;
    const lines = stdout.split("\r\n");
    expect(lines.pop()).toBe("");
    for (const line of lines) {
      const [, first, rest] = /^ *([^ ]*) *(.*)$/.exec(line) ?? [];
      if (first === "set") {
        const m = /^"([A-Za-z_]+)=([^"%!^\r\n]*)"$/.exec(rest ?? "");
        expect(m, line).not.toBeNull();
        vars[m?.[1] as string] = m?.[2] || null;
      } else if (first === "run") runPlain = true;
      else if (first === "exit") exit = Number(rest);
      else throw new Error(`a line the wrapper would not act on: ${line}`);
    }
    expect(lines.at(-1), "the last line is the status").toMatch(/^exit \d+$/);
    return { vars, exit, runPlain };
  }

  it(`answers each of ${LISTS.length} argument lists with set, run or exit lines only, and awsrole's status`, async () => {
    const kinds = { set: 0, run: 0, failed: 0 };
    for (const [i, words] of LISTS.entries()) {
      const where = `cmd: awsrole ${words.join(" ")} (seed ${SEED})`;
      const answer = await run("node", [CLI, "--wrapper=cmd", ...words], { ...env, HOME: freshHome(`cmd-${i}`) });
      const read = cmdReads(answer.stdout);
      expect(answer.status, where).toBe(read.exit);
      const expected = plain[i] as Result;
      expect(leaks(answer.stderr, secretsIn(answer.stdout)), where).toEqual([]);
      if (setsVariables(words) && expected.status === 0) {
        expect(read.exit, where).toBe(0);
        expect(read.runPlain, where).toBe(false);
        expect(
          Object.keys(read.vars).every((k) => AWSROLE_VARS.includes(k)),
          where,
        ).toBe(true);
        kinds.set++;
      } else if (read.runPlain) {
        kinds.run++;
        expect(setsVariables(words), where).toBe(false);
        expect(read, where).toEqual({ vars: {}, exit: 0, runPlain: true });
      } else {
        // A failure: no variable, awsrole's own status and message.
        expect(read.vars, where).toEqual({});
        expect(read.exit, where).toBe(expected.status);
        expect(shape(answer.stderr), where).toBe(shape(expected.stderr));
        kinds.failed++;
      }
    }
    // The lists reach all three answers (the fixed ones alone do), so no check above is vacuous.
    expect(kinds.set * kinds.run * kinds.failed, JSON.stringify(kinds)).toBeGreaterThan(0);
    console.log(`cmd answers: ${JSON.stringify(kinds)}`);
  }, 600_000);

  it("the batch file runs no line of awsrole's output as a command, and exits with awsrole's status", () => {
    const batch = readFileSync("shell/awsrole.cmd", "utf8");
    expect(batch.split("\r\n").at(-1)).toBe("");
    const code = batch.split("\r\n").filter((line) => line && !/^(rem |@echo off$)/.test(line));
    expect(code).toContain(
      'for /f "usebackq tokens=1,* delims= " %%A in (`node "%~dp0..\\dist\\cli.cjs" --wrapper=cmd %*`) do (',
    );
    // The loop variables appear only as its own tests and as the operand of its own `set`.
    const uses = code.join("\n").match(/[^\n]*%%[AB][^\n]*/g) ?? [];
    expect(uses.slice(1)).toEqual([
      '  if "%%A"=="set" set %%B',
      '  if "%%A"=="run" set "AWSROLE_RUN=1"',
      '  if "%%A"=="exit" set "AWSROLE_EXIT=%%B"',
    ]);
    expect(code.at(-1)).toBe('set "AWSROLE_EXIT=" & exit /b %AWSROLE_EXIT%');
  });
});

describe("awsrole --wrapper=SHELL", () => {
  it("answers a list that sets no variable before reading any file or loading the SDK", async () => {
    // A build without the SDK bundle, and a config file that cannot be read: either would fail.
    const copy = mkdtempSync(join(tmpdir(), "awsrole-nosdk-"));
    try {
      for (const file of readdirSync("dist").filter((f) => f !== "sts.cjs"))
        copyFileSync(join("dist", file), join(copy, file));
      const noFiles = { ...env, AWS_CONFIG_FILE: copy, AWS_SHARED_CREDENTIALS_FILE: copy };
      for (const [shell, words] of [
        ["bash", ["-v", "exec", "r1", "--", "true"]],
        ["zsh", ["r1", "-qh"]],
        ["fish", ["-q", "status"]],
        ["powershell", ["r1", "--format=json"]],
      ] as const) {
        const r = await run("node", [join(copy, "cli.cjs"), `--wrapper=${shell}`, ...words], noFiles);
        expect(r, shell).toMatchObject({ status: 0, stderr: "" });
        expect(r.stdout, shell).toMatch(/awsrole/);
      }
      expect((await run("node", [join(copy, "cli.cjs"), "--wrapper=cmd", "list"], noFiles)).stdout).toBe(
        "run\r\nexit 0\r\n",
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("refuses a shell it has no answer for, and counts only as the first word", async () => {
    const tcsh = await run("node", [CLI, "--wrapper=tcsh", "r1"], env);
    expect(tcsh).toMatchObject({ status: 2, stdout: "" });
    expect(tcsh.stderr).toBe('awsrole: unknown wrapper "tcsh". Load the wrapper again: awsrole init SHELL.\n');
    const later = await run("node", [CLI, "r1", "--wrapper=bash"], env);
    expect(later).toMatchObject({
      status: 2,
      stdout: "",
      stderr: "awsrole: unknown option --wrapper. See awsrole --help.\n",
    });
  });
});

describe.skipIf(!hasPwsh())("PowerShell completion (hosted engine)", () => {
  it("completes a name quoted for PowerShell: one word, nothing in it run", async () => {
    const names = ["my proc", "$(touch pwned)", "it's", "q\u2018x\u2019 y", "plain-name"];
    const home = join(work, "ps-complete");
    mkdirSync(join(home, ".aws"), { recursive: true });
    writeFileSync(join(home, ".aws", "config"), names.map((n) => `[profile "${n}"]\nregion = x\n`).join(""));
    // Each completion read back as PowerShell reads the line the user then runs.
    const complete = (input: string) =>
      `foreach ($m in [System.Management.Automation.CommandCompletion]::CompleteInput(${psQuote(input)}, ${input.length}, $null).CompletionMatches) { $v = @(Invoke-Expression ('Write-Output ' + $m.CompletionText)); "$($v.Count)|$($v[0])" }`;
    const [loaded, ...results] = await pwsh(
      [
        { script: `Set-Location '${home}'; Get-Content '${join(work, "init.powershell")}' -Raw | Invoke-Expression` },
        ...["awsrole my", "awsrole '$", "awsrole 'it", 'awsrole "my', "awsrole q", "awsrole pl"].map((input) => ({
          script: complete(input),
        })),
        { script: "Test-Path pwned" },
      ],
      { ...env, HOME: home },
    );
    expect(loaded?.errors).toEqual([]);
    expect(results.map((r) => r.output)).toEqual([
      ["1|my proc"],
      ["1|$(touch pwned)"],
      ["1|it's"],
      ["1|my proc"],
      ["1|q\u2018x\u2019 y"],
      ["1|plain-name"],
      ["False"],
    ]);
  });
});

describe.skipIf(!hasPwsh())("the PowerShell wrapper and a bare `--` (hosted engine)", () => {
  it("assumes the profile named after `--`, as the POSIX wrappers do", async () => {
    // "" too: PowerShell 7 keeps a variable set to '' (children see AWSROLE_PROFILE=), as bash does.
    const names = ["list", "-x", "--%", "status", 'we\'ird $(id) `x` "q" \\ é %P% !x', ""];
    const home = join(work, "ps-dashdash");
    mkdirSync(join(home, ".aws"), { recursive: true });
    const section = (n: string) => `[profile "${n.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"]`;
    writeFileSync(
      join(home, ".aws", "config"),
      names.map((n) => `${section(n)}\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n`).join(""),
    );
    writeFileSync(join(home, ".aws", "credentials"), CREDENTIALS);
    const cleared = Object.fromEntries(AWSROLE_VARS.map((k) => [k, null]));
    const typed = [
      "awsrole -- list",
      "awsrole -q -- -x",
      // A word '--%' is stop-parsing to PowerShell, quoted or not: an array's item is not.
      "awsrole -q -- @('--%')",
      "awsrole -q -- status",
      `awsrole -q -- ${psQuote(names[4] as string)}`,
      "awsrole -q -- ''; & env | Where-Object { $_ -eq 'AWSROLE_PROFILE=' }",
    ];
    const [loaded, ...results] = await pwsh(
      [
        { script: `Get-Content '${join(work, "init.powershell")}' -Raw | Invoke-Expression` },
        ...typed.map((script) => ({
          script: `${script} 2>$null; "exit=$LASTEXITCODE"`,
          env: cleared,
          read: ["AWSROLE_PROFILE"],
        })),
      ],
      { ...env, HOME: home },
    );
    expect(loaded?.errors).toEqual([]);
    expect(results.map((r) => [r.output, r.env.AWSROLE_PROFILE])).toEqual(
      names.map((n) => [n === "" ? ["AWSROLE_PROFILE=", "exit=0"] : ["exit=0"], n]),
    );
  });
});
