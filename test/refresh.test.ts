// Shells that renew themselves (issue 21, part 2): with `awsrole init SHELL` loaded and a role
// set, the prompt renews the keys when fewer than 10 minutes remain, from the MFA session; with
// no MFA session left it prints one line once and changes nothing; any other prompt starts no
// process. Real bash, zsh and fish (their prompt hooks called as the prompt calls them) and the
// PowerShell engine, against moto behind a proxy whose sessions expire in seconds.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsroleBin, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { hasPwsh, pwsh } from "./helpers/pwsh.js";
import { type Call, type ExpiringSts, startExpiringSts } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const ACCOUNT = "123456789012";
const CONFIG = `[profile prod]
role_arn = arn:aws:iam::${ACCOUNT}:role/deployer
source_profile = default
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/alice
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;
/** The first role session's life: the test waits it out, so the next prompt meets expired keys. */
const LIFE = 4;

const haveTools = hasTool("aws") && hasTool("python3", ["-c", "import moto"]);
let sts: ExpiringSts;
const made: string[] = [];
beforeAll(async () => {
  if (!haveTools) return;
  sts = await startExpiringSts();
});
afterAll(async () => {
  await sts?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A home of its own (its own cache) with `awsrole` on PATH, as npm installs it. */
function envFor(): Record<string, string> {
  const home = makeHome(CONFIG, CREDENTIALS);
  made.push(home);
  const bin = awsroleBin(join(home, "bin"));
  return cleanEnv(home, {
    PATH: `${bin}:${process.env.PATH}`,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_DEFAULT_REGION: "us-east-1",
  });
}

/** Each shell's prompt hook, called as its prompt calls it, and how a line of it reads. */
const SHELLS = [
  {
    shell: "bash",
    args: ["--norc", "--noprofile", "-c"],
    init: 'PROMPT_COMMAND="echo user-hook"; eval "$(awsrole init bash)"',
    prompt: 'eval "$PROMPT_COMMAND"',
    // A prompt that could start no program: any it tried would fail loudly.
    promptWithoutPrograms: '(PATH=/nonexistent; eval "$PROMPT_COMMAND")',
    set: (name: string, value: string) => `${name}=${value}`,
    same: (a: string, b: string) => `[ "${a}" = "${b}" ] && echo same || echo changed`,
  },
  {
    shell: "zsh",
    args: ["-f", "-c"],
    init: 'precmd_functions=(user_hook); user_hook() { echo user-hook; }; eval "$(awsrole init zsh)"',
    prompt: "for f in $precmd_functions; do $f; done",
    promptWithoutPrograms: "(PATH=/nonexistent; for f in $precmd_functions; do $f; done)",
    set: (name: string, value: string) => `${name}=${value}`,
    same: (a: string, b: string) => `[ "${a}" = "${b}" ] && echo same || echo changed`,
  },
  {
    shell: "fish",
    args: ["--no-config", "-c"],
    init: "function user_hook --on-event fish_prompt; echo user-hook; end; awsrole init fish | source",
    prompt: "emit fish_prompt",
    promptWithoutPrograms: "set -l saved $PATH; set PATH /nonexistent; emit fish_prompt; set PATH $saved",
    set: (name: string, value: string) => `set ${name} ${value}`,
    same: (a: string, b: string) => `test "${a}" = "${b}"; and echo same; or echo changed`,
  },
] as const;

const callsSince = (start: number) => sts.calls.slice(start).map((c: Call) => c);

describe.skipIf(!haveTools).each(SHELLS.filter((s) => hasTool(s.shell)))("$shell renews at the prompt", (s) => {
  it("after an expiry the next prompt holds fresh keys from the MFA session; AWSROLE_NO_REFRESH=1 keeps the old", async () => {
    sts.lifetimes.AssumeRole = [LIFE];
    delete sts.lifetimes.GetSessionToken;
    const start = sts.calls.length;
    const r = await run(
      s.shell,
      [
        ...s.args,
        [
          s.init,
          "awsrole prod -t 123456 -q",
          s.set("first", "$AWS_SESSION_TOKEN"),
          `sleep ${LIFE + 1}`,
          s.shell === "fish" ? "set -gx AWSROLE_NO_REFRESH 1" : "export AWSROLE_NO_REFRESH=1",
          s.prompt,
          s.same("$first", "$AWS_SESSION_TOKEN"),
          s.shell === "fish" ? "set -e AWSROLE_NO_REFRESH" : "unset AWSROLE_NO_REFRESH",
          s.prompt,
          s.same("$first", "$AWS_SESSION_TOKEN"),
          "aws sts get-caller-identity --query Arn --output text",
          // The new session has an hour: this prompt is not near expiry, and runs nothing.
          s.promptWithoutPrograms,
          'echo "$AWSROLE_PROFILE"',
        ].join("\n"),
      ],
      envFor(),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual([
      "user-hook",
      "same",
      "user-hook",
      "changed",
      expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/deployer/`)),
      "user-hook",
      "prod",
      "",
    ]);
    const calls = callsSince(start);
    const own = calls.filter((c) => c.client === "awsrole");
    expect(own.map((c) => [c.action, c.tokenCode])).toEqual([
      ["GetSessionToken", "123456"],
      ["AssumeRole", undefined],
      // The renewal: signed with the cached MFA session, no code.
      ["AssumeRole", undefined],
    ]);
    expect(own[2]?.signerToken).toBe(own[0]?.issuedToken);
    // The AWS CLI used the renewed keys, and STS accepted them.
    expect(calls.filter((c) => c.client === "cli").map((c) => [c.signer, c.rejected])).toEqual([
      [own[2]?.issued, undefined],
    ]);
  }, 60_000);

  it("with no MFA session left, prints one line once and changes nothing", async () => {
    sts.lifetimes.AssumeRole = [LIFE];
    sts.lifetimes.GetSessionToken = [LIFE];
    const start = sts.calls.length;
    const r = await run(
      s.shell,
      [
        ...s.args,
        [
          s.init,
          "awsrole prod -t 123456 -q",
          s.set("first", "$AWS_SESSION_TOKEN"),
          `sleep ${LIFE + 1}`,
          s.prompt,
          s.prompt,
          s.same("$first", "$AWS_SESSION_TOKEN"),
        ].join("\n"),
      ],
      envFor(),
    );
    expect(r.stdout).toBe("user-hook\nuser-hook\nsame\n");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^awsrole: profile "prod" needs an MFA code for \S+ and --no-prompt is set\./);
    // No call without a code: only the first session's.
    expect(callsSince(start).map((c) => c.action)).toEqual(["GetSessionToken", "AssumeRole"]);
  }, 60_000);
});

describe.skipIf(!haveTools || !hasPwsh())("PowerShell renews at the prompt", () => {
  const READ = ["AWS_SESSION_TOKEN", "AWSROLE_PROFILE", "AWSROLE_EXPIRES_EPOCH"];
  // The profile's own prompt, defined before awsrole's line: still drawn.
  // Under strict mode, as many profiles run: a variable read before it is set would be an error.
  const load =
    "Set-StrictMode -Version Latest; function prompt { 'user-prompt> ' }; awsrole init powershell | Out-String | Invoke-Expression";

  it("after an expiry the next prompt holds fresh keys; AWSROLE_NO_REFRESH=1 keeps the old; a prompt not near expiry runs nothing", async () => {
    sts.lifetimes.AssumeRole = [LIFE];
    delete sts.lifetimes.GetSessionToken;
    const start = sts.calls.length;
    const [set, optedOut, renewed, cli, quiet] = await pwsh(
      [
        { script: `${load}; awsrole prod -t 123456 -q`, read: READ },
        {
          script: `Start-Sleep ${LIFE + 1}; $env:AWSROLE_NO_REFRESH = '1'; prompt; $env:AWSROLE_NO_REFRESH = $null`,
          read: READ,
        },
        { script: "prompt", read: READ },
        { script: "& aws sts get-caller-identity --query Arn --output text" },
        // Not near expiry: awsrole is not even looked for.
        {
          script: "$keep = $global:AwsroleExe; $global:AwsroleExe = '/nonexistent'; prompt; $global:AwsroleExe = $keep",
          read: READ,
        },
      ],
      envFor(),
    );
    for (const r of [set, optedOut, renewed, cli, quiet]) expect(r?.errors).toEqual([]);
    expect(set?.env.AWSROLE_PROFILE).toBe("prod");
    expect(optedOut?.env).toEqual(set?.env);
    expect(optedOut?.output).toEqual(["user-prompt> "]);
    expect(renewed?.output).toEqual(["user-prompt> "]);
    expect(renewed?.env.AWS_SESSION_TOKEN).not.toBe(set?.env.AWS_SESSION_TOKEN);
    expect(Number(renewed?.env.AWSROLE_EXPIRES_EPOCH)).toBeGreaterThan(Date.now() / 1000 + 600);
    expect(cli?.output).toEqual([expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/deployer/`))]);
    expect(quiet?.env).toEqual(renewed?.env);
    const own = callsSince(start).filter((c) => c.client === "awsrole");
    expect(own.map((c) => [c.action, c.tokenCode])).toEqual([
      ["GetSessionToken", "123456"],
      ["AssumeRole", undefined],
      ["AssumeRole", undefined],
    ]);
    expect(own[2]?.signerToken).toBe(own[0]?.issuedToken);
  }, 90_000);

  it("with no MFA session left, prints one line once and changes nothing", async () => {
    sts.lifetimes.AssumeRole = [LIFE];
    sts.lifetimes.GetSessionToken = [LIFE];
    const start = sts.calls.length;
    const [set, prompts] = await pwsh(
      [
        { script: `${load}; awsrole prod -t 123456 -q`, read: READ },
        { script: `Start-Sleep ${LIFE + 1}; prompt; prompt; "exit=$LASTEXITCODE"`, read: READ },
      ],
      envFor(),
    );
    // awsrole's stderr, as the console shows it: one line for two prompts; no error record, and
    // $LASTEXITCODE as the last command left it.
    expect(prompts?.errors).toHaveLength(1);
    expect(prompts?.errors[0]).toMatch(/^awsrole: profile "prod" needs an MFA code for \S+ and --no-prompt is set\./);
    expect(prompts?.errorRecords).toBe(0);
    expect(prompts?.output).toEqual(["user-prompt> ", "user-prompt> ", "exit=0"]);
    expect(prompts?.env).toEqual(set?.env);
    expect(callsSince(start).map((c) => c.action)).toEqual(["GetSessionToken", "AssumeRole"]);
  }, 90_000);
});

describe("the prompt hooks join the user's, once", () => {
  const env = () => {
    const home = makeHome("");
    made.push(home);
    return cleanEnv(home);
  };

  it.runIf(hasTool("bash"))("bash: appended to PROMPT_COMMAND, a string or a list, never twice; $? kept", async () => {
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        [
          "PROMPT_COMMAND='echo user'",
          `eval "$(node '${CLI}' init bash)"`,
          `eval "$(node '${CLI}' init bash)"`,
          'printf "%s|" "$PROMPT_COMMAND"; echo',
          "PROMPT_COMMAND=(one two)",
          `eval "$(node '${CLI}' init bash)"`,
          `eval "$(node '${CLI}' init bash)"`,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
          'echo "${PROMPT_COMMAND[@]}"',
          "false; __awsrole_refresh; echo status=$?",
        ].join("\n"),
      ],
      env(),
    );
    expect(r).toMatchObject({
      stderr: "",
      stdout: "echo user\n__awsrole_refresh|\none two __awsrole_refresh\nstatus=1\n",
    });
  });

  it.runIf(hasTool("zsh"))("zsh: added to precmd_functions once", async () => {
    const r = await run(
      "zsh",
      [
        "-f",
        "-c",
        [
          "precmd_functions=(mine)",
          `eval "$(node '${CLI}' init zsh)"`,
          `eval "$(node '${CLI}' init zsh)"`,
          'echo "$precmd_functions"',
        ].join("\n"),
      ],
      env(),
    );
    expect(r).toMatchObject({ stderr: "", stdout: "mine __awsrole_refresh\n" });
  });
});

// What the prompt runs, seen by a stand-in `awsrole` program that writes its words to a file and
// fails (so the hook tries once). A session 100 s from its end, with awsrole's key in the shell.
describe("what the prompt renews", () => {
  const setup = () => {
    const home = makeHome("");
    made.push(home);
    const bin = join(home, "stub");
    mkdirSync(bin);
    writeFileSync(
      join(bin, "awsrole"),
      `#!/bin/sh\nprintf '%s|' "$@" >> '${home}/called'; echo >> '${home}/called'; exit 1\n`,
    );
    chmodSync(join(bin, "awsrole"), 0o755);
    const epoch = String(Math.floor(Date.now() / 1000) + 100);
    const env = cleanEnv(home, {
      AWSROLE_EXPIRES_EPOCH: epoch,
      AWS_ACCESS_KEY_ID: "ASIAAWSROLESET",
      AWSROLE_ACCESS_KEY_ID: "ASIAAWSROLESET",
    });
    const called = () => {
      try {
        return readFileSync(join(home, "called"), "utf8");
      } catch {
        return "";
      }
    };
    return { bin, env, called };
  };
  const POSIX = {
    bash: { args: ["--norc", "--noprofile", "-c"], prompt: 'eval "$PROMPT_COMMAND"' },
    zsh: { args: ["-f", "-c"], prompt: "for f in $precmd_functions; do $f; done" },
  } as const;

  describe.each(["bash", "zsh", "fish"].filter((s) => hasTool(s)))("%s", (shell) => {
    const script = (bin: string, lines: string[]) =>
      shell === "fish"
        ? ["--no-config", "-c", [`node '${CLI}' init fish | source`, `set PATH '${bin}' $PATH`, ...lines].join("\n")]
        : [
            ...POSIX[shell as "bash"].args,
            [`eval "$(node '${CLI}' init ${shell})"`, `PATH='${bin}':$PATH`, ...lines].join("\n"),
          ];
    const prompt = shell === "fish" ? "emit fish_prompt" : POSIX[shell as "bash"].prompt;

    it.each(["console", "-v"])("renews a profile named %s as a profile, after --", async (profile) => {
      const { bin, env, called } = setup();
      const r = await run(shell, script(bin, [prompt]), { ...env, AWSROLE_PROFILE: profile });
      expect(r.stderr).toBe("");
      expect(called()).toBe(`--wrapper=${shell}|-q|--no-prompt|--|${profile}|\n`);
    });

    it("leaves keys set by hand alone: no renewal once AWS_ACCESS_KEY_ID is not awsrole's", async () => {
      const { bin, env, called } = setup();
      const r = await run(shell, script(bin, [prompt]), {
        ...env,
        AWSROLE_PROFILE: "dev",
        AWS_ACCESS_KEY_ID: "AKIAMANUALLYSET00000",
      });
      expect(r.stderr).toBe("");
      expect(called()).toBe("");
    });

    // fish has no regex match variables to keep: the case exists for bash and zsh only.
    if (shell !== "fish")
      it("keeps the user's BASH_REMATCH / MATCH", async () => {
        const { bin, env } = setup();
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
        const show = shell === "bash" ? 'echo "${BASH_REMATCH[0]}"' : 'echo "$MATCH"';
        const r = await run(shell, script(bin, ["[[ abc =~ b ]]", prompt, show]), { ...env, AWSROLE_PROFILE: "dev" });
        expect(r.stdout).toBe("b\n");
      });
  });
});
