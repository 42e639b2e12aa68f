import { isPySpace } from "../aws-files/ini.js";
import { stsEndpointVariable } from "../formats/changes.js";
import { shown, UsageError } from "../system/errors.js";

// Input rules from the STS API reference (AssumeRole, GetSessionToken request parameters):
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// Checking them here means a typo costs no network call and gets a message naming the value.

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
// After a unit every number has its own (`5h30` is not 5 h 30 s); a bare number is read by pyInt.
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

function check(value: string, rule: RegExp, what: string, hint: string): string {
  if (!rule.test(value)) throw new UsageError(`${what} ${shown(value)} is not valid: ${hint}.`);
  return value;
}

export const roleArn = (v: string) => check(v, ROLE_ARN, "role ARN", "expected arn:aws:iam::123456789012:role/NAME");

export const mfaSerial = (v: string) =>
  check(v, SERIAL, "MFA serial", "expected arn:aws:iam::123456789012:mfa/NAME or a hardware serial");

export const sessionName = (v: string) =>
  check(v, SESSION_NAME, "role session name", "use 2-64 characters from A-Z a-z 0-9 and + = , . @ _ -");

export const externalId = (v: string) =>
  check(v, EXTERNAL_ID, "external ID", "use 2-1224 characters from A-Z a-z 0-9 and + = , . @ : / _ -");

export const sourceIdentity = (v: string) =>
  check(v, SOURCE_IDENTITY, "source identity", "use 2-64 characters from A-Z a-z 0-9 and + = , . @ _ -");

/** The AWS SDK's partitions (build.mjs takes them from it at build time, so no run loads the SDK to check one). */
declare const __AWSROLE_PARTITIONS__: { regionRegex: string; regions: string[] }[];

/** A region of an AWS partition, as the SDK's partition data knows them: listed, or matching the partition's pattern. */
export function region(v: string): string {
  if (__AWSROLE_PARTITIONS__.some((p) => p.regions.includes(v) || new RegExp(p.regionRegex).test(v))) return v;
  throw new UsageError(
    `region ${shown(v)} is not valid: it is no region of an AWS partition (such as ap-northeast-1 or eusc-de-east-1).`,
  );
}

/**
 * AWS_ENDPOINT_URL_STS (else AWS_ENDPOINT_URL), when set and not ignored, must be an http(s) URL
 * that Node's URL parser reads: `127.0.0.1:5055`, `http://[::1` or a port past 65535 would
 * otherwise fail as a network fault, exit 1, when it is a configuration error.
 */
export function stsEndpointVariables(env: NodeJS.ProcessEnv): void {
  const variable = stsEndpointVariable(env);
  if (variable) endpointUrl(variable.name, variable.value);
}

/** An endpoint variable's value, checked as the SDK will use it: http(s), with a host, parsed by `new URL()`. */
export function endpointUrl(name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = /^https?:\/\/[^/?#\s]+/i.test(value) ? new URL(value) : undefined;
  } catch {}
  if (!url || url.hostname === "")
    throw new UsageError(
      `${name} ${shown(value)} is not an http(s) URL: write it as http://HOST:PORT or https://HOST. Fix it or unset it.`,
    );
  return value;
}

/** The code is checked before any call: STS counts failed MFA attempts. */
export const tokenCode = (v: string) =>
  check(v, /^\d{6}$/, "MFA code", "it must be the six digits your MFA device shows now");

/** Accepts the forms of `aws sts assume-role --policy-arns arn=ARN` and a bare ARN. */
export function policyArns(values: readonly string[]): string[] {
  const arns = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (arns.length > 10) throw new UsageError(`${arns.length} policy ARNs given: STS accepts at most 10.`);
  return arns.map((v) =>
    check(v.replace(/^arn=/, ""), POLICY_ARN, "policy ARN", "expected arn:aws:iam::aws:policy/NAME"),
  );
}

export function tags(values: readonly string[]): { Key: string; Value: string }[] {
  if (values.length > 50) throw new UsageError(`${values.length} session tags given: STS accepts at most 50.`);
  const seen = new Set<string>();
  return values.map((tag) => {
    const eq = tag.indexOf("=");
    if (eq < 1) throw new UsageError(`tag ${shown(tag)} is not valid: write it as KEY=VALUE.`);
    // Built here, not at load: Unicode property classes cost start-up time on every run.
    const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
    const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
    const key = check(tag.slice(0, eq), TAG_KEY, "tag key", "use 1-128 letters, digits, spaces and _ . : / = + - @");
    const value = check(
      tag.slice(eq + 1),
      TAG_VALUE,
      "tag value",
      "use at most 256 letters, digits, spaces and _ . : / = + - @",
    );
    // Tag keys are case-insensitive to STS: two that differ only by case are rejected there.
    if (seen.has(key.toLowerCase())) throw new UsageError(`tag key ${shown(key)} is given twice.`);
    seen.add(key.toLowerCase());
    return { Key: key, Value: value };
  });
}

/**
 * A number as Python's int() reads it, which is how botocore reads duration_seconds (and the AWS
 * CLI an integer flag): white space around it, one sign, digits of any script (`١٨٠٠`)
 * with single underscores between them (`1_800`); undefined where int() raises ValueError.
 * test/python.oracle.test.ts compares it with python3 on generated strings.
 */
export function pyInt(text: string): number | undefined {
  // int() strips str.isspace() characters but U+001C-U+001F (Python's _Py_ascii_whitespace).
  const space = (i: number) => {
    const c = text.charCodeAt(i);
    return isPySpace(c) && (c < 28 || c > 31);
  };
  let start = 0;
  let end = text.length;
  while (start < end && space(start)) start++;
  while (end > start && space(end - 1)) end--;
  const stripped = text.slice(start, end);
  if (/^\d+$/.test(stripped)) return Number(stripped);
  // Built here, not at load: a Unicode property class costs start-up time on every run.
  const m = /^([+-]?)(\p{Nd}(?:_?\p{Nd})*)$/u.exec(stripped);
  if (!m) return undefined;
  const digits = [...(m[2] as string)].filter((c) => c !== "_").map(decimalValue);
  const value = Number(digits.join(""));
  return m[1] === "-" && value !== 0 ? -value : value;
}

/**
 * The value of a decimal digit of any script. Unicode assigns them only in runs of ten, 0 to 9
 * (a stability policy), so a digit's value is how many digits stand before it in its run, mod 10.
 */
function decimalValue(digit: string): number {
  const code = digit.codePointAt(0) as number;
  let before = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(code - before - 1))) before++;
  return before % 10;
}

/** Seconds as int() reads them (`900`, `+900`, `1_800`), or h/m/s units: `15m`, `1h`, `1h30m`, `12h`, `900s`. */
export function duration(v: string, min: number, max: number): number {
  const m = DURATION.exec(v.trim());
  const seconds =
    pyInt(v) ??
    (m && v.trim() !== "" ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : Number.NaN);
  if (!(seconds >= min && seconds <= max)) {
    throw new UsageError(
      `duration ${shown(v)} is not valid: give ${min}-${max} seconds, or a length such as 15m, 1h or 12h.`,
    );
  }
  return seconds;
}

/** STS limits the packed inline policy to 2,048 characters; minifying first gives the most room. */
export function policy(text: string, source: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`session policy ${source} is not JSON (${(error as Error).message}). Fix the JSON.`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`session policy ${source} must be a JSON object with "Version" and "Statement".`);
  }
  const minified = JSON.stringify(parsed);
  if (minified.length > 2048) {
    throw new UsageError(
      `session policy ${source} is ${minified.length} characters minified: STS accepts at most 2048. Shorten it or use --policy-arns.`,
    );
  }
  return minified;
}
