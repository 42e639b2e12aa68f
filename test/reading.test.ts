// Reading profiles as the AWS CLI reads them, at the edges issues 16 and 22 found: numbers as
// Python's int() reads them, regions from the SDK's partition data, an empty role_session_name.
import { describe, expect, it } from "vitest";
import { CONFIG, CREDENTIALS, runCli, SOURCE_SECRET } from "./helpers/fake-io.js";

const ROLE = "arn:aws:iam::123456789012:role/admin";
const USER = `[user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SOURCE_SECRET}\n`;
const withRole = (lines: string) => ({
  [CONFIG]: `[profile p]\nrole_arn = ${ROLE}\nsource_profile = user\n${lines}\n`,
  [CREDENTIALS]: USER,
});

describe("duration_seconds is a number as Python's int() reads it (issue 16.10)", () => {
  it.each(["+1800", "1_800", "01800", "\u0661\u0668\u0660\u0660"])("duration_seconds = %s is 1800", async (text) => {
    const r = await runCli(["p", "-f", "json", "-q"], { files: withRole(`duration_seconds = ${text}`) });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.calls[0]?.input).toMatchObject({ DurationSeconds: 1800 });
  });

  it.each([" 1800 ", "+1_800"])("--duration-seconds %j is 1800", async (text) => {
    const r = await runCli(["p", "-f", "json", "-q", "-d", text], { files: withRole("") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.calls[0]?.input).toMatchObject({ DurationSeconds: 1800 });
  });

  it("an empty duration_seconds is no duration, as for the CLI (int('') fails and botocore drops it)", async () => {
    const r = await runCli(["p", "-f", "json", "-q"], { files: withRole("duration_seconds =") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.calls[0]?.input).toMatchObject({ DurationSeconds: 3600 });
  });

  it.each(["1__800", "_1800", "1800_", "+-1800", "18 00"])("duration_seconds = %s is refused", async (text) => {
    const r = await runCli(["p", "-f", "json"], { files: withRole(`duration_seconds = ${text}`) });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).toMatch(/duration ".*" \(duration_seconds of profile [^,]+, [^)]+ line \d+\) is not valid/);
  });
});

describe("regions come from the SDK's partition data (issue 16.11)", () => {
  it("takes --region eusc-de-east-1", async () => {
    const r = await runCli(["p", "-f", "json", "-q", "--region", "eusc-de-east-1"], { files: withRole("") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({ AWS_REGION: "eusc-de-east-1" });
  });

  it("takes region = eusc-de-east-1 in a profile", async () => {
    const r = await runCli(["p", "-f", "json", "-q"], { files: withRole("region = eusc-de-east-1") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({ AWS_DEFAULT_REGION: "eusc-de-east-1" });
  });
});

describe("role_session_name = with no value (issue 22.2)", () => {
  it("is unset: awsrole's default name is sent, as botocore sends its own", async () => {
    const r = await runCli(["p", "-f", "json", "-q"], { files: withRole("role_session_name =") });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.calls[0]?.input).toMatchObject({ RoleSessionName: "awsrole-user" });
  });

  it("is cached under botocore's key without a session name", async () => {
    const { cacheKey } = await import("../src/credentials/cache.js");
    const { readdirSync, mkdtempSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const home = mkdtempSync(join(tmpdir(), "awsrole-unit-"));
    await runCli(["p", "-f", "json", "-q"], { files: withRole("role_session_name ="), home });
    const files = readdirSync(join(home, ".aws", "cli", "cache"));
    rmSync(home, { recursive: true });
    expect(files).toEqual([`${cacheKey({ RoleArn: ROLE })}.json`]);
  });
});

describe("a profile with no role exports its own credentials, never long-term keys (issue 22.1)", () => {
  const files = {
    [CONFIG]: [
      "[profile in-config]",
      "aws_access_key_id = AKIACONFIGEXAMPLE",
      `aws_secret_access_key = ${SOURCE_SECRET}`,
      "[profile process]",
      "credential_process = long-term-keys",
      "[profile process-session]",
      "credential_process = session-helper",
      "[profile user-mfa]",
      "aws_access_key_id = AKIAMFAEXAMPLE",
      `aws_secret_access_key = ${SOURCE_SECRET}`,
      "mfa_serial = arn:aws:iam::123456789012:mfa/user",
      "",
    ].join("\n"),
    [CREDENTIALS]: `${USER}[temporary]\naws_access_key_id = ASIATEMPORARY\naws_secret_access_key = temporary-secret\naws_session_token = temporary-token\n`,
  };
  const LONG_TERM = [
    "AKIAIOSFODNN7EXAMPLE",
    "AKIACONFIGEXAMPLE",
    "AKIAPROCESS",
    SOURCE_SECRET,
    "process-secret-process",
  ];

  it.each([
    ["keys in the credentials file", "user"],
    ["keys in the config file", "in-config"],
    ["a credential_process that prints long-term keys", "process"],
  ])("%s: a GetSessionToken session of an hour, in every format", async (_, profile) => {
    for (const format of ["bash", "fish", "powershell", "cmd", "json", "dotenv", "credential-process"]) {
      const r = await runCli([profile, "-f", format], { files });
      expect(r, format).toMatchObject({ code: 0 });
      expect(r.calls).toEqual([{ action: "GetSessionToken", input: { DurationSeconds: 3600 } }]);
      expect(r.stdout).toContain("ASIAEXAMPLE");
      expect(r.stdout).toContain("2026-11-23T03:00:00");
      for (const secret of LONG_TERM) expect(r.stdout + r.stderr, format).not.toContain(secret);
      expect(r.stderr).toMatch(new RegExp(`^awsrole: session for ${profile}, until \\d\\d:\\d\\d \\(1h00m\\)\\n$`));
    }
  });

  it("with mfa_serial: an MFA session (8 hours), as before", async () => {
    const r = await runCli(["user-mfa", "-f", "json", "-t", "123456"], { files });
    expect(r.calls).toEqual([
      {
        action: "GetSessionToken",
        input: { DurationSeconds: 28800, SerialNumber: "arn:aws:iam::123456789012:mfa/user", TokenCode: "123456" },
      },
    ]);
    expect(r.stderr).toMatch(/MFA session for user-mfa in 123456789012/);
  });

  it.each([
    ["keys that are already a session", "temporary", "ASIATEMPORARY", undefined],
    ["a credential_process that prints a session", "process-session", "ASIAPROCESS", "2026-11-23T02:45:00Z"],
  ])("%s: passed through as they are, no call", async (_, profile, key, expiration) => {
    const r = await runCli([profile, "-f", "json"], { files });
    expect(r).toMatchObject({ code: 0, calls: [] });
    expect(JSON.parse(r.stdout)).toMatchObject({
      AWS_ACCESS_KEY_ID: key,
      AWS_CREDENTIAL_EXPIRATION: expiration ?? null,
      AWSROLE_PROFILE: profile,
    });
  });

  it.each([
    ["temporary", ["-d", "2h"], "--duration-seconds", "already a session (aws_session_token)"],
    ["temporary", ["-t", "123456"], "--token-code", "already a session (aws_session_token)"],
    ["temporary", ["--serial-number", "arn:aws:iam::1:mfa/u"], "--serial-number", "already a session"],
    ["process-session", ["--duration-seconds", "7200"], "--duration-seconds", "credential_process gives a session"],
    ["process-session", ["-t", "123456", "--mfa-serial", "arn:aws:iam::1:mfa/u"], "--token-code", "gives a session"],
  ])(
    "%s %j: refused (exit 2, no call), as other flags that would be ignored are",
    async (profile, flags, flag, why) => {
      const r = await runCli([profile, ...flags, "-f", "json"], { files });
      expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
      expect(r.stderr).toContain(why);
      expect(r.stderr).toContain(`${flag} has nothing to apply to. Drop ${flag}.`);
    },
  );

  it("a credential_process that prints long-term keys still takes -d", async () => {
    const r = await runCli(["process", "-d", "2h", "-f", "json"], { files });
    expect(r).toMatchObject({ code: 0 });
    expect(r.calls).toEqual([{ action: "GetSessionToken", input: { DurationSeconds: 7200 } }]);
  });

  it("is cached like a role session, and list shows its time left", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const home = mkdtempSync(join(tmpdir(), "awsrole-unit-"));
    try {
      expect((await runCli(["user", "-f", "json"], { files, home })).calls).toHaveLength(1);
      const again = await runCli(["user", "-f", "json"], { files, home });
      expect(again).toMatchObject({ code: 0, calls: [] });
      expect(JSON.parse(again.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: "ASIAEXAMPLE" });
      const list = JSON.parse((await runCli(["list", "--format", "json"], { files, home })).stdout);
      expect(list.find((row: { name: string }) => row.name === "user")).toMatchObject({
        source: "keys",
        cachedMinutes: 60,
      });
    } finally {
      rmSync(home, { recursive: true });
    }
  });

  it("exec gives the command the session, not the keys", async () => {
    const r = await runCli(["exec", "user", "--", "env"], { files });
    expect(r.code).toBe(7);
    expect(r.spawned[0]?.env).toMatchObject({ AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWSROLE_PROFILE: "user" });
  });

  it("--write-profile writes the session, and refuses the profile's own section", async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "awsrole-unit-"));
    const path = join(dir, "credentials");
    writeFileSync(path, files[CREDENTIALS]);
    try {
      const env = { AWS_SHARED_CREDENTIALS_FILE: path };
      const r = await runCli(["user", "--write-profile", "user-session", "-f", "json"], { files, env });
      expect(r).toMatchObject({ code: 0 });
      expect(JSON.parse(r.stdout)).toMatchObject({ AWS_PROFILE: "user-session", AWS_ACCESS_KEY_ID: null });
      expect(readFileSync(path, "utf8")).toMatch(/\[user-session\]\naws_access_key_id = ASIAEXAMPLE\n/);
      const own = await runCli(["user", "--write-profile", "user", "-f", "json"], { files, env });
      expect(own).toMatchObject({ code: 2, calls: [] });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("an empty mfa_serial is unused, as the CLI ignores mfa_serial without a role", async () => {
    const f = { ...files, [CONFIG]: `${files[CONFIG]}[profile empty-mfa]\ncredential_process = keys\nmfa_serial =\n` };
    const r = await runCli(["empty-mfa", "-f", "json"], { files: f });
    expect(r).toMatchObject({ code: 0, calls: [{ action: "GetSessionToken", input: { DurationSeconds: 3600 } }] });
  });

  it("an empty role_arn is a role with no ARN, refused as the STS call would be, not a profile without a role", async () => {
    const f = { ...files, [CONFIG]: `${files[CONFIG]}[profile empty-role]\nrole_arn =\ncredential_process = keys\n` };
    const r = await runCli(["empty-role", "-f", "json"], { files: f });
    expect(r).toMatchObject({ code: 2, calls: [], stdout: "" });
    expect(r.stderr).toMatch(/role ARN "" \(role_arn of profile [^,]+, [^)]+ line \d+\) is not valid/);
  });

  it("console refuses it before any call: the sign-in endpoint takes role sessions only", async () => {
    const r = await runCli(["console", "user"], { files });
    expect(r).toMatchObject({ code: 2, calls: [], stdout: "" });
    expect(r.stderr).toMatch(/has no role_arn/);
  });
});
