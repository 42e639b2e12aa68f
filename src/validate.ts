import { shown, UsageError } from "./errors.js";

// Input rules from the STS API reference (AssumeRole, GetSessionToken request parameters):
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// Checking them here means a typo costs no network call and gets a message naming the value.

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
// A bare number is seconds; after a unit every number has its own (`5h30` is not 5 h 30 s).
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$|^(\d+)$/;

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

export const region = (v: string) => check(v, REGION, "region", "expected a region name such as ap-northeast-1");

/**
 * AWS_ENDPOINT_URL_STS (else AWS_ENDPOINT_URL), when set, must be an http(s) URL: `127.0.0.1:5055`
 * would otherwise fail as a network fault, exit 1, when it is a configuration error.
 */
export function stsEndpointVariables(env: NodeJS.ProcessEnv): void {
  const name = env.AWS_ENDPOINT_URL_STS
    ? "AWS_ENDPOINT_URL_STS"
    : env.AWS_ENDPOINT_URL
      ? "AWS_ENDPOINT_URL"
      : undefined;
  const value = name && (env[name] as string);
  if (name && value && !/^https?:\/\/[^/?#\s]+/i.test(value))
    throw new UsageError(
      `${name} ${shown(value)} is not an http(s) URL: write it as http://HOST:PORT or https://HOST. Fix it or unset it.`,
    );
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

/** Seconds, or h/m/s units: `900`, `15m`, `1h`, `1h30m`, `12h`, `900s`. */
export function duration(v: string, min: number, max: number): number {
  const m = DURATION.exec(v.trim());
  const seconds =
    m && v.trim() !== ""
      ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0)
      : Number.NaN;
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
