import { describe, expect, it } from "vitest";
import { cut, shown } from "../src/system/errors.js";

// One helper cuts text in messages; each caller keeps its own length and mark.
describe("cut", () => {
  it.each([
    ["x".repeat(80), 80, "…", "x".repeat(80)],
    ["x".repeat(81), 80, "…", `${"x".repeat(80)}…`],
    ["abcdef", 3, "…", "abc…"],
    ["abcdef", 3, "", "abc"],
    ["abc", 3, "", "abc"],
  ])("%j to %i with %j", (text, max, mark, out) => expect(cut(text, max, mark)).toBe(out));

  it("a value is cut at 80 and marked by default, and shown quoted", () => {
    expect(cut("y".repeat(100))).toBe(`${"y".repeat(80)}…`);
    expect(shown(`a"${"b".repeat(100)}`)).toBe(JSON.stringify(`a"${"b".repeat(78)}…`));
  });
});
