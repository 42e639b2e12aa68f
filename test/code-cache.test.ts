// The bundles behind the code cache (src/system/code-cache.ts): each is evaluated once per run, and a
// cache file that is not whole is never handed to V8.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";

const HOPS = 11;
/** hop1 is assumed with foo's keys, hop2 with hop1's session, and so on. */
const CONFIG = `${Array.from(
  { length: HOPS },
  (_, i) =>
    `[profile hop${i + 1}]\nrole_arn = arn:aws:iam::333344445555:role/hop${i + 1}\nsource_profile = ${i === 0 ? "foo" : `hop${i}`}\n`,
).join("\n")}
[profile mfa]
role_arn = arn:aws:iam::333344445555:role/mfa-role
source_profile = foo
mfa_serial = arn:aws:iam::111122223333:mfa/foo
`;
const CREDENTIALS =
  "[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = xxxxSOURCExSECRETxxxxxxxxxxxxxxxxxxxxxxxx\n";

/** Preloaded into the run: counts the scripts compiled per file (code-cache.ts compiles each bundle with vm.Script). */
const COUNTER = `const vm = process.getBuiltinModule("node:vm");
const counts = {};
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) { super(code, options); counts[options?.filename] = (counts[options?.filename] ?? 0) + 1; }
};
process.on("exit", () => require("node:fs").writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts)));
`;

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
let sts: StsServer;
let home: string;
let counter: string;
beforeAll(async () => {
  sts = await startStsServer();
  home = makeHome(CONFIG, CREDENTIALS);
  temps.push(home);
  counter = join(home, "counter.cjs");
  writeFileSync(counter, COUNTER);
});
afterAll(async () => {
  await sts?.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("the AWS SDK's bundle is evaluated once per run", () => {
  it.each([
    ["a two-hop chain", "hop2"],
    ["an MFA session and the role", "mfa"],
    [`a chain of ${HOPS} hops`, `hop${HOPS}`],
  ])("%s: sts.cjs once, without a cache and from it, and no listener warning", async (_, profile) => {
    const xdg = temp("awsrole-xdg-");
    for (const round of ["compiled", "from the cache"]) {
      const counts = join(xdg, "counts.json");
      const r = await run("node", ["-r", counter, CLI, profile, "-f", "json", "--no-cache"], {
        ...cleanEnv(home),
        AWS_ENDPOINT_URL_STS: sts.url,
        AWSROLE_TOKEN_CODE: "123456",
        XDG_CACHE_HOME: xdg,
        COUNTS_FILE: counts,
      });
      expect(r.status, `${round}: ${r.stderr}`).toBe(0);
      expect(r.stderr, round).not.toMatch(/Warning/);
      const loads = JSON.parse(readFileSync(counts, "utf8")) as Record<string, number>;
      expect(loads[CLI.replace(/cli\.cjs$/, "sts.cjs")], round).toBe(1);
    }
  });
});

describe("a cache file that is not whole is never handed to V8", () => {
  // The cache file of main.cjs, as a successful run wrote it.
  let pristine: string;
  let name: string;
  beforeAll(async () => {
    pristine = temp("awsrole-xdg-");
    const r = await call(pristine);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(join(pristine, "awsrole")).filter((f) => f.startsWith("main.cjs."));
    expect(files).toHaveLength(1);
    name = files[0] as string;
  });
  /** A cache file as code-cache.ts writes it: "awr4", the name's length, the name, zeros to a multiple of 8, V8's data twice. */
  const cacheFile = (name: string, data: Buffer) => {
    const header = Buffer.alloc(dataAt(name));
    header.write("awr4", 0, "latin1");
    header.writeUInt32LE(Buffer.byteLength(name), 4);
    header.write(name, 8);
    return Buffer.concat([header, data, data]);
  };
  const dataAt = (name: string) => Math.ceil((8 + Buffer.byteLength(name)) / 8) * 8;
  /** V8's data in a cache file written under `name`: the first copy. */
  const v8Data = (file: Buffer, name: string) => {
    const at = dataAt(name);
    return file.subarray(at, at + (file.length - at) / 2);
  };
  const call = (xdg: string) =>
    run("node", [CLI, "hop1", "-f", "json", "--no-cache"], {
      ...cleanEnv(home),
      AWS_ENDPOINT_URL_STS: sts.url,
      XDG_CACHE_HOME: xdg,
    });
  it.each<[string, (file: Buffer, name: string) => Buffer]>([
    ["cut to half its length", (file) => file.subarray(0, file.length >> 1)],
    ["cut to 6 bytes", (file) => file.subarray(0, 6)],
    ["cut to nothing", () => Buffer.alloc(0)],
    [
      "with bits flipped past its header",
      (file) => {
        const flipped = Buffer.from(file);
        for (let i = 200; i < flipped.length; i += 97) flipped[i] = (flipped[i] as number) ^ 0x5a;
        return flipped;
      },
    ],
    [
      "with the top bit of two neighbouring words flipped",
      (file) => {
        const flipped = Buffer.from(file);
        for (const at of [8 + 4 * 100 + 3, 8 + 4 * 101 + 3]) flipped[at] = (flipped[at] as number) ^ 0x80;
        return flipped;
      },
    ],
    [
      // Two top bits that cancel out in a sum, at an even distance that a Fletcher-style sum misses.
      "with the top bit of two words eight apart flipped",
      (file) => {
        const flipped = Buffer.from(file);
        for (const at of [8 + 4 * 100 + 3, 8 + 4 * 108 + 3]) flipped[at] = (flipped[at] as number) ^ 0x80;
        return flipped;
      },
    ],
    [
      "with two different words swapped",
      (file) => {
        const swapped = Buffer.from(file);
        const word = (i: number) => file.subarray(8 + 4 * i, 8 + 4 * i + 4);
        // Two words that differ (V8's data has runs of equal ones, which a swap would leave whole).
        let other = 300;
        while (word(other).equals(word(200))) other++;
        swapped.set(word(200), 8 + 4 * other);
        swapped.set(word(other), 8 + 4 * 200);
        return swapped;
      },
    ],
    ["with its last byte flipped", (file) => Buffer.concat([file.subarray(0, -1), Buffer.from([~(file.at(-1) ?? 0)])])],
    ["in the format before the check (V8's data alone)", (file, name) => v8Data(file, name)],
    [
      "in the format before this one (awr3: the data right after the name)",
      (file, name) => {
        const header = Buffer.alloc(8);
        header.write("awr3", 0, "latin1");
        header.writeUInt32LE(Buffer.byteLength(name), 4);
        return Buffer.concat([header, Buffer.from(name), v8Data(file, name), v8Data(file, name)]);
      },
    ],
    [
      "with the first byte of its second copy damaged",
      (file, name) => {
        const damaged = Buffer.from(file);
        const at = dataAt(name) + v8Data(file, name).length;
        damaged[at] = (damaged[at] as number) ^ 0x10;
        return damaged;
      },
    ],
    [
      "written for another Node version's name",
      (file, name) => cacheFile(name.replace(process.version, "v99.0.0"), v8Data(file, name)),
    ],
    [
      "with its second copy of V8's data damaged alone",
      (file) => {
        const damaged = Buffer.from(file);
        damaged[damaged.length - 100] = (damaged[damaged.length - 100] as number) ^ 0x01;
        return damaged;
      },
    ],
    [
      "with both copies of V8's data but one byte damaged, differently",
      (file, name) => {
        const data = v8Data(file, name);
        const first = Buffer.from(data);
        const second = Buffer.from(data);
        first[500] = (first[500] as number) ^ 0x01;
        second[500] = (second[500] as number) ^ 0x02;
        const damaged = cacheFile(name, first);
        damaged.set(second, damaged.length - second.length);
        return damaged;
      },
    ],
  ])("a file %s: the run succeeds, and the file is replaced by a whole one", async (_, damage) => {
    const xdg = temp("awsrole-xdg-");
    cpSync(pristine, xdg, { recursive: true });
    const path = join(xdg, "awsrole", name);
    const damaged = damage(readFileSync(path), name);
    writeFileSync(path, damaged);
    const r = await call(xdg);
    expect(r.stderr).not.toMatch(/Fatal|unreachable/);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    const replaced = readFileSync(path);
    expect(replaced.equals(damaged)).toBe(false);
    // Whole again: the next run uses it as it is.
    expect((await call(xdg)).status).toBe(0);
    expect(readFileSync(path).equals(replaced)).toBe(true);
  });

  it("the file is as described: the pristine file is used as it is (no rewrite)", async () => {
    const xdg = temp("awsrole-xdg-");
    cpSync(pristine, xdg, { recursive: true });
    const path = join(xdg, "awsrole", name);
    const before = readFileSync(path);
    expect(before.equals(cacheFile(name, v8Data(before, name)))).toBe(true);
    expect((await call(xdg)).status).toBe(0);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
