// The code cache's Windows rules, as win32 branches on Linux (test/windows.test.ts runs the real
// thing under wine): modes mean nothing there, so trust is place — inside the caller's profile
// folder, through real folders only.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { codeCacheDir } from "../src/aws-files/home.js";
import { cachedDataOf, ownFolder, withCopies } from "../src/system/code-cache.js";

let made: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-code-cache-"));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

describe("on Windows the code cache", () => {
  it("lives in %LOCALAPPDATA%\\awsrole, else the profile's .cache\\awsrole; XDG_CACHE_HOME is not Windows'", () => {
    const home = "C:\\Users\\me";
    const local = "C:\\Users\\me\\AppData\\Local";
    expect(codeCacheDir({ LOCALAPPDATA: local, XDG_CACHE_HOME: "/x" }, home, "win32")).toBe(`${local}\\awsrole`);
    expect(codeCacheDir({ LOCALAPPDATA: "AppData" }, home, "win32")).toBe(`${home}\\.cache\\awsrole`);
    expect(codeCacheDir({}, home, "win32")).toBe(`${home}\\.cache\\awsrole`);
    expect(codeCacheDir({ LOCALAPPDATA: local }, undefined, "win32")).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: "/x" }, "/home/me", "linux")).toBe("/x/awsrole");
  });

  it("uses a folder inside the profile whatever its mode (Node reports 0o777 there), creating it", () => {
    const home = folder();
    const dir = join(home, "AppData", "Local", "awsrole");
    expect(ownFolder(dir, home, "win32")).toBe(dir);
    chmodSync(dir, 0o777);
    expect(ownFolder(dir, home, "win32")).toBe(dir);
    // The same folder on Linux: open to others, refused.
    expect(ownFolder(dir, home, "linux")).toBeUndefined();
  });

  it("refuses a folder outside the profile, the profile itself, or one reached through a link (a junction is one to lstat)", () => {
    const home = folder();
    const elsewhere = folder();
    expect(ownFolder(join(elsewhere, "awsrole"), home, "win32")).toBeUndefined();
    expect(ownFolder(home, home, "win32")).toBeUndefined();
    expect(ownFolder(join(home, "awsrole"), undefined, "win32")).toBeUndefined();
    mkdirSync(join(home, "AppData"));
    symlinkSync(elsewhere, join(home, "AppData", "Local"));
    expect(ownFolder(join(home, "AppData", "Local", "awsrole"), home, "win32")).toBeUndefined();
    // Nothing created beyond the link.
    expect(readdirSync(elsewhere)).toEqual([]);
    symlinkSync(elsewhere, join(home, "cache"));
    expect(ownFolder(join(home, "cache"), home, "win32")).toBeUndefined();
  });

  it("reads a file whatever its mode, but never through a link (Windows has no O_NOFOLLOW)", () => {
    const dir = folder();
    const file = join(dir, "main.v8cache");
    const read = (path: string, platform: NodeJS.Platform) => cachedDataOf(path, "main.v8cache", platform)?.toString();
    writeFileSync(file, withCopies("main.v8cache", Buffer.from("code")), { mode: 0o666 });
    chmodSync(file, 0o666);
    expect(read(file, "win32")).toBe("code");
    expect(read(file, "linux")).toBeUndefined();
    symlinkSync(file, join(dir, "planted.v8cache"));
    chmodSync(file, 0o600);
    expect(cachedDataOf(join(dir, "planted.v8cache"), "main.v8cache", "linux")).toBeUndefined();
    expect(cachedDataOf(join(dir, "planted.v8cache"), "main.v8cache", "win32")).toBeUndefined();
    expect(read(file, "win32")).toBe("code");
  });
});
