// src/system/atomic-write.ts: every file written whole (the code cache, the session and token
// caches, the credentials file) goes through one write, a temporary file beside it and a rename.
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { renameRetrying, writeAtomic } from "../src/system/atomic-write.js";
import { tempHome } from "./helpers/fake-io.js";

/** The write (or sync) that fails once the temporary file exists: a full disk, an I/O error. */
const failing = vi.hoisted(() => ({ call: undefined as string | undefined }));
vi.mock("node:fs", async (original) => {
  const real = await original<typeof import("node:fs")>();
  const failOn =
    <F extends (...args: never[]) => unknown>(name: string, f: F) =>
    (...args: Parameters<F>) => {
      if (failing.call === name) {
        failing.call = undefined;
        throw Object.assign(new Error(`${name} failed`), { code: "ENOSPC" });
      }
      return f(...args);
    };
  return { ...real, writeSync: failOn("writeSync", real.writeSync), fsyncSync: failOn("fsyncSync", real.fsyncSync) };
});

// Text (the caches, the credentials file) and bytes (the code cache).
const writers = {
  text: (path: string, text: string) => writeAtomic(path, text, 0o600),
  bytes: (path: string, text: string) => writeAtomic(path, Buffer.from(text), 0o600),
};

describe.each(Object.entries(writers))("writeAtomic, %s", (_, write) => {
  it.each(["writeSync", "fsyncSync"])("leaves no temporary file and the old file as it was when %s fails", (call) => {
    const dir = tempHome();
    const path = join(dir, "file");
    fs.writeFileSync(path, "old");
    failing.call = call;
    expect(() => write(path, "new")).toThrow(`${call} failed`);
    expect(failing.call).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual(["file"]);
    expect(fs.readFileSync(path, "utf8")).toBe("old");
  });

  it("replaces the file, with nothing left beside it", () => {
    const dir = tempHome();
    const path = join(dir, "file");
    fs.writeFileSync(path, "old");
    write(path, "new é");
    expect(fs.readdirSync(dir)).toEqual(["file"]);
    expect(fs.readFileSync(path, "utf8")).toBe("new é");
  });
});

describe("a rename over a file another program holds open (Windows: EPERM until it lets go)", () => {
  const failing = (codes: string[]) => {
    const calls: string[] = [];
    const rename = (from: string, to: string) => {
      calls.push(`${from}>${to}`);
      const code = codes.shift();
      if (code) throw Object.assign(new Error(code), { code });
    };
    return { calls, rename };
  };
  const clock = () => {
    let t = 0;
    const slept: number[] = [];
    const sleep = (ms: number) => {
      t += ms;
      slept.push(ms);
    };
    return { slept, sleep, now: () => t };
  };

  it.each(["EPERM", "EACCES", "EBUSY"])("is retried on win32 after %s, with a pause growing by 10 ms", (code) => {
    const { calls, rename } = failing([code, code, code]);
    const { slept, sleep, now } = clock();
    renameRetrying("a.tmp", "a", "win32", rename, sleep, now);
    expect(calls).toEqual(["a.tmp>a", "a.tmp>a", "a.tmp>a", "a.tmp>a"]);
    expect(slept).toEqual([0, 10, 20]);
  });

  it("gives up on win32 after 2 s with the error, the pause at most 100 ms", () => {
    const { calls, rename } = failing(Array(1000).fill("EPERM"));
    const { slept, sleep, now } = clock();
    expect(() => renameRetrying("a.tmp", "a", "win32", rename, sleep, now)).toThrow("EPERM");
    expect(Math.max(...slept)).toBe(100);
    expect(slept.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(2000);
    expect(slept.reduce((a, b) => a + b)).toBeLessThan(2100);
    expect(calls.length).toBe(slept.length + 1);
  });

  it("is not retried elsewhere, nor for other errors", () => {
    for (const [platform, code] of [
      ["linux", "EPERM"],
      ["darwin", "EBUSY"],
      ["win32", "ENOENT"],
      ["win32", "EXDEV"],
    ] as const) {
      const { calls, rename } = failing([code]);
      const { slept, sleep, now } = clock();
      expect(() => renameRetrying("a.tmp", "a", platform, rename, sleep, now)).toThrow(code);
      expect(calls.length).toBe(1);
      expect(slept).toEqual([]);
    }
  });

  it("really sleeps by default (Atomics.wait) and renames by default", () => {
    const dir = tempHome();
    fs.writeFileSync(join(dir, "a.tmp"), "new");
    fs.writeFileSync(join(dir, "a"), "old");
    renameRetrying(join(dir, "a.tmp"), join(dir, "a"), "win32");
    expect(fs.readFileSync(join(dir, "a"), "utf8")).toBe("new");
  });
});
