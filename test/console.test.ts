// The console sign-in URL against a local federation endpoint, the switch-role link, and the
// AWS CLI getting the role through `credential_process = awsrole …`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { switchRoleUrl } from "../src/commands/console.js";
import {
  CONFIG as FAKE_CONFIG,
  CREDENTIALS as FAKE_CREDENTIALS,
  runCli,
  SOURCE_SECRET,
  tempHome,
} from "./helpers/fake-io.js";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CONFIG = `[profile handson-admin]
role_arn = arn:aws:iam::123456789012:role/admin/Myhandson-cli-role
source_profile = handson-cli-usr
region = ap-northeast-1

[profile via-process]
credential_process = node ${CLI} handson-admin --format credential-process
`;
const CREDENTIALS = `[handson-cli-usr]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

let sts: StsServer;
let signin: { url: string; sessions: Record<string, string>[]; close: () => void };
let env: Record<string, string>;
beforeAll(async () => {
  sts = await startStsServer();
  const sessions: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/federation" && url.searchParams.get("Action") === "getSigninToken") {
      sessions.push(JSON.parse(url.searchParams.get("Session") ?? "{}"));
      res.end(JSON.stringify({ SigninToken: "TOKEN-FROM-FEDERATION" }));
    } else {
      res.statusCode = 400;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  signin = { url: `http://127.0.0.1:${port}`, sessions, close: () => server.close() };
  env = cleanEnv(makeHome(CONFIG, CREDENTIALS), {
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SIGNIN: signin.url,
    AWS_DEFAULT_REGION: "us-east-1",
  });
});
afterAll(() => {
  signin?.close();
  return sts?.stop();
});

describe("awsrole console", () => {
  it("exchanges the role session for a sign-in token and prints the login URL", async () => {
    const r = await awsrole(["console", "handson-admin", "-q"], env);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const url = new URL(r.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(`${signin.url}/federation`);
    expect(url.searchParams.get("Action")).toBe("login");
    expect(url.searchParams.get("SigninToken")).toBe("TOKEN-FROM-FEDERATION");
    expect(url.searchParams.get("Destination")).toBe(
      "https://console.aws.amazon.com/console/home?region=ap-northeast-1",
    );
    const session = signin.sessions.at(-1);
    expect(session?.sessionId).toMatch(/^ASIA/);
    expect(session?.sessionKey).toBeTruthy();
    expect(session?.sessionToken).toBeTruthy();
  });

  it("--open hands the URL to the platform's opener (xdg-open here), prints nothing, and fails when the opener does", async () => {
    const bin = mkdtempSync(join(tmpdir(), "awsrole-opener-"));
    const log = join(bin, "opened");
    try {
      for (const [status, exit] of [
        [0, 0],
        [3, 1],
      ]) {
        writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > '${log}'\nexit ${status}\n`, {
          mode: 0o755,
        });
        const r = await awsrole(["console", "handson-admin", "--open", "-q"], { ...env, PATH: `${bin}:${env.PATH}` });
        expect(r.status).toBe(exit);
        expect(r.stdout).toBe("");
        expect(new URL(readFileSync(log, "utf8")).searchParams.get("SigninToken")).toBe("TOKEN-FROM-FEDERATION");
        if (exit !== 0)
          expect(r.stderr).toBe(
            "awsrole: xdg-open could not open the browser. Run without --open and open the URL yourself.\n",
          );
        else expect(r.stderr).toBe("");
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("prints the switch-role link without any call", async () => {
    const from = sts.requests.length;
    const r = await awsrole(["console", "handson-admin", "--switch-role-url"], env);
    expect(r.stdout).toBe(
      "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=admin%2FMyhandson-cli-role&displayName=handson-admin\n",
    );
    expect(sts.requests.length).toBe(from);
  });

  it.each([
    ["arn:aws-cn:iam::123456789012:role/r", "https://signin.amazonaws.cn/switchrole?"],
    ["arn:aws-us-gov:iam::123456789012:role/r", "https://signin.amazonaws-us-gov.com/switchrole?"],
  ])("uses the partition's own host for %s", (arn, prefix) =>
    expect(switchRoleUrl(arn, "x").startsWith(prefix)).toBe(true),
  );

  it("after awsrole --role-arn, signs in with the shell's session of that role: no STS call, no profile looked for", async () => {
    const arn = "arn:aws:iam::123456789012:role/from-flag";
    const assumed = await awsrole(["--role-arn", arn, "--source-profile", "handson-cli-usr", "-f", "json", "-q"], env);
    expect(assumed.status).toBe(0);
    const shell = { ...env, ...JSON.parse(assumed.stdout) };
    expect(shell.AWSROLE_PROFILE).toBe(arn);
    const from = sts.requests.length;
    const r = await awsrole(["console", "-q"], shell);
    expect(r).toMatchObject({ status: 0, stderr: "" });
    expect(new URL(r.stdout.trim()).searchParams.get("SigninToken")).toBe("TOKEN-FROM-FEDERATION");
    expect(signin.sessions.at(-1)?.sessionId).toBe(shell.AWS_ACCESS_KEY_ID);
    expect(sts.requests.length).toBe(from);
    const gone = await awsrole(["console"], { ...env, AWSROLE_PROFILE: arn });
    expect(gone).toMatchObject({ status: 2, stdout: "" });
    expect(gone.stderr).toContain(`this shell's role "${arn}" was assumed with --role-arn`);
    expect(gone.stderr).not.toContain("is not in");
  });

  it("--switch-role-url --role-arn needs no source credentials and calls nothing", async () => {
    const from = sts.requests.length;
    const home = makeHome("");
    const r = await awsrole(
      ["console", "--switch-role-url", "--role-arn", "arn:aws:iam::123456789012:role/x"],
      cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url }),
    );
    rmSync(home, { recursive: true, force: true });
    expect(r).toMatchObject({ status: 0, stderr: "" });
    expect(r.stdout).toBe(
      "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=x&displayName=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fx\n",
    );
    expect(sts.requests.length).toBe(from);
  });

  it.each([
    [["--write-profile", "foo", "--format", "bash"], "--write-profile"],
    [["--format", "bash"], "--format"],
    [["--unset"], "--unset"],
  ])("refuses flags it would ignore: console %j", async (flags, named) => {
    const from = sts.requests.length;
    const r = await awsrole(["console", "handson-admin", ...flags], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe(`awsrole: console takes no ${named}: it would be ignored. See awsrole console --help.\n`);
    expect(sts.requests.length).toBe(from);
  });

  it("fails with one line, stdout empty, when the sign-in endpoint refuses", async () => {
    const r = await awsrole(["console", "handson-admin"], { ...env, AWS_ENDPOINT_URL_SIGNIN: `${signin.url}/nope` });
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toMatch(/^awsrole: the sign-in endpoint refused the session \(HTTP 400\)/);
  });
});

describe.runIf(hasTool("aws"))("credential_process = awsrole … --format credential-process", () => {
  it("gives the AWS CLI the role, from moto", async () => {
    const r = await run(
      "aws",
      ["--profile", "via-process", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
      env,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
  });
});

describe("awsrole console --open on Windows", () => {
  it("says on stderr that Windows was asked (rundll32 tells nothing), prints nothing, exits 0", async () => {
    const config = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = usr\n";
    const credentials = `[usr]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SOURCE_SECRET}\n`;
    const home = tempHome();
    try {
      for (const platform of ["win32", "linux"]) {
        // The in-memory files, named as ntpath names them on Windows.
        const [configPath, credentialsPath] =
          platform === "win32" ? ["\\aws\\config", "\\aws\\credentials"] : [FAKE_CONFIG, FAKE_CREDENTIALS];
        const r = await runCli(["console", "admin", "--open", "-q"], {
          files: { [configPath]: config, [credentialsPath]: credentials },
          platform,
          home,
          env: { USERPROFILE: "C:\\Users\\me" },
        });
        expect(r.stderr).toBe(
          platform === "win32"
            ? "awsrole: asked Windows to open the sign-in URL in your browser; Windows does not say whether one opened. If none did, run without --open and open the URL yourself.\n"
            : "",
        );
        expect(r.code).toBe(0);
        expect(r.stdout).toBe("");
        expect(r.opened).toHaveLength(1);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
