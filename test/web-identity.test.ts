// CI without stored AWS keys: AssumeRoleWithWebIdentity with the CI system's own OIDC token.
// moto answers the call (its recorder shows the token that reached STS); GitHub's token service
// is a local server in its place; a fake buildkite-agent on PATH stands in for Buildkite's.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsrole, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const ROLE = "arn:aws:iam::123456789012:role/deploy";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vYXBwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
const BEARER = "ghs_requestTokenRequestTokenRequestToken";

let sts: StsServer;
let github: Server;
let githubUrl: string;
const asked: { audience: string | null; authorization?: string }[] = [];
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  sts = await startStsServer();
  // GitHub's token service: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUD with the bearer token.
  github = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    asked.push({ audience: url.searchParams.get("audience"), authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${BEARER}`) {
      res.writeHead(403).end('{"message":"bad token"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ value: JWT, count: 1 }));
  });
  await new Promise<void>((done) => github.listen(0, "127.0.0.1", done));
  githubUrl = `http://127.0.0.1:${(github.address() as { port: number }).port}/token?api-version=2.0`;
  home = makeHome("");
  // Written as EKS writes it: an absolute path (botocore does not expand ~ in this key, nor does awsrole).
  writeFileSync(
    join(home, ".aws", "config"),
    `[profile eks]\nrole_arn = arn:aws:iam::123456789012:role/eks-pod\nweb_identity_token_file = ${join(home, "token")}\nrole_session_name = pod-1\n`,
  );
  writeFileSync(join(home, "token"), `${JWT}\n`);
  env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1" });
});
afterAll(async () => {
  github?.close();
  await sts?.stop();
});

const lastCall = () => sts.requests.at(-1) ?? {};
const GITHUB = () => ({
  GITHUB_ACTIONS: "true",
  GITHUB_REPOSITORY: "octo/app",
  GITHUB_RUN_ID: "4242",
  ACTIONS_ID_TOKEN_REQUEST_URL: githubUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
});

describe("each CI's token, end to end", () => {
  it("GitHub Actions: asks the token service with the bearer and audience, and STS gets the token", async () => {
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "json"], { ...env, ...GITHUB() });
    expect(r.stderr).toMatch(/^awsrole: assumed deploy in 123456789012/);
    expect(JSON.parse(r.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(asked.at(-1)).toEqual({ audience: "sts.amazonaws.com", authorization: `Bearer ${BEARER}` });
    expect(lastCall()).toMatchObject({
      Action: "AssumeRoleWithWebIdentity",
      RoleArn: ROLE,
      WebIdentityToken: JWT,
      RoleSessionName: "gh-octo-app-4242",
    });
    // Unsigned, as the SDKs send it: the token is the credential.
    expect(lastCall().$signer).toBe("");
    const custom = await awsrole(
      ["--role-arn", ROLE, "--web-identity", "github", "--audience", "api://AzureADTokenExchange", "-f", "json", "-q"],
      { ...env, ...GITHUB() },
    );
    expect(custom.status).toBe(0);
    expect(asked.at(-1)?.audience).toBe("api://AzureADTokenExchange");
  });

  it("GitHub Actions: the job's next step (a new shell reading $GITHUB_ENV) runs the AWS CLI as the role", async () => {
    const githubEnv = join(home, "github_env");
    writeFileSync(githubEnv, "");
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "github"], {
      ...env,
      ...GITHUB(),
      GITHUB_ENV: githubEnv,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^::add-mask::/);
    expect(readFileSync(githubEnv, "utf8")).not.toContain(JWT);
    if (!hasTool("aws")) return;
    // The runner's reading of the file: NAME<<DELIMITER blocks, as the next step's environment.
    const script = `while IFS= read -r line; do case "$line" in *'<<'*) name=\${line%%<<*}; delim=\${line#*<<}; value=; first=1; while IFS= read -r l && [ "$l" != "$delim" ]; do if [ $first = 1 ]; then value=$l; first=0; else value="$value
$l"; fi; done; export "$name=$value";; esac; done < '${githubEnv}'; aws sts get-caller-identity --query Arn --output text`;
    const next = await run("bash", ["-c", script], env);
    expect(next.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/deploy\/gh-octo-app-4242$/);
  });

  it.each([
    [
      "GitLab CI",
      { GITLAB_CI: "true", CI_PROJECT_PATH: "group/app", CI_JOB_ID: "77", GITLAB_OIDC_TOKEN: JWT },
      "gitlab-group-app-77",
    ],
    [
      "CircleCI",
      { CIRCLECI: "true", CIRCLE_PROJECT_REPONAME: "app", CIRCLE_BUILD_NUM: "9", CIRCLE_OIDC_TOKEN_V2: JWT },
      "circleci-app-9",
    ],
  ])("%s: the token from its variable, the session named after the run", async (_, ci, sessionName) => {
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "bash", "-q"], { ...env, ...ci });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("export AWS_SESSION_TOKEN=");
    expect(lastCall()).toMatchObject({
      Action: "AssumeRoleWithWebIdentity",
      WebIdentityToken: JWT,
      RoleSessionName: sessionName,
    });
  });

  it("GitLab CI: another id_tokens variable with --web-identity-env", async () => {
    const r = await awsrole(
      ["--role-arn", ROLE, "--web-identity", "gitlab", "--web-identity-env", "AWS_JWT", "-f", "json", "-q"],
      { ...env, AWS_JWT: JWT },
    );
    expect(r.status).toBe(0);
    expect(lastCall().WebIdentityToken).toBe(JWT);
  });

  it("Buildkite: buildkite-agent oidc request-token --audience, from PATH", async () => {
    const bin = join(home, "bk-bin");
    mkdirSync(bin, { recursive: true });
    const log = join(home, "bk-args");
    writeFileSync(join(bin, "buildkite-agent"), `#!/bin/sh\necho "$@" > '${log}'\necho '${JWT}'\n`);
    chmodSync(join(bin, "buildkite-agent"), 0o755);
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "dotenv", "-q"], {
      ...env,
      PATH: `${bin}:${env.PATH}`,
      BUILDKITE: "true",
      BUILDKITE_AGENT_ACCESS_TOKEN: "agent-token-agent-token",
      BUILDKITE_PIPELINE_SLUG: "deploy",
      BUILDKITE_BUILD_NUMBER: "12",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^AWS_ACCESS_KEY_ID=ASIA/m);
    expect(readFileSync(log, "utf8").trim()).toBe("oidc request-token --audience sts.amazonaws.com");
    expect(lastCall()).toMatchObject({ WebIdentityToken: JWT, RoleSessionName: "buildkite-deploy-12" });
  });

  it("a token file: --web-identity-token-file, and a profile's web_identity_token_file (EKS)", async () => {
    const r = await awsrole(
      ["--role-arn", ROLE, "--web-identity-token-file", join(home, "token"), "-f", "credential-process"],
      env,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    const eks = await awsrole(["eks", "-f", "json", "-q"], env);
    expect(eks.stderr).toBe("");
    expect(lastCall()).toMatchObject({
      RoleArn: "arn:aws:iam::123456789012:role/eks-pod",
      RoleSessionName: "pod-1",
      WebIdentityToken: JWT,
    });
  });

  it("-v names the call, AssumeRoleWithWebIdentity (review D3)", async () => {
    const r = await awsrole(["eks", "-f", "json", "-v", "--no-cache"], env);
    expect(r.stderr).toContain(
      "awsrole: AssumeRoleWithWebIdentity role arn:aws:iam::123456789012:role/eks-pod, source token, duration 3600s, session name pod-1\n",
    );
  });

  it.runIf(hasTool("aws"))("the profile form reaches STS as the AWS CLI sends it", async () => {
    const from = sts.requests.length;
    const cli = await run("aws", ["sts", "get-caller-identity", "--profile", "eks"], env);
    expect(cli.status).toBe(0);
    const theirs = sts.requests.slice(from).find((r) => r.Action === "AssumeRoleWithWebIdentity");
    await awsrole(["eks", "-f", "json", "-q", "--no-cache"], env);
    const ours = lastCall();
    for (const key of ["Action", "RoleArn", "RoleSessionName"]) expect(ours[key], key).toBe(theirs?.[key]);
    // A documented difference (README): the CLI sends the file's trailing line break too; awsrole
    // sends the token without it (no OIDC token ends in one; editors and echo add it).
    expect(ours.WebIdentityToken).toBe(theirs?.WebIdentityToken?.trimEnd());
  });

  it("exec and --write-profile work with it too", async () => {
    const exec = await awsrole(
      ["exec", "--role-arn", ROLE, "--web-identity", "gitlab", "--", "sh", "-c", 'echo "$AWS_ACCESS_KEY_ID"'],
      { ...env, GITLAB_OIDC_TOKEN: JWT },
    );
    expect(exec.stdout).toMatch(/^ASIA/);
    const write = await awsrole(
      ["--role-arn", ROLE, "--web-identity", "gitlab", "--write-profile", "ci", "-f", "bash", "-q"],
      { ...env, GITLAB_OIDC_TOKEN: JWT },
    );
    expect(write.stdout).toContain("export AWS_PROFILE='ci';");
    expect(readFileSync(join(home, ".aws", "credentials"), "utf8")).toMatch(/\[ci\]\naws_access_key_id = ASIA/);
  });
});

describe("errors a pipeline author can act on, never showing the token", () => {
  it("the token service refuses: its status and what to check", async () => {
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "bash"], {
      ...env,
      ...GITHUB(),
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "wrong-bearer-wrong-bearer",
    });
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toMatch(
      /GitHub's token service refused the request \(HTTP 403\)\. Check that the job has `permissions: id-token: write`/,
    );
    expect(r.stderr).not.toContain("wrong-bearer");
  });

  it("STS refuses the token: the code and the trust-policy hint, and no token", async () => {
    const refusing = createServer((req, res) => {
      req.resume();
      req.on("end", () =>
        res
          .writeHead(400, { "content-type": "text/xml" })
          .end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Token ${JWT} is not valid for audience</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
          ),
      );
    });
    await new Promise<void>((done) => refusing.listen(0, "127.0.0.1", done));
    try {
      const url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
      const r = await awsrole(["--role-arn", ROLE, "--web-identity", "gitlab", "-f", "bash"], {
        ...env,
        AWS_ENDPOINT_URL_STS: url,
        GITLAB_OIDC_TOKEN: JWT,
      });
      expect(r).toMatchObject({ status: 1, stdout: "" });
      expect(r.stderr).toMatch(
        /STS refused AssumeRoleWithWebIdentity of arn:aws:iam::123456789012:role\/deploy with GitLab CI's token in GITLAB_OIDC_TOKEN \(InvalidIdentityToken/,
      );
      expect(r.stderr).toMatch(
        /trust policy names this CI's OIDC provider, the audience \(aud\) and the subject \(sub\)/,
      );
      expect(r.stderr).not.toContain(JWT);
      expect(r.stderr).not.toContain(JWT.split(".")[1]);
    } finally {
      refusing.close();
    }
  });

  it("no token source: the variables it looked for", async () => {
    const r = await awsrole(["--role-arn", ROLE, "--web-identity", "-f", "bash"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(
      /ACTIONS_ID_TOKEN_REQUEST_URL with ACTIONS_ID_TOKEN_REQUEST_TOKEN \(GitHub Actions\), GITLAB_OIDC_TOKEN \(GitLab CI\), CIRCLE_OIDC_TOKEN_V2 \(CircleCI\)/,
    );
  });

  it("the token never names the cache file", async () => {
    const { readdirSync } = await import("node:fs");
    await awsrole(["--role-arn", ROLE, "--web-identity", "gitlab", "-f", "json", "-q"], {
      ...env,
      GITLAB_OIDC_TOKEN: JWT,
    });
    for (const entry of readdirSync(join(home, ".aws", "cli", "cache"))) {
      expect(entry).not.toContain(JWT.slice(0, 10));
      expect(readFileSync(join(home, ".aws", "cli", "cache", entry), "utf8")).not.toContain(JWT);
    }
  });
});
