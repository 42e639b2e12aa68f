// --help per command, the variables and profile keys it lists, and a layout without glitches.
import { describe, expect, it } from "vitest";
import { OPTIONS } from "../src/args/options.js";
import { runCli } from "./helpers/fake-io.js";

const help = async (argv: string[], width = 80) => {
  const r = await runCli(argv, { env: { COLUMNS: String(width) } });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  return r.stdout;
};

describe("per-command help", () => {
  it.each([
    [
      "exec",
      /^Usage: awsrole exec PROFILE \[options\] -- CMD \[ARGS…\]/,
      ["--role-arn", "--token-code", "--no-cache"],
      ["--format", "--offline", "--write-profile", "--unset"],
    ],
    ["init", /^Usage: awsrole init SHELL/, [], ["--role-arn", "--format", "--token-code"]],
    ["list", /^Usage: awsrole list/, ["--format"], ["--role-arn", "--token-code", "--offline"]],
    ["status", /^Usage: awsrole status/, ["--offline", "--format"], ["--role-arn", "--token-code"]],
    [
      "console",
      /^Usage: awsrole console/,
      ["--open", "--switch-role-url", "--role-arn"],
      ["--format", "--offline", "--write-profile"],
    ],
  ])("awsrole %s --help", async (command, usage, listed, absent) => {
    for (const argv of [
      [command, "--help"],
      [command, "-h"],
    ]) {
      const text = await help(argv);
      expect(text).toMatch(usage);
      for (const flag of listed) expect(text).toContain(flag);
      for (const flag of absent) expect(text, flag).not.toMatch(new RegExp(`${flag}\\b`));
    }
  });
  it("init --help names the shells", async () => {
    expect(await help(["init", "--help"])).toMatch(/bash, zsh, fish, powershell, cmd/);
  });
  it("awsrole -- exec --help is still the general help (exec is a profile there)", async () => {
    expect(await help(["--help", "--", "exec"])).toMatch(/^awsrole - become an AWS IAM role/);
  });
  it.each(["status", "list"])("%s --help does not call -f's default the detected shell", async (command) => {
    expect(await help([command, "--help"])).not.toMatch(/detected shell/);
  });
  it.each([40, 60, 80])("init --help keeps each command line whole at %i columns", async (width) => {
    const lines = (await help(["init", "--help"], width)).split("\n");
    for (const line of [
      '    eval "$(awsrole init bash)"',
      "    awsrole init powershell | Out-String | Invoke-Expression",
    ])
      expect(lines).toContain(line);
    expect(lines.at(-2)).not.toBe("");
  });
});

describe("the general help", () => {
  it("has every option of the table in its option list", async () => {
    const text = await help(["--help"]);
    const list = text.slice(text.indexOf("Role and session:"), text.indexOf("Formats (--format):"));
    for (const name of Object.keys(OPTIONS)) expect(list, name).toMatch(new RegExp(`--${name}\\b`));
  });

  it.each([
    "AWSROLE_TOKEN_CODE",
    "AWSROLE_MFA_SESSION_DURATION",
    "AWSROLE_TIMEOUT",
    "AWSROLE_DEBUG",
    "AWSROLE_PROFILE",
    "AWS_ENDPOINT_URL_STS",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "mfa_process",
    "awsrole -- list",
    "awsrole COMMAND --help",
  ])("lists %s", async (word) => {
    expect(await help(["--help"])).toContain(word);
  });

  it.each([80, 100, 120])("has no glued type labels and no line wider than %i columns", async (width) => {
    for (const argv of [["--help"], ["exec", "--help"], ["console", "--help"]]) {
      const text = await help(argv, width);
      expect(text).not.toMatch(/\S\[(string|boolean|array)\]/);
      for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(Math.min(width, 100));
    }
  });
});

describe("init with a shell it does not know", () => {
  it.each([["tcsh"], [undefined]])("%s: names the shells it knows (exit 2)", async (shell) => {
    const r = await runCli(shell ? ["init", shell] : ["init"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^awsrole: init .*: bash, zsh, fish, powershell or cmd\. /);
    if (shell) expect(r.stderr).toContain('"tcsh"');
  });
});
