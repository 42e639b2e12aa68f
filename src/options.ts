import parse from "yargs-parser";
import { UsageError } from "./errors.js";

/**
 * Every flag, as data: the parser, the unknown-flag check and the help text (help.ts) are
 * all built from this one table. Names follow `aws sts assume-role` where it has one.
 */
export const OPTIONS = {
  "role-arn": { type: "string", group: "role", desc: "ARN of the role to assume (no profile needed)" },
  "source-profile": { type: "string", group: "role", desc: "profile whose credentials call STS" },
  "serial-number": { type: "string", group: "role", alias: ["mfa-serial"], desc: "MFA device ARN or serial" },
  "token-code": { type: "string", group: "role", alias: ["t"], desc: "six-digit MFA code (or AWSROLE_TOKEN_CODE)" },
  "duration-seconds": {
    type: "string",
    group: "role",
    alias: ["d", "duration"],
    desc: "session length: seconds, or 15m, 1h, 12h (900-43200)",
  },
  "role-session-name": { type: "string", group: "role", alias: ["n"], desc: "session name (default: your user name)" },
  "external-id": { type: "string", group: "role", desc: "external ID the role's trust policy requires" },
  policy: { type: "string", group: "role", desc: "session policy: JSON text or file://PATH" },
  "policy-arns": {
    type: "array",
    group: "role",
    desc: "managed policy ARN to narrow the session (repeatable, max 10)",
  },
  "source-identity": { type: "string", group: "role", desc: "source identity to set on the session" },
  tag: { type: "array", group: "role", desc: "session tag KEY=VALUE (repeatable)" },
  region: { type: "string", group: "role", desc: "region to set (and to call STS in)" },
  format: { type: "string", group: "output", alias: ["f", "shell"], desc: "output format (default: detected shell)" },
  "write-profile": { type: "string", group: "output", desc: "write the keys to this credentials-file profile" },
  unset: { type: "boolean", group: "output", desc: "print code that clears every variable awsrole sets" },
  cache: { type: "boolean", group: "behaviour", desc: "use the session cache (--no-cache: neither read nor write)" },
  refresh: { type: "boolean", group: "behaviour", desc: "ignore a cached session and get a new one" },
  prompt: { type: "boolean", group: "behaviour", desc: "ask for a missing MFA code (--no-prompt: fail instead)" },
  quiet: { type: "boolean", group: "behaviour", alias: ["q"], desc: "no success line on stderr" },
  verbose: { type: "boolean", group: "behaviour", alias: ["v"], desc: "say where each value came from" },
  help: { type: "boolean", group: "behaviour", alias: ["h"], desc: "show this help" },
  version: { type: "boolean", group: "behaviour", desc: "show the version" },
} as const satisfies Record<string, OptionSpec>;

export interface OptionSpec {
  type: "string" | "array" | "boolean";
  group: "role" | "output" | "behaviour";
  alias?: readonly string[];
  desc: string;
}

type Name = keyof typeof OPTIONS;
type ValueOf<T extends OptionSpec> = T["type"] extends "boolean"
  ? boolean
  : T["type"] extends "array"
    ? string[]
    : string;
export type Flags = { -readonly [K in Name]?: ValueOf<(typeof OPTIONS)[K]> };

export interface ParsedArgs {
  positionals: string[];
  /** Words after `--`, for `awsrole exec PROFILE -- CMD ARGS`. */
  rest: string[];
  flags: Flags;
}

const names = Object.keys(OPTIONS) as Name[];
const specs: [Name, OptionSpec][] = names.map((name) => [name, OPTIONS[name]]);
const known = new Set<string>(["_", "--", ...specs.flatMap(([name, spec]) => [name, ...(spec.alias ?? [])])]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed = parse([...argv], {
    string: specs.filter(([, s]) => s.type === "string").map(([n]) => n),
    array: specs.filter(([, s]) => s.type === "array").map(([n]) => ({ key: n, string: true })),
    boolean: specs.filter(([, s]) => s.type === "boolean").map(([n]) => n),
    alias: Object.fromEntries(specs.filter(([, s]) => s.alias).map(([n, s]) => [n, [...(s.alias ?? [])]])),
    configuration: {
      "camel-case-expansion": false,
      "parse-numbers": false,
      "parse-positional-numbers": false,
      "strip-aliased": true,
      "duplicate-arguments-array": true,
      "populate--": true,
    },
  });
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) {
      throw new UsageError(`unknown option ${key.length === 1 ? "-" : "--"}${key}. See awsrole --help.`);
    }
  }
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of specs) {
    // A repeated string flag keeps its last value, as in the AWS CLI; arrays keep them all.
    const value = spec.type === "string" && Array.isArray(parsed[name]) ? parsed[name].at(-1) : parsed[name];
    if (value === undefined) continue;
    if (spec.type === "string" && typeof value !== "string") {
      throw new UsageError(`option --${name} needs a value. See awsrole --help.`);
    }
    flags[name] = spec.type === "array" ? [value].flat().map(String) : value;
  }
  return {
    positionals: parsed._.map(String),
    rest: (parsed["--"] ?? []).map(String),
    flags: flags as Flags,
  };
}
