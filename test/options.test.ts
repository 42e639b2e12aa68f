import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args/options.js";
import { UsageError } from "../src/system/errors.js";

describe("parseArgs reads the AWS CLI's forms", () => {
  it.each([
    [["p", "--token-code", "123456"], { positionals: ["p"], flags: { "token-code": "123456" } }],
    [["p", "-t", "123456"], { flags: { "token-code": "123456" } }],
    [["p", "--token-code=123456"], { flags: { "token-code": "123456" } }],
    [["--mfa-serial", "arn:x", "--duration", "1h"], { flags: { "serial-number": "arn:x", "duration-seconds": "1h" } }],
    [["--shell", "fish"], { flags: { format: "fish" } }],
    [["--no-cache", "--no-prompt", "-q"], { flags: { cache: false, prompt: false, quiet: true } }],
    [["-n", "a", "-n", "b"], { flags: { "role-session-name": "b" } }],
    [["--tag", "a=1", "--tag=b=2"], { flags: { tag: ["a=1", "b=2"] } }],
    [
      ["--policy-arns", "arn=arn:a", "arn:b", "p"],
      { positionals: ["p"], flags: { "policy-arns": ["arn=arn:a", "arn:b"] } },
    ],
    [["--external-id=-x-"], { flags: { "external-id": "-x-" } }],
    [["exec", "p", "--", "aws", "-v", "--x"], { positionals: ["exec", "p"], rest: ["aws", "-v", "--x"] }],
    // getopt's forms: a value attached to a short flag, short booleans bundled.
    [["p", "-t123456"], { flags: { "token-code": "123456" } }],
    [["-qv", "p"], { positionals: ["p"], flags: { quiet: true, verbose: true } }],
    [["-qt", "123456"], { flags: { quiet: true, "token-code": "123456" } }],
    [["-qt654321"], { flags: { quiet: true, "token-code": "654321" } }],
    [["--", "list"], { positionals: [], rest: ["list"] }],
    [["--web-identity", "p"], { positionals: ["p"], flags: { "web-identity": true } }],
    [["--web-identity", "github"], { positionals: [], flags: { "web-identity": "github" } }],
    [["--web-identity=gitlab"], { flags: { "web-identity": "gitlab" } }],
  ])("%j", (argv, expected) => expect(parseArgs(argv)).toMatchObject(expected));

  it("cuts a 100,000-character value in its message", () => {
    expect(() => parseArgs([`--${"x".repeat(100_000)}`])).toThrow(/^unknown option --x{78}…\. See awsrole --help\.$/);
  });

  it.each([
    [["--nope"], "unknown option --nope"],
    [["-z"], "unknown option -z"],
    [["--role-arn"], "option --role-arn needs a value"],
    [["--role-arn", "--unset"], 'for one that starts with "-", write --role-arn=VALUE'],
    [["-t", "-1"], 'for one that starts with "-", write -tVALUE'],
    [["-qz"], 'unknown option -z in "-qz"'],
    [["--unset=yes"], "option --unset takes no value"],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
