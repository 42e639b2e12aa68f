// awsrole as a Windows program: the built CLI run by Node for Windows 22 under wine, against moto
// on loopback. One prefix for the file and few runs (each costs wine's start-up); what wine
// cannot run (cmd's for /f, PowerShell 5.1, HOME set by Git for Windows) is tested as win32
// branches on Linux in the files of the code it covers.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasWine, makeWine, NODE_EXE, type Wine, winPath } from "./helpers/wine.js";

const haveWine = hasWine();

describe.runIf(haveWine)("Node for Windows under wine", () => {
  let sts: StsServer;
  let wine: Wine;
  let env: Record<string, string>;
  let scratch: string;

  beforeAll(async () => {
    [sts, wine] = await Promise.all([startStsServer(), makeWine()]);
    env = { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true" };
    scratch = join(wine.home, "scratch");
    const aws = join(wine.home, ".aws");
    mkdirSync(aws, { recursive: true });
    mkdirSync(scratch, { recursive: true });
    // A credential_process given by backslashed Windows paths, as people write them there.
    writeFileSync(
      join(scratch, "creds.js"),
      // writeSync, not console.log: Node's process.stdout on a pipe fails under wine.
      `require("fs").writeSync(1, JSON.stringify({Version: 1, AccessKeyId: "AKIAPROCESSEXAMPLE", SecretAccessKey: "process-secret"}))`,
    );
    // Batch files, as npm installs its tools (npx.cmd, cdk.cmd): a full path and a bare name on PATH.
    mkdirSync(join(scratch, "bin"));
    writeFileSync(join(scratch, "three.cmd"), '@echo off\r\n> "%~dp0args.txt" echo %*\r\nexit /b 3\r\n');
    writeFileSync(join(scratch, "bin", "four.bat"), "@exit /b 4\r\n");
    writeFileSync(
      join(aws, "config"),
      [
        "[profile plain]",
        "role_arn = arn:aws:iam::123456789012:role/plain",
        "source_profile = usr",
        "[profile admin]",
        "role_arn = arn:aws:iam::123456789012:role/admin",
        "source_profile = usr",
        "mfa_serial = arn:aws:iam::123456789012:mfa/usr",
        "[profile proc]",
        "role_arn = arn:aws:iam::123456789012:role/proc",
        "source_profile = procsrc",
        "[profile procsrc]",
        `credential_process = ${winPath(NODE_EXE)} ${winPath(join(scratch, "creds.js"))}`,
        "",
      ].join("\r\n"),
    );
    writeFileSync(
      join(aws, "credentials"),
      "[usr]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n",
    );
  }, 120_000);
  afterAll(async () => {
    wine?.remove();
    await sts?.stop();
  });

  const newCalls = (from: number) => sts.requests.slice(from);

  it("reads ~\\.aws from the profile folder, caches the session there, and a second run calls nothing", async () => {
    let from = sts.requests.length;
    const first = await wine.awsrole(["plain", "-f", "powershell"], env);
    expect(first.stderr).toContain("assumed plain");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/\$Env:AWS_ACCESS_KEY_ID = 'ASIA/);
    expect(newCalls(from).map((c) => c.Action)).toEqual(["AssumeRole"]);
    expect(readdirSync(join(wine.home, ".aws", "cli", "cache"))).toHaveLength(1);

    from = sts.requests.length;
    const hit = await wine.awsrole(["plain", "-f", "cmd"], env);
    expect(hit.status).toBe(0);
    expect(hit.stdout).toMatch(/\r\nset "AWS_ACCESS_KEY_ID=ASIA\w+"\r\n/);
    expect(newCalls(from)).toEqual([]);
  });

  it("keeps its compiled code in %LOCALAPPDATA%\\awsrole, and the next run reads it rather than writing it again", async () => {
    const folder = join(wine.home, "AppData", "Local", "awsrole");
    const compiled = () =>
      Object.fromEntries(
        readdirSync(folder)
          .filter((name) => name.endsWith(".v8cache"))
          .map((name) => [name, statSync(join(folder, name)).ino]),
      );
    expect((await wine.awsrole(["plain", "-f", "json"], env)).status).toBe(0);
    const written = compiled();
    expect(Object.keys(written)).toContainEqual(
      expect.stringMatching(/^main\.cjs\.\w+\.assume\.v22\.[\d.]+\.v8cache$/),
    );
    // Rewritten (a new file by rename) only when missing or rejected.
    expect((await wine.awsrole(["plain", "-f", "json"], env)).status).toBe(0);
    expect(compiled()).toEqual(written);
    expect(existsSync(join(wine.home, ".cache"))).toBe(false);
  });

  it("asks for the MFA code on the console (a pty here) while stdout is captured, and sends what was typed", async () => {
    const from = sts.requests.length;
    const r = await wine.awsrole(["admin", "-f", "json"], env, {
      terminal: { waitFor: /Enter MFA code/, typed: "123456\r" },
    });
    expect(r.screen).not.toContain("no terminal");
    expect(r.screen).toContain("Enter MFA code for arn:aws:iam::123456789012:mfa/usr (profile admin):");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: expect.stringMatching(/^ASIA/) });
    expect(newCalls(from)[0]).toMatchObject({ Action: "GetSessionToken", TokenCode: "123456" });
  });

  it("names the files it looked in with Windows separators, and gives no HOME advice", async () => {
    const r = await wine.awsrole(["nope", "-f", "json"], env);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${wine.winHome}\\.aws\\config or ${wine.winHome}\\.aws\\credentials`);
    expect(r.stderr).not.toMatch(/HOME|\//);
  });

  it("runs a credential_process named by backslashed paths", async () => {
    const from = sts.requests.length;
    const r = await wine.awsrole(["proc", "-f", "json"], env);
    expect(r.stderr).toContain("assumed proc");
    expect(r.status).toBe(0);
    expect(newCalls(from)).toMatchObject([{ Action: "AssumeRole", $signer: "AKIAPROCESSEXAMPLE" }]);
  });

  it("exec runs a .cmd by its path (arguments intact), a .bat by its bare name, and an .exe, with their exit codes", async () => {
    const cmd = await wine.awsrole(["exec", "plain", "--", winPath(join(scratch, "three.cmd")), "a b&c", 'x"y'], env);
    expect(cmd.stderr).toBe("");
    expect(cmd.status).toBe(3);
    // %* is the command line as cmd.exe got it: each argument quoted as the C runtime reads it back.
    expect(readFileSync(join(scratch, "args.txt"), "utf8").trim()).toBe('"a b&c" "x\\"y"');

    const bat = await wine.awsrole(["exec", "plain", "--", "four"], {
      ...env,
      WINEPATH: winPath(join(scratch, "bin")),
    });
    expect(bat.stderr).toBe("");
    expect(bat.status).toBe(4);

    // The child's own view of its environment: none of awsrole's variables, in any letter case.
    const show = `require("fs").writeSync(1, Object.keys(process.env).filter((k) => /^aws/i.test(k)).sort().join(" ")); process.exit(5)`;
    const exe = await wine.awsrole(["exec", "plain", "--", winPath(NODE_EXE), "-e", show], {
      ...env,
      aws_profile: "leftover",
      Awsrole_Token_Code: "123456",
    });
    expect(exe.status).toBe(5);
    expect(exe.stdout.split(" ")).toEqual([
      "AWSROLE_ACCESS_KEY_ID",
      "AWSROLE_EXPIRES_EPOCH",
      "AWSROLE_PROFILE",
      "AWS_ACCESS_KEY_ID",
      "AWS_CREDENTIAL_EXPIRATION",
      "AWS_DEFAULT_REGION",
      "AWS_EC2_METADATA_DISABLED",
      "AWS_ENDPOINT_URL_STS",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
    ]);
  });

  it("without --format prints PowerShell, and cmd code when cmd.exe started it", async () => {
    const direct = await wine.awsrole(["--unset"], {});
    expect(direct.stdout).toMatch(/^\$Env:AWS_ACCESS_KEY_ID = \$null;/);
    const inCmd = await wine.awsroleInCmd(["--unset"], {});
    expect(inCmd.stdout).toMatch(/^set "AWS_ACCESS_KEY_ID="\r\n/);
  });

  it("init powershell names node.exe and cli.cjs, so the function never runs npm's awsrole.cmd", async () => {
    const r = await wine.awsrole(["init", "powershell"], {});
    expect(r.status).toBe(0);
    const quoted = (path: string) => `'${path.replaceAll("'", "''")}'`;
    expect(r.stdout).toContain(`$global:AwsroleProgram = ${quoted(winPath(NODE_EXE))}`);
    expect(r.stdout).toContain(`$global:AwsroleProgramArgs = @(${quoted(winPath("dist/cli.cjs"))})`);
  });
});
