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
    expect(r.stderr).toMatch(/duration ".*" is not valid/);
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
    const { cacheKey } = await import("../src/cache.js");
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
