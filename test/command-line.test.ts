// credential_process split as botocore splits it, against botocore itself on generated command
// lines: compat_shell_split is shlex on POSIX and _windows_shell_split on Windows (importable here).
import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../src/system/command-line.js";
import { pythonJson } from "./helpers/botocore.js";
import { random } from "./helpers/ini-gen.js";
import { hasTool } from "./helpers/tools.js";

const hasBotocore = hasTool("python3", ["-c", "import botocore.compat"]);
const CASES = knob("ORACLE_CASES", 800);

const ORACLE = `
import json, sys
from botocore.compat import _windows_shell_split
out = []
for line in json.load(sys.stdin):
    try:
        out.append(_windows_shell_split(line))
    except ValueError:
        out.append(None)
print(json.dumps(out))
`;

import { knob } from "./helpers/knob.js";

const PIECES = [
  "\\",
  "\\\\",
  '"',
  '\\"',
  '""',
  " ",
  "  ",
  "\t",
  "a",
  "x y",
  "C:\\Users\\me\\bin\\creds.exe",
  "é",
  "'",
  "--flag=1",
];

function lines(seed: number): string[] {
  const r = random(seed);
  return Array.from({ length: CASES }, () => Array.from({ length: r.int(0, 8) }, () => r.pick(PIECES)).join(""));
}

const ours = (line: string) => {
  try {
    return splitCommandLine(line, "win32");
  } catch {
    return null;
  }
};

describe.skipIf(!hasBotocore)("credential_process on Windows, as botocore's _windows_shell_split", () => {
  it(`splits ${CASES} generated command lines as botocore does, and refuses the same ones`, () => {
    const generated = lines(5);
    const expected = pythonJson<(string[] | null)[]>(["-c", ORACLE], generated);
    expect(generated.map(ours)).toEqual(expected);
    // Both outcomes are exercised: refused lines are more than a tenth, and so are accepted ones.
    const refused = expected.filter((words) => words === null).length;
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(refused).toBeLessThan(CASES * 0.9);
  });

  it("keeps a backslashed path whole (POSIX rules would eat the backslashes)", () => {
    expect(splitCommandLine('C:\\Users\\me\\bin\\creds.exe --profile "my team"', "win32")).toEqual([
      "C:\\Users\\me\\bin\\creds.exe",
      "--profile",
      "my team",
    ]);
    expect(splitCommandLine("C:\\Users\\me\\bin\\creds.exe", "linux")).toEqual(["C:Usersmebincreds.exe"]);
  });
});
