import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir, cacheKey, parseExpiration, pythonJson, readCachedSession } from "../src/credentials/cache.js";
import { sha1Hex } from "../src/credentials/sha1.js";
import { CONFIG, CREDENTIALS, runCli, stsError, tempHome } from "./helpers/fake-io.js";

describe("the cache key is botocore's", () => {
  it("hashes with SHA-1 exactly as node:crypto does", () => {
    const samples = [
      "",
      "abc",
      "a".repeat(55),
      "a".repeat(56),
      "a".repeat(64),
      "é日🙂".repeat(40),
      pythonJson({ RoleArn: "x" }),
    ];
    for (let i = 0; i < 200; i++)
      samples.push(Array.from({ length: i }, (_, j) => String.fromCharCode(32 + ((i * 31 + j * 7) % 90))).join(""));
    for (const text of samples) expect(sha1Hex(text)).toBe(createHash("sha1").update(text).digest("hex"));
  });

  it("hashes Python's sorted json.dumps (checked against botocore by hand: python3 -c json.dumps(..., sort_keys=True))", () => {
    const args = {
      RoleArn: "arn:aws:iam::123456789012:role/r",
      SerialNumber: "arn:aws:iam::123456789012:mfa/u",
      DurationSeconds: 900,
      Policy: '{"b":1,"a":"é"}',
    };
    expect(pythonJson({ ...args, Policy: JSON.parse(args.Policy) })).toBe(
      '{"DurationSeconds": 900, "Policy": {"a": "\\u00e9", "b": 1}, "RoleArn": "arn:aws:iam::123456789012:role/r", "SerialNumber": "arn:aws:iam::123456789012:mfa/u"}',
    );
    expect(cacheKey(args)).toBe("5da74e48caa1b43ff7ced7c50771cbc472f561c5");
  });

  it.each([
    ["2026-11-23T03:00:00Z", "2026-11-23T03:00:00.000Z"],
    ["2026-11-23T03:00:00+00:00", "2026-11-23T03:00:00.000Z"],
    ["2026-11-23T12:00:00+09:00", "2026-11-23T03:00:00.000Z"],
    ["2026-11-23 03:00:00 UTC", "2026-11-23T03:00:00.000Z"],
    ["2026-11-23T03:00:00UTC", "2026-11-23T03:00:00.000Z"],
  ])("reads the expiry %s", (text, iso) => expect(parseExpiration(text)?.toISOString()).toBe(iso));
});

const files = {
  [CONFIG]: `[profile admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user

[profile ops]
role_arn = arn:aws:iam::123456789012:role/ops
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user

[profile long]
role_arn = arn:aws:iam::123456789012:role/long
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
duration_seconds = 7200

[profile yubikey]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
mfa_process = 246810

[profile broken-process]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
mfa_process = fail
`,
  [CREDENTIALS]:
    "[user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = secretsecretsecretsecretsecretsecret0000\n",
};

describe("sessions are cached and MFA is asked once per source", () => {
  it("a second run is a cache hit: no STS call, no code", async () => {
    const home = tempHome();
    expect((await runCli(["admin", "-t", "123456", "-q"], { files, home })).calls).toHaveLength(2);
    const again = await runCli(["admin", "-q"], { files, home });
    expect(again).toMatchObject({ code: 0, calls: [] });
    expect(again.stdout).toContain("export AWS_SESSION_TOKEN=");
  });

  it("a second role of the same source uses the MFA session: one call, no token code", async () => {
    const home = tempHome();
    await runCli(["admin", "-t", "123456", "-q"], { files, home });
    const second = await runCli(["ops", "-q"], { files, home });
    expect(second.code).toBe(0);
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]).toMatchObject({
      action: "AssumeRole",
      input: { RoleArn: "arn:aws:iam::123456789012:role/ops" },
    });
    expect(second.calls[0]?.input).not.toHaveProperty("TokenCode");
  });

  it("a role session longer than an hour sends the code with AssumeRole itself", async () => {
    const r = await runCli(["long", "-t", "123456", "-q"], { files });
    expect(r.calls).toEqual([
      { action: "AssumeRole", input: expect.objectContaining({ DurationSeconds: 7200, TokenCode: "123456" }) },
    ]);
  });

  it("--refresh calls again, --no-cache neither reads nor writes", async () => {
    const home = tempHome();
    await runCli(["admin", "-t", "123456", "-q"], { files, home });
    expect((await runCli(["admin", "--refresh", "-q"], { files, home })).calls.map((c) => c.action)).toEqual([
      "AssumeRole",
    ]);
    const fresh = tempHome();
    await runCli(["admin", "-t", "123456", "--no-cache", "-q"], { files, home: fresh });
    expect(() => readdirSync(cacheDir(fresh) as string)).toThrow();
  });

  it("writes entries 0600 in a 0700 directory", async () => {
    const home = tempHome();
    await runCli(["admin", "-t", "123456", "-q"], { files, home });
    const dir = cacheDir(home) as string;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatch(/^[0-9a-f]{40}\.json$/);
      expect(statSync(join(dir, entry)).mode & 0o777).toBe(0o600);
    }
  });

  it("warns about a corrupt entry and replaces it", async () => {
    const home = tempHome();
    await runCli(["admin", "-t", "123456", "-q"], { files, home });
    for (const entry of readdirSync(cacheDir(home) as string))
      writeFileSync(join(cacheDir(home) as string, entry), "{not json");
    const r = await runCli(["admin", "-t", "123456", "-q"], { files, home });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cache entry [0-9a-f]{40}\.json is corrupt; replacing it/);
    for (const entry of readdirSync(cacheDir(home) as string))
      expect(() => JSON.parse(readFileSync(join(cacheDir(home) as string, entry), "utf8"))).not.toThrow();
  });

  it("ignores an entry with less than 15 minutes left", () => {
    const dir = join(tempHome(), "cache");
    mkdirSync(dir);
    const entry = (expiration: string) =>
      JSON.stringify({
        Credentials: { AccessKeyId: "A", SecretAccessKey: "S", SessionToken: "T", Expiration: expiration },
      });
    writeFileSync(join(dir, "k.json"), entry("2026-11-23T02:14:00Z"));
    expect(readCachedSession(dir, "k", new Date("2026-11-23T02:00:00Z"))).toBeUndefined();
    writeFileSync(join(dir, "k.json"), entry("2026-11-23 02:16:00 UTC"));
    expect(readCachedSession(dir, "k", new Date("2026-11-23T02:00:00Z"))).toHaveProperty("session");
  });
});

describe("where the MFA code comes from", () => {
  it("mfa_process prints it", async () => {
    const r = await runCli(["yubikey", "-q"], { files });
    expect(r.code).toBe(0);
    expect(r.calls[0]?.input).toMatchObject({ TokenCode: "246810" });
  });

  it("a failing mfa_process is a configuration error", async () => {
    const r = await runCli(["broken-process"], { files });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).toMatch(/mfa_process of profile "broken-process" failed/);
  });

  it("the prompt asks again at once for a malformed code, without a call", async () => {
    const asked: string[] = [];
    const answers = ["12345", "abcdef", "135790"];
    const r = await runCli(["admin", "-q"], {
      files,
      prompt: async (m) => {
        asked.push(m);
        return answers.shift();
      },
    });
    expect(r.code).toBe(0);
    expect(asked[0]).toBe("Enter MFA code for arn:aws:iam::123456789012:mfa/user (profile admin): ");
    expect(asked.slice(1)).toEqual(
      Array(2).fill("That is not six digits. Enter MFA code for arn:aws:iam::123456789012:mfa/user: "),
    );
    expect(r.calls.filter((c) => c.action === "GetSessionToken")).toHaveLength(1);
  });

  it("a code STS rejects gets one more prompt; a rejected --token-code does not", async () => {
    const rejectFirst = () => {
      let calls = 0;
      return () =>
        calls++ === 0
          ? stsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
          : undefined;
    };
    const answers = ["111111", "222222"];
    const asked: string[] = [];
    const r = await runCli(["admin", "-q"], {
      files,
      fail: rejectFirst(),
      prompt: async (m) => {
        asked.push(m);
        return answers.shift();
      },
    });
    expect(r.code).toBe(0);
    expect(asked[1]).toMatch(/^STS rejected that code\. Wait for the next one/);
    expect(r.calls.map((c) => (c.input as { TokenCode?: string }).TokenCode)).toEqual(["111111", "222222", undefined]);

    const flag = await runCli(["admin", "-t", "111111"], { files, fail: rejectFirst() });
    expect(flag).toMatchObject({ code: 1, stdout: "" });
    expect(flag.stderr).toMatch(/STS rejected the MFA code for arn:aws:iam::123456789012:mfa\/user/);
    expect(flag.calls).toHaveLength(1);
  });

  it("--no-prompt fails at once and says how to pass a code", async () => {
    const r = await runCli(["admin", "--no-prompt"], { files, prompt: async () => "123456" });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).toMatch(/--no-prompt is set\. Pass --token-code CODE/);
  });
});
