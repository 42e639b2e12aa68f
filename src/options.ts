import { parseArgs as nodeParseArgs } from "node:util";
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

// Parsed with Node's own util.parseArgs: it costs nothing to load, where yargs-parser adds a
// quarter to Node's start-up and `--unset` must stay within 1.15x of it (DESIGN.md, Speed).
// Aliases and `--no-X` are declared as options of their own and folded back here, in order.
const specs = Object.entries(OPTIONS) as [Name, OptionSpec][];
const canonical = new Map<string, { name: Name; negated: boolean }>();
const nodeOptions: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
for (const [name, spec] of specs) {
  const type = spec.type === "boolean" ? "boolean" : "string";
  const short = spec.alias?.find((a) => a.length === 1);
  nodeOptions[name] = { type, multiple: spec.type === "array", ...(short ? { short } : {}) };
  canonical.set(name, { name, negated: false });
  for (const alias of spec.alias ?? []) {
    if (alias.length > 1) nodeOptions[alias] = { type, multiple: spec.type === "array" };
    canonical.set(alias, { name, negated: false });
  }
  if (spec.type === "boolean") {
    nodeOptions[`no-${name}`] = { type: "boolean" };
    canonical.set(`no-${name}`, { name, negated: true });
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let tokens: ReturnType<typeof nodeParseArgs>["tokens"];
  try {
    ({ tokens } = nodeParseArgs({
      args: [...argv],
      options: nodeOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    }));
  } catch (error) {
    throw usageFrom(error as Error & { code?: string });
  }
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  const rest: string[] = [];
  let afterTerminator = false;
  let listOpen = false;
  for (const token of tokens ?? []) {
    if (token.kind === "option-terminator") afterTerminator = true;
    else if (token.kind === "positional" && listOpen && /^arn[=:]/.test(token.value)) {
      // `--policy-arns A B C`: the AWS CLI's list syntax, as in `aws sts assume-role`.
      (flags["policy-arns"] as string[]).push(token.value);
    } else if (token.kind === "positional") {
      listOpen = false;
      (afterTerminator ? rest : positionals).push(token.value);
    } else {
      const { name, negated } = canonical.get(token.name) as { name: Name; negated: boolean };
      listOpen = name === "policy-arns";
      const type = OPTIONS[name].type;
      // A repeated string flag keeps its last value, as in the AWS CLI; arrays keep them all.
      if (type === "boolean") flags[name] = !negated;
      else if (type === "array") flags[name] = [...((flags[name] as string[]) ?? []), token.value ?? ""];
      else flags[name] = token.value ?? "";
    }
  }
  return { positionals, rest, flags: flags as Flags };
}

function usageFrom(error: Error & { code?: string }): UsageError {
  const option = /'(?:-\w, )?(-[^' ,]+)/.exec(error.message)?.[1] ?? "";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
    return new UsageError(`unknown option ${option}. See awsrole --help.`);
  if (/argument missing/.test(error.message))
    return new UsageError(`option ${option} needs a value. See awsrole --help.`);
  if (/ambiguous/.test(error.message)) {
    return new UsageError(`option ${option} needs a value; to pass one that starts with "-", write ${option}=VALUE.`);
  }
  return new UsageError(`${error.message.split("\n")[0]} See awsrole --help.`);
}
