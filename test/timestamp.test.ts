// expiresAt of an SSO token file, read as botocore reads it (dateutil.parser.parse, with a zone),
// compared with botocore's own dateutil on generated strings: the forms AWS tools write, and
// near misses of them.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExpiresAt } from "../src/credentials/timestamp.js";
import { hasTool } from "./helpers/tools.js";

const hasDateutil = hasTool("python3", ["-c", "import botocore, dateutil.parser"]);

const PYTHON = `
import sys, json, datetime, warnings
import dateutil.parser
from dateutil.tz import tzutc
warnings.simplefilter("ignore")
epoch = datetime.datetime(1970, 1, 1, tzinfo=tzutc())
out = []
for text in json.load(sys.stdin):
    try:
        d = dateutil.parser.parse(text)
        out.append((d - epoch) // datetime.timedelta(milliseconds=1))
    except Exception:
        out.append(None)
print(json.dumps(out))
`;

const two = (max: number, min = 0) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
const timestamp = fc
  .record({
    year: fc.integer({ min: 1970, max: 2200 }).map(String),
    month: fc.oneof(two(12, 1), two(13), fc.integer({ min: 1, max: 9 }).map(String)),
    day: fc.oneof(two(28, 1), two(31, 29), fc.integer({ min: 1, max: 9 }).map(String)),
    basic: fc.boolean(),
    sep: fc.constantFrom("T", "t", " ", "x"),
    hour: fc.oneof(two(23), two(25, 24)),
    minute: fc.option(two(60), { nil: undefined }),
    second: fc.option(two(60), { nil: undefined }),
    fraction: fc.option(fc.tuple(fc.constantFrom(".", ","), fc.stringMatching(/^\d{1,9}$/)), { nil: undefined }),
    space: fc.constantFrom("", " "),
    zone: fc.oneof(
      fc.constantFrom("Z", "z", "UTC", "GMT", "", "utc", "EST"),
      fc
        .tuple(fc.constantFrom("+", "-"), two(24), fc.constantFrom("", ":"), fc.option(two(59), { nil: undefined }))
        .map(([sign, h, colon, m]) => `${sign}${h}${m === undefined ? "" : `${colon}${m}`}`),
    ),
  })
  .map((t) => {
    if (t.basic)
      return `${t.year}${t.month.padStart(2, "0")}${t.day.padStart(2, "0")}T${t.hour}${t.minute ?? "00"}${t.second ?? "00"}${t.space}${t.zone}`;
    let time = t.hour;
    if (t.minute !== undefined) {
      time += `:${t.minute}`;
      if (t.second !== undefined) time += `:${t.second}${t.fraction ? t.fraction.join("") : ""}`;
    }
    return `${t.year}-${t.month}-${t.day}${t.sep}${time}${t.space}${t.zone}`;
  });

describe("SSO token expiresAt", () => {
  it("reads the CLI v2's forms, the old one with UTC included", () => {
    expect(parseExpiresAt("2099-01-01T00:00:00UTC")).toBe(Date.UTC(2099, 0, 1));
    expect(parseExpiresAt("2099-01-01T00:00:00Z")).toBe(Date.UTC(2099, 0, 1));
    expect(parseExpiresAt("2099-01-01T00:00:00")).toBeNaN();
  });

  it.skipIf(!hasDateutil)("agrees with botocore's dateutil on generated strings", () => {
    const samples = fc.sample(timestamp, { numRuns: Number(process.env.ORACLE_CASES ?? 2000), seed: 7 });
    const python = spawnSync("python3", ["-c", PYTHON], { input: JSON.stringify(samples), encoding: "utf8" });
    expect(python.status, python.stderr).toBe(0);
    const expected = JSON.parse(python.stdout) as (number | null)[];
    const ours = samples.map((text) => {
      const ms = parseExpiresAt(text);
      return Number.isNaN(ms) ? null : ms;
    });
    const differ = samples.flatMap((text, i) =>
      ours[i] === expected[i] ? [] : [{ text, ours: ours[i], botocore: expected[i] }],
    );
    expect(differ.slice(0, 10)).toEqual([]);
    // The generator is useful only if both answers occur often.
    expect(expected.filter((e) => e === null).length).toBeGreaterThan(samples.length / 10);
    expect(expected.filter((e) => e !== null).length).toBeGreaterThan(samples.length / 10);
  });
});
