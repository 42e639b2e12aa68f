// The test knobs (helpers/knob.ts): a count read from the environment, refused with its name when
// it is not a whole number, so that a typo never runs a file with NaN cases.
import { describe, expect, it } from "vitest";
import { knob } from "./helpers/knob.js";

describe("test knobs", () => {
  it("a knob that is not a whole number is refused with its name, not run as NaN", () => {
    const was = process.env.AWSROLE_TEST_KNOB;
    try {
      process.env.AWSROLE_TEST_KNOB = "abc";
      expect(() => knob("AWSROLE_TEST_KNOB", 100)).toThrow(
        'AWSROLE_TEST_KNOB="abc" is not a whole number: set it like AWSROLE_TEST_KNOB=100, or unset it.',
      );
      process.env.AWSROLE_TEST_KNOB = "40";
      expect(knob("AWSROLE_TEST_KNOB", 100)).toBe(40);
      delete process.env.AWSROLE_TEST_KNOB;
      expect(knob("AWSROLE_TEST_KNOB", 100)).toBe(100);
    } finally {
      if (was === undefined) delete process.env.AWSROLE_TEST_KNOB;
      else process.env.AWSROLE_TEST_KNOB = was;
    }
  });
});
