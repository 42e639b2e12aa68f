// After one line in an rc file: `awsrole PROFILE` with no eval, tab completion, status, list and
// exec, in real bash, zsh and fish sessions against moto, checked with the AWS CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsroleBin, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CONFIG = `[profile handson-admin]
role_arn = arn:aws:iam::123456789012:role/Myhandson-cli-role
source_profile = handson-cli-usr
region = ap-northeast-1

[profile target1]
role_arn = arn:aws:iam::333344445555:role/target1-role
source_profile = handson-cli-usr
mfa_serial = arn:aws:iam::123456789012:mfa/handson-cli-usr
`;
const CREDENTIALS = `[handson-cli-usr]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

// `awsrole` on PATH, as npm installs it, so the wrappers' `command awsrole` finds it.
const bin = awsroleBin(mkdtempSync(join(tmpdir(), "awsrole-bin-")));

const haveAws = hasTool("aws");
let sts: StsServer;
let env: Record<string, string>;
beforeAll(async () => {
  sts = await startStsServer();
});
afterAll(() => sts?.stop());
beforeEach(() => {
  const home = makeHome(CONFIG, CREDENTIALS);
  env = cleanEnv(home, {
    PATH: `${bin}:${process.env.PATH}`,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_PROFILE: "stale",
  });
});

const SHELLS = [
  { shell: "bash", args: ["--norc", "--noprofile", "-c"], init: 'eval "$(awsrole init bash)"', status: "$?" },
  {
    shell: "zsh",
    args: ["-f", "-c"],
    init: 'autoload -Uz compinit && compinit -u; eval "$(awsrole init zsh)"',
    status: "$?",
  },
  { shell: "fish", args: ["--no-config", "-c"], init: "awsrole init fish | source", status: "$status" },
] as const;

describe.each(SHELLS.filter((s) => hasTool(s.shell)))("$shell with awsrole init", (s) => {
  const session = (lines: string[]) => run(s.shell, [...s.args, [s.init, ...lines].join("\n")], env);

  it("runs awsrole PROFILE without eval; the shell holds the role; --unset clears it", async () => {
    const r = await session([
      "awsrole handson-admin -q",
      `echo status=${s.status}`,
      haveAws ? "aws sts get-caller-identity --query Arn --output text" : "echo skipped",
      'echo "profile=$AWSROLE_PROFILE region=$AWS_REGION aws_profile=$AWS_PROFILE"',
      "awsrole --unset",
      'echo "after=$AWS_ACCESS_KEY_ID$AWSROLE_PROFILE"',
    ]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("status=0");
    if (haveAws) expect(lines[1]).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
    expect(lines[2]).toBe("profile=handson-admin region=ap-northeast-1 aws_profile=");
    expect(lines[3]).toBe("after=");
  });

  it("returns the failure's status and keeps the earlier values", async () => {
    const r = await session([
      "awsrole handson-admin -q",
      "set_before=$AWS_SESSION_TOKEN".replace("set_before=", s.shell === "fish" ? "set before " : "before="),
      "awsrole target1 --no-prompt",
      `echo status=${s.status}`,
      s.shell === "fish"
        ? 'test "$before" = "$AWS_SESSION_TOKEN"; and echo unchanged $AWSROLE_PROFILE'
        : '[ "$before" = "$AWS_SESSION_TOKEN" ] && echo unchanged $AWSROLE_PROFILE',
    ]);
    expect(r.stdout.trim().split("\n")).toEqual(["status=2", "unchanged handson-admin"]);
    expect(r.stderr).toMatch(/^awsrole: profile "target1" needs an MFA code/);
  });

  it("passes subcommands through: list prints, status answers", async () => {
    const r = await session(["awsrole handson-admin -q", "awsrole list --format names", "awsrole status --offline"]);
    expect(r.stdout).toMatch(/^handson-admin\nhandson-cli-usr\ntarget1\nhandson-admin (59|60)m\n$/);
  });
});

describe("completion", () => {
  it.runIf(hasTool("bash"))("bash fills COMPREPLY with profile names and flags", async () => {
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
        'eval "$(awsrole init bash)"; COMP_WORDS=(awsrole hand); COMP_CWORD=1; _awsrole_complete; echo "${COMPREPLY[*]}"; COMP_WORDS=(awsrole --token); _awsrole_complete; echo "${COMPREPLY[*]}"',
      ],
      env,
    );
    expect(r.stdout).toBe("handson-admin handson-cli-usr\n--token-code\n");
  });

  it.runIf(hasTool("fish"))("fish offers handson-admin for `awsrole hand`", async () => {
    const r = await run("fish", ["--no-config", "-c", 'awsrole init fish | source; complete -C "awsrole hand"'], env);
    expect(r.stdout.split("\n")).toContain("handson-admin");
  });

  it.runIf(hasTool("zsh"))("zsh loads the completion without error", async () => {
    const r = await run(
      "zsh",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh associative array
      ["-f", "-c", 'autoload -Uz compinit && compinit -u; eval "$(awsrole init zsh)"; echo ${_comps[awsrole]}'],
      env,
    );
    expect(r).toMatchObject({ status: 0, stderr: "", stdout: "_awsrole\n" });
  });
});

// Issue 20 item 9: what fits each place (the words before the cursor, the word typed so far)
// in every shell; the flags of a command are those its --help lists (checked below).
const FORMAT_NAMES = [
  "bash",
  "zsh",
  "sh",
  "fish",
  "powershell",
  "cmd",
  "json",
  "dotenv",
  "credential-process",
  "github",
];
const PROFILES = ["handson-admin", "handson-cli-usr", "target1"];
const PLACES: [string[], string, string[]][] = [
  [[], "", [...PROFILES, "init", "exec", "status", "list", "console", "login"]],
  [["--format"], "", FORMAT_NAMES],
  [["-f"], "j", ["json"]],
  [["handson-admin", "--shell"], "", FORMAT_NAMES],
  [["-q"], "--format=p", ["--format=powershell"]],
  [["init"], "", ["bash", "zsh", "fish", "powershell", "cmd"]],
  [["list", "-f"], "", ["json", "names"]],
  [["status"], "--", ["--format", "--shell", "--offline", "--help", "--version"]],
  [["exec"], "", PROFILES],
  [["exec", "target1"], "--offl", []],
  // The assume path reads no --offline (status does); before any word every flag is offered.
  [["handson-admin"], "--offl", []],
  [["console", "target1"], "--o", ["--open"]],
  [["--source-profile"], "t", ["target1"]],
  [["--"], "", PROFILES],
  [["list"], "", []],
];

describe("completion fits the place", () => {
  const script = (line: (words: string[], current: string) => string) =>
    PLACES.map(([words, current]) => line(words, current)).join("\n");
  const expected = PLACES.map(([words, current, offered]) =>
    `${[...words, current].join(" ")}: ${[...offered].sort().join(" ")}`.trimEnd(),
  );
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .map((line) => line.trimEnd());
  const q = (word: string) => `'${word}'`;

  it.runIf(hasTool("bash"))("bash", async () => {
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        [
          'eval "$(awsrole init bash)"',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
          'c() { COMP_WORDS=(awsrole "$@"); COMP_CWORD=$#; _awsrole_complete; printf "%s: %s\\n" "$*" "$(printf "%s\\n" "${COMPREPLY[@]}" | sort | xargs)"; }',
          script((words, current) => `c ${[...words, current].map(q).join(" ")}`),
        ].join("\n"),
      ],
      env,
    );
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(expected);
  });

  it.runIf(hasTool("bash"))("bash: a word bash split at = (--format=j) gets only its own part", async () => {
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
        'eval "$(awsrole init bash)"; COMP_WORDS=(awsrole --format = j); COMP_CWORD=3; _awsrole_complete; echo "${COMPREPLY[*]}"; COMP_WORDS=(awsrole list --format =); COMP_CWORD=3; _awsrole_complete; echo "${COMPREPLY[*]}"; printf "[profile a:b]\\n" > "$HOME/colon"; export AWS_CONFIG_FILE="$HOME/colon"; COMP_WORDS=(awsrole a :); COMP_CWORD=2; _awsrole_complete; echo "${COMPREPLY[*]}"; COMP_WORDS=(awsrole a : b); COMP_CWORD=3; _awsrole_complete; echo "${COMPREPLY[*]}"',
      ],
      env,
    );
    // Right after the = (cur is "=") readline replaces only the empty text after it: no "=" again.
    expect(r).toMatchObject({ stderr: "", stdout: "json\njson names\nb\nb\n" });
  });

  it.runIf(hasTool("zsh"))("zsh", async () => {
    // _awsrole as compsys calls it (words, CURRENT, PREFIX), compadd replaced by a printer.
    const r = await run(
      "zsh",
      [
        "-f",
        "-c",
        [
          'eval "$(awsrole init zsh)"',
          // compadd matches the word typed so far, as the real one does.
          'compadd() { [[ "$1" == -- ]] && shift; local w; print -r -- "$(for w; do [[ "$w" == "$PREFIX"* ]] && print -r -- "$w"; done | sort | xargs)"; }',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh parameter expansion
          'c() { local -a words=(awsrole "$@"); local CURRENT=$(( $# + 1 )) PREFIX="${@[-1]}"; print -rn -- "$*: "; _awsrole; }',
          script((words, current) => `c ${[...words, current].map(q).join(" ")}`),
        ].join("\n"),
      ],
      env,
    );
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(expected);
  });

  it.runIf(hasTool("fish"))("fish", async () => {
    const r = await run(
      "fish",
      [
        "--no-config",
        "-c",
        [
          "awsrole init fish | source",
          script(
            (words, current) =>
              `echo ${q([...words, current].join(" "))}: (complete -C ${q(["awsrole", ...words, current].join(" "))} | sort | string join " ")`,
          ),
        ].join("\n"),
      ],
      env,
    );
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(expected);
  });

  it("offers after each command the flags its --help lists", async () => {
    for (const command of ["init", "exec", "status", "list", "console", "login", undefined]) {
      const help = await run("node", [CLI, ...(command ? [command] : []), "--help"], env);
      // The option rows (`  -f, --format, --shell  output format…`), not the usage lines or notes.
      const rows = help.stdout.split("\n").filter((line) => /^ {2,8}(-\w, )?--\w/.test(line));
      const listed = new Set(rows.join("\n").match(/--[a-z][a-z-]+/g));
      const offered = (await run("node", [CLI, "--complete=--", ...(command ? [command] : [])], env)).stdout
        .trim()
        .split("\n")
        .filter((flag) => command === undefined || !["--help", "--version"].includes(flag));
      expect(new Set(offered), command).toEqual(listed);
    }
  });
});

describe("wrappers that nothing in an rc file breaks", () => {
  it.runIf(hasTool("bash"))(
    "bash: an alias named awsrole does not break init, and the function still works",
    async () => {
      const r = await run(
        "bash",
        [
          "--norc",
          "-c",
          'shopt -s expand_aliases; alias awsrole="awsrole -q"\neval "$(command awsrole init bash)" || exit 9\nawsrole handson-admin; echo "$AWSROLE_PROFILE"',
        ],
        env,
      );
      expect(r).toMatchObject({ status: 0, stderr: "", stdout: "handson-admin\n" });
    },
  );

  it.runIf(hasTool("zsh"))("zsh: init returns 0 without compinit, under errexit, and with an alias", async () => {
    const r = await run(
      "zsh",
      [
        "-f",
        "-c",
        'setopt errexit\nalias awsrole="awsrole -q"\neval "$(command awsrole init zsh)"\necho "init=$?"\nawsrole handson-admin\necho "$AWSROLE_PROFILE"',
      ],
      env,
    );
    expect(r).toMatchObject({ status: 0, stdout: "init=0\nhandson-admin\n" });
    expect(r.stderr).not.toMatch(/error|defining function/);
  });

  it.runIf(hasTool("bash"))("bash completion never runs what a profile name holds", async () => {
    const home = makeHome('[profile "$(touch pwned)"]\nregion = x\n[profile `touch pwned2`]\nregion = y\n');
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        `cd '${home}'; eval "$(awsrole init bash)"; COMP_WORDS=(awsrole ''); COMP_CWORD=1; _awsrole_complete; printf '%s\\n' "\${COMPREPLY[@]}"; ls`,
      ],
      { ...env, HOME: home },
    );
    expect(r.stdout.split("\n")).toContain("\\$\\(touch\\ pwned\\)");
    expect(r.stdout).not.toMatch(/^pwned/m);
  });

  it.runIf(hasTool("bash"))("bash completion inserts a name quoted for bash, as typed so far", async () => {
    const home = makeHome(`[profile "my proc"]\nregion = x\n[profile "it's"]\nregion = y\n`);
    // Each reply read as bash reads the line then run (readline closes a quote the user opened):
    // one word, the name.
    const script = [
      'eval "$(awsrole init bash)"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
      'c() { COMP_WORDS=(awsrole "$1"); COMP_CWORD=1; _awsrole_complete; for w in "${COMPREPLY[@]}"; do eval "set -- $2$w$2"; printf "%s|%s\\n" "$#" "$1"; done; }',
      `c my ''; c 'my\\ p' ''; c "'my" "'"; c '"my' '"'; c it ''`,
    ].join("\n");
    const r = await run("bash", ["--norc", "-c", script], { ...env, HOME: home });
    expect(r).toMatchObject({ stderr: "", stdout: "1|my proc\n1|my proc\n1|my proc\n1|my proc\n1|it's\n" });
  });

  it.runIf(hasTool("bash"))("`awsrole -- list` assumes a profile named list, through the wrapper too", async () => {
    const home = makeHome(
      "[profile list]\nrole_arn = arn:aws:iam::123456789012:role/named-list\nsource_profile = handson-cli-usr\n",
      CREDENTIALS,
    );
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        'eval "$(awsrole init bash)"; awsrole -q -- list; echo "$AWSROLE_PROFILE"; eval "$(command awsrole -f bash -q -- list)"; echo "$AWSROLE_PROFILE"',
      ],
      { ...env, HOME: home },
    );
    expect(r).toMatchObject({ status: 0, stderr: "", stdout: "list\nlist\n" });
  });

  it.each(["bash", "zsh"])("%s under set -e: a failing pass-through returns its status cleanly", async (shell) => {
    const home = makeHome(CONFIG, CREDENTIALS);
    const env = cleanEnv(home, { PATH: `${bin}:${process.env.PATH}` });
    const load = `set -e; eval "$(awsrole init ${shell})"`;
    const failing = await run(shell, ["-c", `${load}; awsrole status; echo not reached`], env);
    expect(failing.stderr).toBe("awsrole: no AWS credentials in this shell. Run awsrole PROFILE to assume a role.\n");
    expect(failing).toMatchObject({ status: 1, stdout: "" });
    const passing = await run(shell, ["-c", `${load}; awsrole --version >/dev/null; echo reached`], env);
    expect(passing).toMatchObject({ status: 0, stdout: "reached\n", stderr: "" });
  });
});

describe("cmd (no engine on Linux: checked against its documented rules)", () => {
  it("cmd gets a doskey macro calling the batch wrapper (test/wrappers.test.ts checks the wrapper)", async () => {
    const r = await run("node", [CLI, "init", "cmd"], env);
    expect(r.stdout).toBe(`doskey awsrole=call "${resolve("shell", "awsrole.cmd")}" $*\r\n`);
  });

  it("init refuses an unknown shell", async () => {
    const r = await run("node", [CLI, "init", "tcsh"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/^awsrole: init does not know the shell "tcsh": bash, zsh, fish, powershell or cmd\. /);
  });
});

describe("status, list and exec", () => {
  it("status names the identity and the time left; json too", async () => {
    const vars = JSON.parse((await run("node", [CLI, "handson-admin", "-f", "json", "-q"], env)).stdout);
    const shellEnv = {
      ...env,
      ...Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== null)),
    };
    delete (shellEnv as Record<string, string>).AWS_PROFILE;
    const text = await run("node", [CLI, "status"], shellEnv);
    expect(text.stdout).toMatch(
      /^arn {6}arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\/.+\naccount {2}123456789012\nprofile {2}handson-admin\nexpires {2}\S+ \((59|60)m left\)\n$/,
    );
    const json = JSON.parse((await run("node", [CLI, "status", "-f", "json"], shellEnv)).stdout);
    expect(json).toMatchObject({ account: "123456789012", profile: "handson-admin" });
  });

  it.each([
    // (--offline with no credentials prints nothing: test/usage.test.ts.)
    ["no credentials", {}, /^awsrole: no AWS credentials in this shell\. Run awsrole PROFILE/, []],
    [
      "expired credentials",
      {
        AWS_ACCESS_KEY_ID: "ASIAX",
        AWS_SECRET_ACCESS_KEY: "x",
        AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z",
        AWSROLE_PROFILE: "p",
      },
      /^awsrole: the credentials in this shell expired at 2020-01-01T00:00:00Z\. Run awsrole p again\./,
      // (--offline says it on stdout, for a prompt: test/usage.test.ts.)
      [],
    ],
  ] as [string, Record<string, string>, RegExp, string[]?][])(
    "status with %s exits 1",
    async (_, extra, message, flags = ["--offline"]) => {
      const r = await run("node", [CLI, "status", ...flags], { ...env, ...extra });
      expect(r).toMatchObject({ status: 1, stdout: "" });
      expect(r.stderr).toMatch(message);
    },
  );

  it("status tells an unreachable STS from credentials STS refuses", async () => {
    const keys = {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    };
    const unreachable = await run("node", [CLI, "status"], {
      ...env,
      ...keys,
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
    });
    expect(unreachable).toMatchObject({ status: 1, stdout: "" });
    expect(unreachable.stderr).toMatch(
      /^awsrole: could not reach STS at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\), so the credentials were not checked\./,
    );
    const refusing = await startStsServer({ INITIAL_NO_AUTH_ACTION_COUNT: "0" });
    try {
      const refused = await run("node", [CLI, "status"], { ...env, ...keys, AWS_ENDPOINT_URL_STS: refusing.url });
      expect(refused).toMatchObject({ status: 1, stdout: "" });
      expect(refused.stderr).toMatch(
        /^awsrole: STS does not accept the credentials in this shell \(InvalidClientTokenId\)/,
      );
      expect(refused.stderr).not.toContain(keys.AWS_SECRET_ACCESS_KEY);
    } finally {
      await refusing.stop();
    }
  });

  it("status knows a session written with --write-profile", async () => {
    const written = await run("node", [CLI, "handson-admin", "--write-profile", "hs", "-f", "json", "-q"], env);
    const vars = JSON.parse(written.stdout);
    const shellEnv = { ...env, AWS_PROFILE: vars.AWS_PROFILE, AWSROLE_PROFILE: vars.AWSROLE_PROFILE };
    const text = await run("node", [CLI, "status"], shellEnv);
    expect(text.stderr).toBe("");
    expect(text.stdout).toMatch(
      /^arn {6}arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\/.+\naccount {2}123456789012\nprofile {2}handson-admin\nexpires {2}\S+ \((59|60)m left\)\n$/,
    );
    const offline = await run("node", [CLI, "status", "--offline"], shellEnv);
    expect(offline.stdout).toMatch(/^handson-admin (59|60)m\n$/);
  });

  it("list shows role, source, MFA, region and cached time, as JSON for scripts", async () => {
    await run("node", [CLI, "handson-admin", "-f", "json", "-q"], env);
    const rows = JSON.parse((await run("node", [CLI, "list", "-f", "json"], env)).stdout);
    expect(rows).toEqual([
      expect.objectContaining({
        name: "handson-admin",
        role: "arn:aws:iam::123456789012:role/Myhandson-cli-role",
        source: "handson-cli-usr",
        mfa: false,
        region: "ap-northeast-1",
        cachedMinutes: expect.any(Number),
      }),
      expect.objectContaining({ name: "handson-cli-usr", source: "keys", mfa: false }),
      expect.objectContaining({ name: "target1", mfa: true }),
    ]);
    expect(rows[2]).not.toHaveProperty("cachedMinutes");
  });

  it("exec runs the command with the keys, without AWS_PROFILE, and exits with its status", async () => {
    const r = await run(
      "node",
      [
        CLI,
        "exec",
        "handson-admin",
        "-q",
        "--",
        "sh",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
        'echo "$AWSROLE_PROFILE ${AWS_PROFILE-unset} ${AWS_ACCESS_KEY_ID%${AWS_ACCESS_KEY_ID#????}}"; exit 3',
      ],
      env,
    );
    expect(r.stdout).toBe("handson-admin unset ASIA\n");
    expect(r.status).toBe(3);
  });

  it.runIf(haveAws)("exec gives the AWS CLI the role", async () => {
    const r = await run(
      "node",
      [CLI, "exec", "handson-admin", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
      env,
    );
    expect(r.stdout).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
  });

  it("exec passes a SIGTERM sent to awsrole alone on to the child, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-term-"));
    const child = `const fs = require("fs"); let n = 0; process.on("SIGTERM", () => { n++; setTimeout(() => { fs.writeFileSync("${dir}/count", String(n)); process.exit(0); }, 300); }); fs.writeFileSync("${dir}/ready", ""); setInterval(() => {}, 1000);`;
    writeFileSync(join(dir, "child.js"), child);
    const { spawn } = await import("node:child_process");
    const awsroleProcess = spawn("node", [CLI, "exec", "handson-admin", "--", "node", join(dir, "child.js")], {
      env,
      stdio: "ignore",
    });
    const { existsSync } = await import("node:fs");
    for (let i = 0; i < 100 && !existsSync(join(dir, "ready")); i++) await new Promise((r) => setTimeout(r, 50));
    awsroleProcess.kill("SIGTERM");
    const code = await new Promise((done) => awsroleProcess.on("exit", (c) => done(c)));
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "count"), "utf8")).toBe("1");
  });

  it("exec without a command is a usage error", async () => {
    const r = await run("node", [CLI, "exec", "handson-admin"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/exec needs a command after --/);
  });
});

// A profile named like a subcommand or a flag, picked where a profile or a subcommand goes, would
// run that subcommand or flag: it is offered after `--` only.
describe("completion of profiles named like a subcommand or a flag", () => {
  it("offers console and -v as profiles after -- only; console once, as the subcommand, before", async () => {
    const home = makeHome("[profile console]\nregion = x\n[profile -v]\nregion = x\n[profile dev]\nregion = x\n");
    try {
      const env = cleanEnv(home);
      const first = (await run("node", [CLI, "--complete="], env)).stdout.split("\n");
      expect(first.filter((w) => w === "console")).toHaveLength(1);
      expect(first).toContain("dev");
      expect(first).not.toContain("-v");
      const afterDashes = (await run("node", [CLI, "--complete=", "--"], env)).stdout.trim().split("\n");
      expect(afterDashes.sort()).toEqual(["-v", "console", "dev"]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
