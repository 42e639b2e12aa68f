// The user's own lines in a real pwsh 7.6 (.NET's global tool, which .ci/run installs and names in
// AWSROLE_TEST_PWSH; else `pwsh` on PATH), as they type them, against moto: each form around
// `awsrole PROFILE`, the `init powershell` wrapper loaded from a real $PROFILE, completion through
// TabExpansion2 — under `Set-StrictMode -Version Latest` and `$ErrorActionPreference = 'Stop'`,
// with values beyond ASCII and the console in code page 437. test/powershell.test.ts keeps the
// hosted engine for what one process cannot do cheaply: hundreds of random values per run.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsroleBin, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const PWSH = process.env.AWSROLE_TEST_PWSH ?? "pwsh";
const ready = hasTool(PWSH, ["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "exit 0"]);

const NAME = "café-日本";
const ROLE = "role_arn = arn:aws:iam::333344445555:role/target1-role\nsource_profile = foo\nregion = ap-northeast-1\n";
const VARS = ["AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "AWSROLE_PROFILE", "AWS_REGION"];
// A session token of 9,001 lines from a credential_process: 9,000 line breaks in one value.
const LINES = Array.from({ length: 9001 }, (_, i) => `t${i}`).join("\n");
const FORMS = {
  pipe: (line: string) => `${line} | Invoke-Expression`,
  paren: (line: string) => `Invoke-Expression (${line})`,
  outString: (line: string) => `${line} | Out-String | Invoke-Expression`,
};

interface Report {
  exit: number;
  errors: string[];
  env: { [name: string]: string | null };
  [more: string]: unknown;
}

describe.runIf(ready)("awsrole in a real pwsh", () => {
  let sts: StsServer;
  let home: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sts = await startStsServer();
    home = makeHome(
      // botocore reads a name with a space only in double quotes.
      [NAME, '"my proc"', '"$(New-Item pwned)"'].map((name) => `[profile ${name}]\n${ROLE}`).join("") +
        `[profile lines]\ncredential_process = node lines.js\n`,
      "[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    );
    writeFileSync(
      join(home, "lines.js"),
      `process.stdout.write(JSON.stringify({Version: 1, AccessKeyId: "ASIAXXXXXXXXXXXXXXXX", SecretAccessKey: "s", SessionToken: ${JSON.stringify(LINES)}, Expiration: new Date(Date.now() + 3600e3).toISOString()}))`,
    );
    // `awsrole` on PATH, as npm install -g puts it there.
    awsroleBin(join(home, "bin"));
    env = cleanEnv(home, {
      PATH: `${join(home, "bin")}:${process.env.PATH}`,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
      POWERSHELL_TELEMETRY_OPTOUT: "1",
      POWERSHELL_UPDATECHECK: "Off",
      DOTNET_CLI_TELEMETRY_OPTOUT: "1",
    });
  });
  afterAll(async () => {
    await sts?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /**
   * Runs the lines with pwsh -Command in HOME's folder, after StrictMode and Stop; `Report NAME`
   * records $LASTEXITCODE, the error records and the role's variables, then clears the records.
   * With `profile`, $PROFILE holds it and pwsh loads it (no -NoProfile).
   */
  async function pwsh(lines: string, profile?: string) {
    const report = join(home, "report.json");
    rmSync(report, { force: true });
    const profilePath = join(home, ".config", "powershell", "Microsoft.PowerShell_profile.ps1");
    rmSync(profilePath, { force: true });
    if (profile !== undefined) {
      mkdirSync(join(home, ".config", "powershell"), { recursive: true });
      writeFileSync(profilePath, profile);
    }
    const script = [
      "Set-StrictMode -Version Latest",
      "$ErrorActionPreference = 'Stop'",
      "$global:LASTEXITCODE = 0",
      `Set-Location -LiteralPath '${home}'`,
      "$global:report = [ordered]@{ profilePath = $PROFILE }",
      `function Clear-Role { foreach ($k in ${VARS.map((v) => `'${v}'`).join(", ")}) { [Environment]::SetEnvironmentVariable($k, $null) } }`,
      `function Report($name, $more = @{}) { $r = [ordered]@{ exit = $global:LASTEXITCODE; errors = @($global:Error | ForEach-Object { "$_" }); env = [ordered]@{} }; foreach ($k in ${VARS.map((v) => `'${v}'`).join(", ")}) { $r.env[$k] = [Environment]::GetEnvironmentVariable($k) }; foreach ($k in $more.Keys) { $r[$k] = $more[$k] }; $global:report[$name] = $r; $global:Error.Clear() }`,
      `try {\n${lines}\n} finally { $global:report | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath '${report}' -Encoding utf8NoBOM }`,
    ].join("\n");
    const args = ["-NoLogo", "-NonInteractive", ...(profile === undefined ? ["-NoProfile"] : []), "-Command", script];
    const result = await run(PWSH, args, env, { timeout: 120_000 });
    const records = existsSync(report) ? (JSON.parse(readFileSync(report, "utf8")) as { [name: string]: Report }) : {};
    return { ...result, records };
  }

  it("each form sets the role with a name beyond ASCII, also in code page 437, and --unset clears it (also when nothing is set), with no error record", async () => {
    const forms = Object.entries(FORMS)
      .map(
        ([form, wrap]) =>
          `Clear-Role; ${wrap(`awsrole '${NAME}' -q`)}; Report "${form}-$cp"; ${wrap("awsrole --unset")}; ${wrap("awsrole --unset")}; Report "${form}-$cp-unset"`,
      )
      .join("\n");
    const { records, status, stderr } = await pwsh(
      `foreach ($cp in 65001, 437) {\n[Console]::OutputEncoding = [Text.Encoding]::GetEncoding($cp)\n${forms}\n}`,
    );
    expect(status, stderr).toBe(0);
    for (const form of Object.keys(FORMS))
      for (const cp of [65001, 437]) {
        const got = records[`${form}-${cp}`];
        expect(got?.errors, `${form} ${cp}`).toEqual([]);
        expect(got?.env.AWSROLE_PROFILE, `${form} ${cp}`).toBe(NAME);
        expect(got?.env.AWS_ACCESS_KEY_ID, `${form} ${cp}`).toMatch(/^ASIA/);
        expect(got?.env.AWS_REGION).toBe("ap-northeast-1");
        const unset = records[`${form}-${cp}-unset`];
        expect(unset?.errors, `${form} ${cp} --unset`).toEqual([]);
        expect(unset?.env, `${form} ${cp} --unset`).toEqual(Object.fromEntries(VARS.map((k) => [k, null])));
      }
  });

  it("the init wrapper loads under Set-StrictMode in a script even with no awsrole on PATH", async () => {
    // An empty array indexed under StrictMode Latest threw "Index was outside the bounds of the array".
    const script = [
      "Set-StrictMode -Version Latest",
      "$ErrorActionPreference = 'Stop'",
      `node '${CLI}' init powershell | Out-String | Invoke-Expression`,
      "'loaded:' + $global:AwsroleExe",
    ].join("\n");
    const noAwsrole = { ...env, PATH: process.env.PATH ?? "" };
    const r = await run(PWSH, ["-NoLogo", "-NonInteractive", "-NoProfile", "-Command", script], noAwsrole, {
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("loaded:awsrole");
  });

  it("a value with 9,000 line breaks arrives whole in each form", async () => {
    const forms = Object.entries(FORMS)
      .map(([form, wrap]) => `Clear-Role; ${wrap("awsrole lines -q")}; Report ${form}`)
      .join("\n");
    const { records, status, stderr } = await pwsh(forms);
    expect(status, stderr).toBe(0);
    for (const form of Object.keys(FORMS)) {
      expect(records[form]?.errors, form).toEqual([]);
      expect(records[form]?.env.AWS_SESSION_TOKEN === LINES, form).toBe(true);
    }
  });

  it("on a failure: $LASTEXITCODE is awsrole's; | Invoke-Expression goes on with no error record, the other two forms stop on a binding error; with $PSNativeCommandUseErrorActionPreference every form stops on awsrole's", async () => {
    const attempt = (name: string, line: string) =>
      `$went = $false; try { ${line}; $went = $true } catch { }; Report ${name} @{ wentOn = $went }`;
    const lines = Object.entries(FORMS).flatMap(([form, wrap]) => [
      attempt(form, wrap("awsrole nosuch")),
      `$PSNativeCommandUseErrorActionPreference = $true; ${attempt(`${form}-native`, wrap("awsrole nosuch"))}; $PSNativeCommandUseErrorActionPreference = $false`,
    ]);
    const { records, status, stderr } = await pwsh(lines.join("\n"));
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('awsrole: profile "nosuch" is not in');
    const summary = Object.fromEntries(
      Object.entries(records)
        .filter(([name]) => name !== "profilePath")
        .map(([name, r]) => [name, { exit: r.exit, wentOn: r.wentOn, errors: r.errors }]),
    );
    const stopped = (error: string) => ({ exit: 2, wentOn: false, errors: [error] });
    const native = stopped('Program "awsrole" ended with non-zero exit code: 2 (0x02).');
    expect(summary).toEqual({
      pipe: { exit: 2, wentOn: true, errors: [] },
      "pipe-native": native,
      paren: stopped("Cannot bind argument to parameter 'Command' because it is null."),
      "paren-native": native,
      outString: stopped("Cannot bind argument to parameter 'Command' because it is an empty string."),
      "outString-native": native,
    });
  });

  it("the init wrapper loaded from $PROFILE sets the role (9,000 line breaks too), leaves $LASTEXITCODE on a failure, and completes names quoted", async () => {
    const complete = (input: string) =>
      `@((TabExpansion2 -inputScript '${input.replaceAll("'", "''")}' -cursorColumn ${input.length}).CompletionMatches | ForEach-Object CompletionText)`;
    const { records, status, stderr } = await pwsh(
      [
        "[Console]::OutputEncoding = [Text.Encoding]::GetEncoding(437)",
        `awsrole '${NAME}' -q; Report ok`,
        "awsrole nosuch 2>$null; Report failed",
        "awsrole lines -q; Report lines; awsrole --unset",
        `awsrole --unset; Report unset @{ names = ${complete("awsrole ")}; cafe = ${complete("awsrole caf")}; my = ${complete("awsrole my")}; flags = ${complete("awsrole --token")} }`,
        // Accepting each completion runs the name as text, never as code.
        `foreach ($text in ${complete("awsrole ")}) { Invoke-Expression "awsrole $text -q"; Report "accepted $text" }`,
      ].join("\n"),
      "Set-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\nawsrole init powershell | Out-String | Invoke-Expression\n",
    );
    expect(status, stderr).toBe(0);
    expect(records.profilePath).toBe(join(home, ".config", "powershell", "Microsoft.PowerShell_profile.ps1"));
    expect(records.ok?.errors).toEqual([]);
    expect(records.ok?.env.AWSROLE_PROFILE).toBe(NAME);
    expect(records.ok?.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(records.failed?.exit).toBe(2);
    expect(records.failed?.errors).toEqual([]);
    expect(records.failed?.env).toEqual(records.ok?.env);
    expect(records.lines?.errors).toEqual([]);
    expect(records.lines?.env.AWS_SESSION_TOKEN === LINES).toBe(true);
    expect(records.unset?.env.AWS_ACCESS_KEY_ID).toBeNull();
    expect(records.unset?.cafe).toEqual([NAME]);
    expect(records.unset?.my).toEqual(["'my proc'"]);
    expect(records.unset?.flags).toEqual(["--token-code"]);
    expect(records.unset?.names).toEqual(expect.arrayContaining([NAME, "'my proc'", "'$(New-Item pwned)'", "lines"]));
    for (const name of [NAME, "my proc", "$(New-Item pwned)"]) {
      const text = name === NAME ? NAME : `'${name}'`;
      expect(records[`accepted ${text}`]?.errors, name).toEqual([]);
      expect(records[`accepted ${text}`]?.env.AWSROLE_PROFILE, name).toBe(name);
    }
    expect(existsSync(join(home, "pwned"))).toBe(false);
  });
});

// The prompt's renewal (shell/awsrole.ps1) under a profile that stops on every error, seen by a
// stand-in program that writes its words to a file and fails: the user's prompt still draws and
// still sees $?; the profile goes after a '--'; keys set by hand are not renewed.
describe.runIf(ready)("the prompt's renewal in a real pwsh", () => {
  it("keeps $?, does not throw out of prompt, passes the profile after --, and leaves keys set by hand alone", async () => {
    const home = makeHome("");
    try {
      const stub = join(home, "stub");
      const called = join(home, "called");
      writeFileSync(
        stub,
        `#!/bin/sh\nprintf '%s|' "$@" >> '${called}'; echo >> '${called}'; echo 'awsrole: stub failed.' >&2; exit 2\n`,
      );
      chmodSync(stub, 0o755);
      const script = [
        "$ErrorActionPreference = 'Stop'; $PSNativeCommandUseErrorActionPreference = $true",
        'function prompt { "[$?] USER> " }',
        `node '${CLI}' init powershell | Out-String | Invoke-Expression`,
        `$global:AwsroleProgram = '${stub}'; $global:AwsroleProgramArgs = @()`,
        "$env:AWS_ACCESS_KEY_ID = 'ASIAX'; $env:AWSROLE_ACCESS_KEY_ID = 'ASIAX'",
        "foreach ($p in 'console', '-v') {",
        "  $env:AWSROLE_PROFILE = $p; $env:AWSROLE_EXPIRES_EPOCH = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 100 + $p.Length",
        '  try { Get-Item /nonexistent -ErrorAction SilentlyContinue; prompt } catch { "THROWN: $_" }',
        "}",
        'try { $null = 1; prompt } catch { "THROWN: $_" }',
        "$env:AWS_ACCESS_KEY_ID = 'AKIAMANUAL'; $env:AWSROLE_EXPIRES_EPOCH = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 50",
        'try { prompt } catch { "THROWN: $_" }',
      ].join("\n");
      const r = await run(PWSH, ["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", script], cleanEnv(home));
      expect(r.stdout).toBe("[False] USER> \n[False] USER> \n[True] USER> \n[True] USER> \n");
      expect(r.stderr).toBe("awsrole: stub failed.\nawsrole: stub failed.\n");
      expect(readFileSync(called, "utf8")).toBe(
        "--wrapper=powershell|-q|--no-prompt|--|console|\n--wrapper=powershell|-q|--no-prompt|--|-v|\n",
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
