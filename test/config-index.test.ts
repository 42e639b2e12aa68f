// The index of a long config file (src/aws-files/config-index.ts): while the file is unchanged, a
// run reads only the sections it asks for, and finds exactly what reading the whole file finds;
// any change to the file, and any index it did not make itself, sends it back to the whole file.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configIndex } from "../src/aws-files/config-index.js";
import { quickRead } from "../src/aws-files/ini.js";
import { loadProfiles } from "../src/aws-files/profiles.js";
import { readText } from "../src/system/process.js";
import { CLI, cleanEnv } from "./helpers/home.js";
import { longConfig } from "./helpers/ini-gen.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A config file of `text` and an empty cache folder (0700), in a temporary folder. */
function place(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-index-"));
  made.push(dir);
  const config = join(dir, "config");
  const folder = join(dir, "cache");
  mkdirSync(folder, { mode: 0o700 });
  writeFileSync(config, text);
  return { config, folder, index: join(folder, "config-index.json") };
}

/** Later than the file's times by more than the settling time: an index may be made. */
const later = () => Date.now() + 10_000;
const paths = (config: string) => ({ configPath: config, credentialsPath: "/nonexistent/credentials" });
/** Reads the files, counting how often the config file (any path but the credentials file's) is read whole. */
function counting() {
  const reads = { count: 0 };
  const readFile = (path: string) => {
    if (path !== paths("").credentialsPath) reads.count++;
    return readText(path);
  };
  return { reads, readFile };
}

/** Every profile and sso-session name a file may be asked for, the nameless ones too. */
function namesOf(text: string): string[] {
  const words = [...text.matchAll(/^[ \t]*\[([^\]\r\n]*)\]/gm)].map(
    (m) => (m[1] as string).split(/[ \t]+/).at(-1) ?? "",
  );
  const all = [...new Set(words)];
  // Forty of them, spread over the file, and names of no section.
  const some = all.filter((_, i) => i % Math.ceil(all.length / 40) === 0);
  return [...new Set([...some, "default", "nothing", "gen-3"])];
}

describe("a long config file's index", () => {
  it("finds every name as reading the whole file finds it, without reading the file again", () => {
    let indexed = 0;
    for (let seed = 1; seed <= 12; seed++) {
      // Mostly plain parts, made ASCII (a file of other text is never indexed).
      const long = longConfig(seed, 70_000, (part) => quickRead("f", part) !== undefined);
      const text = long.replace(/[^\t-~]/g, "");
      const { config, folder } = place(text);
      let whole: ReturnType<typeof loadProfiles>;
      try {
        whole = loadProfiles(paths(config), readText);
      } catch {
        continue; // a file the CLI refuses: refused each run, never indexed
      }
      const names = namesOf(text);
      // A first run reads the whole file and records each name it is asked (a few at a time).
      for (let i = 0; i < names.length; i += 8) {
        const first = loadProfiles(paths(config), readText, configIndex(config, folder, later));
        for (const name of names.slice(i, i + 8)) {
          first.get(name);
          first.ssoSession(name);
        }
      }
      const index = configIndex(config, folder, later);
      if (!index?.fresh) continue; // a file with [DEFAULT] is never indexed
      indexed++;
      const { reads, readFile } = counting();
      for (let i = 0; i < names.length; i += 8) {
        const next = loadProfiles(paths(config), readFile, configIndex(config, folder, later));
        for (const name of names.slice(i, i + 8)) {
          expect(next.get(name), `seed ${seed}, ${name}`).toEqual(whole.get(name));
          expect(next.ssoSession(name), `seed ${seed}, ${name}`).toEqual(whole.ssoSession(name));
        }
      }
      expect(reads.count, `seed ${seed}`).toBe(0);
    }
    expect(indexed).toBeGreaterThan(6);
  });

  /** A plain long file with profile p, indexed for p by a first run. */
  function indexedFile() {
    let text = "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/first\nregion = eu-west-1\n";
    for (let i = 0; text.length < 70_000; i++)
      text += `\n[profile team-${i}]\nrole_arn = arn:aws:iam::123456789012:role/t${i}\n`;
    const placed = place(text);
    const first = loadProfiles(paths(placed.config), readText, configIndex(placed.config, placed.folder, later));
    expect(first.get("p")?.values.role_arn).toBe("arn:aws:iam::123456789012:role/first");
    expect(first.get("team-1")?.values.role_arn).toBe("arn:aws:iam::123456789012:role/t1");
    expect(configIndex(placed.config, placed.folder, later)?.fresh).toBe(true);
    return { ...placed, text };
  }
  /** Profile p's role, and whether the config file was read whole to find it. */
  function roleOfP(config: string, folder: string) {
    const { reads, readFile } = counting();
    try {
      const files = loadProfiles(paths(config), readFile, configIndex(config, folder, later));
      return { role: files.get("p")?.values.role_arn, wholeReads: reads.count };
    } catch (error) {
      return { role: (error as Error).message, wholeReads: reads.count };
    }
  }

  it("is used while the file is unchanged", () => {
    const { config, folder } = indexedFile();
    expect(roleOfP(config, folder)).toEqual({ role: "arn:aws:iam::123456789012:role/first", wholeReads: 0 });
  });

  it.each<[string, (config: string, text: string) => void]>([
    ["a value changed in place, same size", (c, t) => writeFileSync(c, t.replace("role/first", "role/other"))],
    [
      "a value changed in place, same size, times set back",
      (c, t) => {
        const { atime, mtime } = statSync(c);
        writeFileSync(c, t.replace("role/first", "role/other"));
        utimesSync(c, atime, mtime);
      },
    ],
    [
      "a section added at the end",
      (c) => appendFileSync(c, "\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/other\n"),
    ],
    ["the file replaced by another", (c, t) => writeFileSync(`${c}.new`, t.replace("role/first", "role/other"))],
  ])("is not used once the file changes: %s", (what, change) => {
    const { config, folder, text } = indexedFile();
    change(config, text);
    if (what.includes("replaced")) renameSync(`${config}.new`, config);
    const found = roleOfP(config, folder);
    expect(found.wholeReads).toBe(1);
    // A section added later is a second [profile p]: the file is then refused, as the CLI refuses it.
    if (what.includes("added")) expect(found.role).toMatch(/section \[profile p\] is repeated/);
    else expect(found.role).toBe("arn:aws:iam::123456789012:role/other");
  });

  it("is not made for a file changed within the settling time (its times could hide a change)", () => {
    const text = `[profile p]\nregion = a\n${"\n[profile x]\nregion = b\n".repeat(4000)}`.replace(
      /x\]/g,
      () => `x${Math.random()}]`,
    );
    const { config, folder } = place(text);
    loadProfiles(paths(config), readText, configIndex(config, folder)).get("p");
    expect(configIndex(config, folder, later)?.fresh).toBe(false);
  });

  it.each([
    ["a [DEFAULT] section", "[DEFAULT]\nregion = a\n"],
    ["text that is not ASCII", "[profile café]\nregion = a\n"],
  ])("is not made for a file with %s", (_, head) => {
    let text = `${head}[profile p]\nregion = eu-west-1\n`;
    for (let i = 0; text.length < 70_000; i++) text += `\n[profile t${i}]\nregion = a\n`;
    const { config, folder } = place(text);
    loadProfiles(paths(config), readText, configIndex(config, folder, later)).get("p");
    expect(configIndex(config, folder, later)?.fresh).toBe(false);
  });

  it("is not made for a short file", () => {
    const { config, folder } = place("[profile p]\nregion = a\n");
    expect(configIndex(config, folder, later)).toBeUndefined();
  });

  /** The index file at `path`, changed by `change`. */
  const rewrite = (path: string, change: (index: { format: unknown; sections: Record<string, unknown> }) => void) => {
    const index = JSON.parse(readFileSync(path, "utf8"));
    change(index);
    writeFileSync(path, JSON.stringify(index));
  };
  it.each<[string, (index: string) => void]>([
    [
      "offsets shifted",
      (i) =>
        writeFileSync(
          i,
          readFileSync(i, "utf8").replace(/\[0,(\d+)/, (_, n) => `[1,${n}`),
        ),
    ],
    [
      "the section cut short",
      (i) =>
        writeFileSync(
          i,
          readFileSync(i, "utf8").replace(/\[0,(\d+)/, (_, n) => `[0,${n - 5}`),
        ),
    ],
    [
      "another section's name",
      (i) => writeFileSync(i, readFileSync(i, "utf8").replace('"profile p"]', '"profile team-1"]')),
    ],
    ["offsets past the end", (i) => writeFileSync(i, readFileSync(i, "utf8").replace(/\[0,(\d+)/, "[0,99999999"))],
    ["an entry that is no array", (i) => rewrite(i, (index) => (index.sections["profile\np"] = { start: 0 }))],
    ["an entry that is a number", (i) => rewrite(i, (index) => (index.sections["profile\np"] = 5))],
    [
      "p's entry pointing at another profile's section",
      (i) => rewrite(i, (index) => (index.sections["profile\np"] = index.sections["profile\nteam-1"])),
    ],
    [
      "an sso-session's entry in p's place",
      (i) =>
        rewrite(i, (index) => {
          index.sections["sso-session\np"] = index.sections["profile\np"];
          delete index.sections["profile\np"];
        }),
    ],
    ["another format's", (i) => rewrite(i, (index) => (index.format = 2))],
    ["not JSON", (i) => writeFileSync(i, "{not json")],
    ["JSON of another shape", (i) => writeFileSync(i, '{"path":1}')],
    ["writable by others", (i) => chmodSync(i, 0o666)],
    [
      "a link to a copy",
      (i) => {
        writeFileSync(`${i}.copy`, readFileSync(i), { mode: 0o600 });
        rmSync(i);
        symlinkSync(`${i}.copy`, i);
      },
    ],
  ])("is not used when damaged or planted: %s", (_, damage) => {
    const { config, folder, index } = indexedFile();
    damage(index);
    expect(roleOfP(config, folder)).toEqual({ role: "arn:aws:iam::123456789012:role/first", wholeReads: 1 });
  });

  it("of one config file is not used for another", () => {
    const { folder, text } = indexedFile();
    const other = join(folder, "..", "other");
    writeFileSync(other, text.replace("role/first", "role/other"));
    const { reads, readFile } = counting();
    const files = loadProfiles(paths(other), readFile, configIndex(other, folder, later));
    expect(files.get("p")?.values.role_arn).toBe("arn:aws:iam::123456789012:role/other");
    expect(reads.count).toBe(1);
  });
});

describe("a cache hit with a 10,000-profile config", () => {
  it("reads only the profiles it uses once the file has settled, and answers as before", () => {
    const home = mkdtempSync(join(tmpdir(), "awsrole-index-home-"));
    made.push(home);
    mkdirSync(join(home, ".aws"));
    let config = "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = s\n";
    for (let i = 0; i < 10_000; i++)
      config += `\n[profile team-${i}]\nrole_arn = arn:aws:iam::123456789012:role/t${i}\nsource_profile = s\n`;
    writeFileSync(join(home, ".aws", "config"), config);
    writeFileSync(
      join(home, ".aws", "credentials"),
      "[s]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n",
    );
    // A session of p in the CLI's cache, under botocore's key: SHA-1 of {"RoleArn": "..."}.
    mkdirSync(join(home, ".aws", "cli", "cache"), { recursive: true });
    const key = createHash("sha1").update('{"RoleArn": "arn:aws:iam::123456789012:role/r"}').digest("hex");
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    const session = { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "t", Expiration: expiration };
    writeFileSync(join(home, ".aws", "cli", "cache", `${key}.json`), JSON.stringify({ Credentials: session }));
    // Settled: older than the two seconds in which a change could hide.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(home, ".aws", "config"), old, old);
    const env = cleanEnv(home);
    const hit = () => spawnSync("node", [CLI, "p", "-f", "json"], { env, encoding: "utf8" });
    const first = hit();
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).AWS_ACCESS_KEY_ID).toBe("ASIAEXAMPLE");
    // ctime is now; the index is made once it is two seconds old.
    spawnSync("sleep", ["2.1"]);
    const second = hit();
    const index = join(home, ".cache", "awsrole", "config-index.json");
    expect(JSON.parse(readFileSync(index, "utf8")).sections).toHaveProperty(["profile\np"]);
    // A line the CLI refuses, far from profile p, written in place: the index no longer holds.
    writeFileSync(join(home, ".aws", "config"), `${config}\n[profile broken\n`);
    const third = hit();
    expect(third.status).toBe(2);
    expect(third.stderr).toMatch(/config line 40005: the line is neither/);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    // A FIFO where the index was, which a blocking open would wait on for ever: ignored.
    writeFileSync(join(home, ".aws", "config"), config);
    rmSync(index);
    spawnSync("mkfifo", [index]);
    const fifo = spawnSync("node", [CLI, "p", "-f", "json"], { env, encoding: "utf8", timeout: 10_000 });
    expect(fifo.status, fifo.stderr).toBe(0);
    expect(fifo.stdout).toBe(first.stdout);
  });
});
