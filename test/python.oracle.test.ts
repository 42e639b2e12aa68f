// The two pieces of Python that botocore's reading rests on, and awsrole imitates: shlex.split
// (profile names, credential_process) and int() (duration_seconds), each compared with python3
// itself on generated strings; and the region names awsrole takes from the SDK's partition data,
// compared with botocore's copy of that data.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pyInt, region as validRegion } from "../src/plan/validate.js";
import { shlexSplit } from "../src/system/shlex.js";
import { pythonJson } from "./helpers/botocore.js";
import { random } from "./helpers/ini-gen.js";
import { knob } from "./helpers/knob.js";
import { hasTool } from "./helpers/tools.js";

const CASES = knob("ORACLE_CASES", 800) * 4;
const hasPython = hasTool("python3");
const hasBotocore = hasPython && hasTool("python3", ["-c", "import botocore"]);

/** Runs `expression` (of `s`) in python3 on every string: its value, or the ValueError's text. */
function python(expression: string, inputs: string[]): { value?: unknown; error?: string }[] {
  const script = `
import json, shlex, sys
out = []
for s in json.load(sys.stdin):
    try:
        out.append({"value": ${expression}})
    except ValueError as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;
  return pythonJson(["-c", script], inputs);
}

function generate(seed: number, pieces: readonly string[], length: number): string[] {
  const r = random(seed);
  return Array.from({ length: CASES }, () => Array.from({ length: r.int(0, length) }, () => r.pick(pieces)).join(""));
}

/** The awsrole side in the shape of the python side. */
function ours<T>(read: (s: string) => T, s: string): { value?: T; error?: string } {
  try {
    return { value: read(s) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const SHELL_PIECES = [
  "prod",
  "p",
  "é",
  "😀",
  " ",
  "  ",
  "\t",
  "\n",
  "\r",
  "\v",
  "\u00a0",
  "'",
  '"',
  "\\",
  "$",
  "$'",
  '$"',
  "$'prod'",
  '$"prod"',
  "'my proc'",
  '"a\\"b"',
  '"\\n\\$\\\\"',
  "''",
  '""',
  "#",
  ";",
  "`id`",
  "$(id)",
  "profile",
  "profile ",
];

const NUMBER_PIECES = [
  "1",
  "8",
  "0",
  "00",
  "1800",
  "_",
  "__",
  "+",
  "-",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "\u3000",
  "\u2028",
  "\x1c",
  "\x85",
  "\ufeff",
  "\u0661",
  "\u0668",
  "\u0660",
  "\uff11",
  "\uff18",
  "\u0967",
  "\u{1d7cf}",
  "\u{1d7ec}",
  "\u00b2",
  "\u2167",
  "x",
  ".",
  "e",
  "0x",
  "h",
  "m",
];

describe.skipIf(!hasPython)("Python's readers, against python3", () => {
  it(`shlex.split: the same words or the same refusal on ${CASES} generated strings`, () => {
    const inputs = generate(16_009, SHELL_PIECES, 8);
    const want = python("shlex.split(s)", inputs);
    let refused = 0;
    for (const [i, s] of inputs.entries()) {
      if (want[i]?.error) refused++;
      expect(ours(shlexSplit, s), JSON.stringify(s)).toEqual(want[i]);
    }
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(CASES - refused).toBeGreaterThan(CASES / 3);
  });

  it("shlex.split: $'…' is a $ and a quoted word, so [profile $'prod'] is the profile $prod", () => {
    expect(shlexSplit("profile $'prod'")).toEqual(["profile", "$prod"]);
    expect(shlexSplit('profile $"prod"')).toEqual(["profile", "$prod"]);
  });

  it(`int(): the same number or the same refusal on ${CASES} generated strings`, () => {
    const inputs = generate(16_010, NUMBER_PIECES, 6);
    const want = python("int(s)", inputs);
    let numbers = 0;
    for (const [i, s] of inputs.entries()) {
      const expected = want[i]?.error ? undefined : (want[i]?.value as number);
      if (expected !== undefined) numbers++;
      expect(pyInt(s), JSON.stringify(s)).toBe(expected);
    }
    expect(numbers).toBeGreaterThan(CASES / 10);
    expect(CASES - numbers).toBeGreaterThan(CASES / 10);
  });
});

describe.skipIf(!hasBotocore)("regions: the SDK's partition data against botocore's", () => {
  const data = spawnSync(
    "python3",
    [
      "-c",
      `import json, os, botocore
d = os.path.join(os.path.dirname(botocore.__file__), "data")
p = json.load(open(os.path.join(d, "partitions.json")))["partitions"]
e = json.load(open(os.path.join(d, "endpoints.json")))["partitions"]
print(json.dumps({"regions": sorted({r for x in p + e for r in x["regions"]}), "patterns": [x["regionRegex"] for x in p + e]}))`,
    ],
    { encoding: "utf8" },
  );
  const botocore = JSON.parse(data.stdout || "{}") as { regions: string[]; patterns: string[] };

  it("accepts every region botocore knows (eusc-de-east-1 among them)", () => {
    expect(botocore.regions).toContain("eusc-de-east-1");
    const refused = botocore.regions.filter((name) => {
      try {
        return validRegion(name) !== name;
      } catch {
        return true;
      }
    });
    expect(refused).toEqual([]);
  });

  it(`accepts what botocore's region patterns accept, on ${CASES} generated names`, () => {
    const r = random(16_011);
    const first = ["us", "eu", "ap", "eusc", "cn", "mx", "me", "xx", "US", ""];
    const middle = ["de", "fr", "iso", "isob", "isoe", "gov", "east", "west", "north_1", "tokyo", "x", ""];
    const last = ["1", "12", "0", "a", ""];
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const words = [r.pick(first), ...Array.from({ length: r.int(0, 3) }, () => r.pick(middle)), r.pick(last)];
      const name = words.join(r.pick(["-", "-", "-", "-", "_", ""]));
      // Python's \w and \d take Unicode, JavaScript's ASCII: the names here are ASCII.
      if (!botocore.patterns.some((p) => new RegExp(p).test(name))) continue;
      accepted++;
      expect(validRegion(name), name).toBe(name);
    }
    expect(accepted).toBeGreaterThan(CASES / 20);
  });

  it.each(["tokyo", "US-EAST-1", "us-east-1 ", "mars-north-1", "eusc-fr-east-1", ""])("refuses %j", (name) => {
    expect(() => validRegion(name)).toThrow(/is not valid/);
  });
});
