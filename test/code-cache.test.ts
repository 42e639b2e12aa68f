// The bundles behind the code cache (src/code-cache.ts): each is evaluated once per run, and a
// cache file that is not whole is never handed to V8.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
