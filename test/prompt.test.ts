// The prompt's Windows branch, on Linux: which devices it opens. The prompt itself is typed into in
// real terminals: tmux (test/mfa-e2e.test.ts) and Node for Windows under wine (test/windows.test.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { askOnTerminal, terminalDevices } from "../src/system/prompt.js";

describe("the terminal on Windows", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("is the console's devices, \\\\.\\CONIN$ and \\\\.\\CONOUT$, opened read-write", () => {
    expect(terminalDevices("win32")).toEqual({
      input: "\\\\.\\CONIN$",
      inputMode: "r+",
      output: "\\\\.\\CONOUT$",
      outputMode: "r+",
    });
  });

  it("never opens a file named CONIN$ in the current folder", async () => {
    // Node resolves a bare CONIN$ against the current folder; such files must be left alone.
    const folder = mkdtempSync(join(tmpdir(), "awsrole-prompt-"));
    try {
      writeFileSync(join(folder, "CONIN$"), "123456\n");
      process.chdir(folder);
      await expect(askOnTerminal("Enter MFA code: ", "win32")).resolves.toBeUndefined();
      expect(readdirSync(folder)).toEqual(["CONIN$"]);
      expect(readFileSync(join(folder, "CONIN$"), "utf8")).toBe("123456\n");
    } finally {
      process.chdir(cwd);
      rmSync(folder, { recursive: true });
    }
  });
});
