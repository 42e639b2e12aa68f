// Seeded generators of ~/.aws files in the shapes people (and other tools) write them: every
// spelling the AWS CLI's parser accepts, some it refuses, and the odd ones in between.

/** mulberry32: a small seeded PRNG, so a failing case can be made again from its seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, pick, chance, int };
}

export type Random = ReturnType<typeof random>;

const NAMES = [
  "default",
  "dev",
  "prod",
  "sandbox",
  "a.b",
  "x_y",
  "dev #2",
  "my proc",
  "s3",
  "team-1",
  // Python's shlex is no POSIX shell: no ANSI-C $'…' (npm's shlex has it), \ kept inside "…".
  "$'prod'",
  '$"dev"',
  "pro\\d",
  'a\\"b',
];
const KEYS = [
  "role_arn",
  "Role_Arn",
  "ROLE_ARN",
  "source_profile",
  "aws_access_key_id",
  "AWS_ACCESS_KEY_ID",
  "aws_secret_access_key",
  "aws_session_token",
  "mfa_serial",
  "region",
  "duration_seconds",
  "credential_process",
  "external_id",
  "output",
];
const VALUES = [
  "arn:aws:iam::123456789012:role/r",
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "ap-northeast-1",
  "900",
  "value # not a comment",
  "value ; also kept",
  "a=b:c",
  "",
  "  padded  ",
  "é ünïcode",
  "tab\there",
  "nbsp\u00a0end\u00a0",
  "ideo\u3000space",
  "\u001cfs",
  "bom\ufeffinside",
  "$(id) `x` 'q' \"dq\" \\",
];

/** One section header line, in one of the spellings people and tools write. */
function header(r: Random, kind: "config" | "credentials"): string {
  const name = r.pick(NAMES);
  const forms =
    kind === "config"
      ? [
          `[profile ${name}]`,
          `[profile ${name}]`,
          "[default]",
          `[profile  ${name}]`,
          `[profile\t${name}]`,
          `[profile "${name}"]`,
          `[profile '${name}']`,
          `[profile ${name}]# comment`,
          `[profile ${name}] ; comment`,
          `[ profile ${name} ]`,
          "[profile default]",
          "[Default]",
          "[DEFAULT]",
          `[sso-session ${name}]`,
          `[services ${name}]`,
          `[profilex ${name}]`,
          "[profile]",
          `[profile ${name} extra]`,
          '[profile "unclosed]',
          `  [profile ${name}]`,
          `[profile ${name}]]`,
          `[${name}]`,
        ]
      : [
          `[${name}]`,
          `[${name}]`,
          `[ ${name} ]`,
          `[\t${name}]`,
          `[${name}]# saml2aws`,
          `[${name}] ; note`,
          "[DEFAULT]",
          "[default]",
          `[profile ${name}]`,
          `  [${name}]`,
          `[${name}]x]`,
        ];
  return r.pick(forms);
}

const SEPARATORS = [" = ", "=", " =", "= ", ": ", ":", " : ", "\t=\t", "  =  "];

function optionLines(r: Random, used: Set<string>): string[] {
  // Mostly a key not yet in the section (a repeated one makes the CLI refuse the file).
  let key = r.pick(KEYS);
  for (let i = 0; i < 5 && used.has(key.toLowerCase()) && !r.chance(0.05); i++) key = r.pick(KEYS);
  used.add(key.toLowerCase());
  if (r.chance(0.06)) {
    // A nested section (botocore parses it into a dict), sometimes with a line it refuses.
    const inner = [`  signature_version = s3v4`, `  addressing_style=path`];
    if (r.chance(0.2)) inner.push("  no equals sign");
    if (r.chance(0.2)) inner.push("", "  after_blank = 1");
    return [`${r.pick(["s3", "S3", "sts"])} =`, ...inner];
  }
  const lines = [
    `${r.pick(["", "", "", "  ", "\t"])}${key}${r.pick(SEPARATORS)}${r.pick(VALUES)}${r.pick(["", "", " ", "\t"])}`,
  ];
  if (r.chance(0.07))
    lines.push(`${r.pick(["  ", "\t", "    "])}${r.pick(["continued", "more = text", "# not a comment?"])}`);
  return lines;
}

function filler(r: Random): string {
  return r.pick(["", "", "# a comment", "; a comment", "   ", "  # indented comment", "\t"]);
}

const BAD = ["junk line", "= no key", ": no key", "[unclosed", "\u00a0junk"];

/** A whole file: sections with keys, comments, blank lines; sometimes something the CLI refuses. */
export function iniFile(r: Random, kind: "config" | "credentials"): { text: string; bytes: Buffer } {
  const lines: string[] = [];
  if (r.chance(0.05)) lines.push(r.chance(0.5) ? "orphan = before any header" : "# leading comment");
  const sections = r.int(0, 5);
  const headers = new Set<string>();
  for (let s = 0; s < sections; s++) {
    let line = header(r, kind);
    for (let i = 0; i < 5 && headers.has(line) && !r.chance(0.05); i++) line = header(r, kind);
    headers.add(line);
    lines.push(line);
    const options = r.int(0, 5);
    const used = new Set<string>();
    for (let o = 0; o < options; o++) {
      if (r.chance(0.2)) lines.push(filler(r));
      lines.push(...optionLines(r, used));
    }
    if (r.chance(0.03)) lines.push(r.pick(BAD));
    if (r.chance(0.4)) lines.push("");
  }
  const eol = r.pick(["\n", "\n", "\n", "\r\n", "\r"]);
  let text = lines.join(eol);
  if (r.chance(0.7) && text !== "") text += eol;
  if (r.chance(0.03)) text = `\ufeff${text}`;
  if (r.chance(0.03)) text = text.replace(/\n/, "\r\n");
  let bytes = Buffer.from(text);
  if (r.chance(0.02)) bytes = Buffer.concat([bytes, Buffer.from([0x76, 0xff, 0x0a])]);
  return { text, bytes };
}

/**
 * A long config file of generated ones, their section names made their own, with [default] and
 * [profile default] (in either order: the later one is read): parts `plain` accepts, mostly.
 */
export function longConfig(seed: number, length: number, plain: (part: string) => boolean): string {
  const r = random(seed);
  const defaults = ["[default]\nregion = a\n", "[profile default]\noutput = json\n"];
  if (seed % 2) defaults.reverse();
  let text = defaults[0] as string;
  for (let i = 0; text.length < length; i++) {
    if (i === 50) text += defaults[1];
    // A generated file with its names made its own (`[profile dev]` as `[profile dev~3]`).
    const part = iniFile(r, "config").text.replace(/(^|[\r\n])([ \t]*)\[([^\]\r\n]*)\]/g, `$1$2[$3~${i}]`);
    if (plain(part) || r.chance(0.0002)) text += `[profile gen-${i}]\n${part}\n`;
  }
  return text;
}
