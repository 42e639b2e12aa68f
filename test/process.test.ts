import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChildEnd } from "../src/system/io.js";
import { openUrl, readText, runCredentialProcess, runMfaProcess, startDetached } from "../src/system/process.js";

// console --open: the opener each platform has, and what its exit status is worth.
describe("openUrl", () => {
  const opener = (end: ChildEnd | Error) => {
    const started: string[][] = [];
    const run = async (command: string, args: readonly string[]) => {
      started.push([command, ...args]);
      if (end instanceof Error) throw end;
      return end;
    };
    return { started, run };
  };
  const URL = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=x";

  it.each([
    ["linux", ["xdg-open", URL]],
    ["darwin", ["open", URL]],
  ] as const)("on %s trusts the opener's exit status", async (platform, argv) => {
    const ok = opener({ code: 0 });
    expect(await openUrl(URL, {}, platform, ok.run)).toBe("opened");
    expect(ok.started).toEqual([argv]);
    const failed = opener({ code: 3 });
    await expect(openUrl(URL, {}, platform, failed.run)).rejects.toThrow(
      `${argv[0]} could not open the browser. Run without --open`,
    );
  });

  it("on win32 runs rundll32 and says only that Windows was asked, whatever its exit status (always 0)", async () => {
    for (const end of [{ code: 0 }, { code: 1 }]) {
      const { started, run } = opener(end);
      expect(await openUrl(URL, {}, "win32", run)).toBe("asked");
      expect(started).toEqual([["rundll32", "url.dll,FileProtocolHandler", URL]]);
    }
  });

  it("an opener that cannot start is a failure that says so", async () => {
    const { run } = opener(new Error("ENOENT"));
    await expect(openUrl(URL, {}, "win32", run)).rejects.toThrow("no browser opener (rundll32) on this machine");
  });
});

// Each key runs as the tool that defines it runs it: mfa_process is aws-vault's (through the
// shell), credential_process the AWS CLI's (split by botocore, no shell).
describe.skipIf(process.platform === "win32")("mfa_process and credential_process", () => {
  it("mfa_process goes through the shell: a pipe and a variable work, as in aws-vault", () => {
    expect(runMfaProcess("echo 12 34 56 | tr -d ' '")).toBe("123456\n");
    expect(runMfaProcess('AWSROLE_T=654321; echo "$AWSROLE_T"')).toBe("654321\n");
  });

  it("credential_process does not: its words reach the program as they are, as in botocore", () => {
    expect(runCredentialProcess("echo $HOME | tr a b", "credential_process of profile p")).toBe("$HOME | tr a b\n");
  });
});

describe("startDetached", () => {
  it("says false for a program that cannot start", async () => {
    expect(await startDetached("awsrole-no-such-program", [], process.platform)).toBe(false);
  });
});

describe("readText of a long file", () => {
  // Past 64 KiB a file is read as bytes and decoded apart (ASCII as latin1): the same text as
  // readFileSync(path, "utf8"), which reads the short ones.
  it.each([
    ["ASCII", "[profile p]\nregion = x\r\n"],
    ["UTF-8 beyond ASCII", "[profile café]\nregion = 東京\n"],
    ["a BOM first", "\uFEFF[profile p]\nregion = x\n"],
  ])("%s: the same text as a short one is read as", (_, unit) => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-readtext-"));
    try {
      const path = join(dir, "config");
      writeFileSync(path, unit.repeat(Math.ceil(70_000 / unit.length)));
      expect(readText(path) === readFileSync(path, "utf8")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("refuses one that is not UTF-8, as a short one is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-readtext-"));
    try {
      const path = join(dir, "config");
      writeFileSync(path, Buffer.concat([Buffer.from("x".repeat(70_000)), Buffer.from([0xff])]));
      expect(() => readText(path)).toThrow(/is not UTF-8 text/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
