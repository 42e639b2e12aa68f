import type { Credentials, SessionCredentials } from "../credentials/caller.js";
import { ConfigError, shown, UsageError } from "../system/errors.js";
import { isoSeconds } from "../system/expiry.js";
import { type IniFile, type IniSection, type IniValue, parseIni, sectionValues } from "./ini.js";

/**
 * The key that marks a profile awsrole wrote, with or without an expiry: `status` and `--unset`
 * know the session AWS_PROFILE names by it. (x_security_token_expires is no mark: saml2aws and
 * gimme-aws-creds write it too, and a session whose expiry is unknown has none.)
 */
const WRITTEN_MARK = "x_awsrole_session";

/** The keys of a session awsrole writes and reads back (sessionKeys, writtenSession), each named here once. */
const SESSION_KEYS = {
  accessKeyId: "aws_access_key_id",
  secretAccessKey: "aws_secret_access_key",
  sessionToken: "aws_session_token",
  expiration: "x_security_token_expires",
} as const;

/**
 * The keys awsrole owns in a profile it writes; every other line of the section stays.
 * aws_security_token is only removed: botocore reads it before aws_session_token, so an old one
 * left beside the new session's token would be used in its place.
 */
const MANAGED: string[] = [...Object.values(SESSION_KEYS), WRITTEN_MARK, "aws_security_token"];

/** The lines awsrole writes for a session (x_security_token_expires only when the expiry is known). */
export function sessionKeys(credentials: SessionCredentials): Record<string, string> {
  return {
    [SESSION_KEYS.accessKeyId]: credentials.accessKeyId,
    [SESSION_KEYS.secretAccessKey]: credentials.secretAccessKey,
    [SESSION_KEYS.sessionToken]: credentials.sessionToken,
    ...(credentials.expiration ? { [SESSION_KEYS.expiration]: isoSeconds(credentials.expiration) } : {}),
    [WRITTEN_MARK]: "true",
  };
}

/** Whether awsrole wrote this credentials-file section (--write-profile): it holds awsrole's mark. */
export function wroteSection(values: Record<string, IniValue> | undefined): boolean {
  return values?.[WRITTEN_MARK] !== undefined;
}

/** A session awsrole wrote with --write-profile, read back from its section. */
export interface WrittenSession {
  credentials: Credentials;
  expiration?: string;
}

/** The session in a section awsrole wrote (sessionKeys read back); undefined unless it wrote it, with both keys. */
export function writtenSession(values: Record<string, IniValue> | undefined): WrittenSession | undefined {
  const text = (key: string) => (typeof values?.[key] === "string" ? (values[key] as string) : undefined);
  const accessKeyId = text(SESSION_KEYS.accessKeyId);
  const secretAccessKey = text(SESSION_KEYS.secretAccessKey);
  if (!accessKeyId || !secretAccessKey || !wroteSection(values)) return undefined;
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken: text(SESSION_KEYS.sessionToken) },
    expiration: text(SESSION_KEYS.expiration),
  };
}

/** Python's truth of a value: botocore tests keys with `if value`, so "" is no value. */
const truthy = (value: IniValue | undefined) =>
  typeof value === "string" ? value !== "" : value !== undefined && Object.keys(value).length > 0;

/**
 * Whether a credentials-file section holds long-term keys, as botocore's SharedCredentialProvider
 * reads it: keys whose token (aws_security_token, else aws_session_token) is absent or empty —
 * `aws configure set aws_session_token ""` leaves `aws_session_token =` beside long-term keys,
 * and botocore then signs without a token. Half a pair counts too (botocore refuses it as
 * partial credentials): the other half may be under a misspelt key, and is not awsrole's to drop.
 */
function holdsLongTermKeys(section: Record<string, IniValue>): boolean {
  if (!("aws_access_key_id" in section) && !("aws_secret_access_key" in section)) return false;
  const token = "aws_security_token" in section ? section.aws_security_token : section.aws_session_token;
  return !truthy(token);
}

/**
 * Why the AWS CLI would not use keys written in the credentials file for this profile (as it
 * merges the profile from both files), in an environment that names it with AWS_PROFILE:
 * botocore's credential chain tries the environment's keys, then assume-role (role_arn, unless
 * web_identity_token_file is set), web identity (a non-empty token file: AWS_WEB_IDENTITY_TOKEN_FILE,
 * even empty, over the profile's web_identity_token_file) and SSO (sso_account_id or
 * sso_role_name) — each before the shared credentials file, and each either wins or fails. The
 * key or variable that decides, or undefined. (The keys' own variables are not asked: awsrole's
 * output unsets them.)
 */
export function keyBeforeCredentials(
  profile: Record<string, IniValue>,
  env: NodeJS.ProcessEnv = {},
): string | undefined {
  if ("role_arn" in profile && !("web_identity_token_file" in profile)) return "role_arn";
  const fromEnv = "AWS_WEB_IDENTITY_TOKEN_FILE" in env;
  if (truthy(fromEnv ? env.AWS_WEB_IDENTITY_TOKEN_FILE : profile.web_identity_token_file))
    return fromEnv ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file";
  return ["sso_account_id", "sso_role_name"].find((key) => key in profile);
}

/**
 * The profile as the AWS CLI would merge it once `written` is the credentials file: the config
 * file's keys, then the section's (botocore's Session.full_config).
 */
export function profileAfterWrite(
  profile: { inConfig?: Record<string, IniValue> } | undefined,
  path: string,
  written: string,
  name: string,
): Record<string, IniValue> {
  const file = parseIni(path, written);
  return {
    ...profile?.inConfig,
    ...sectionValues(
      file,
      file.sections.find((s) => s.name === name),
    ),
  };
}

/**
 * The credentials file with `[name]` holding these keys, every byte outside awsrole's key lines
 * as it was. Built on the reader's own sections (ini.ts), and checked by reading the result
 * back: the section must hold exactly these keys plus its other ones, and every other section
 * and [DEFAULT] must read as before — so awsrole never writes a file the AWS CLI reads otherwise.
 * A file the CLI cannot read is not written at all; a section with long-term keys (in any
 * letter case: the reader lower-cases them) is never overwritten.
 */
export function replaceSection(path: string, text: string, name: string, values: Record<string, string>): string {
  const before = parseIni(path, text);
  if (before.defaults.some((o) => o.key === "aws_security_token")) {
    throw new UsageError(
      `[DEFAULT] in ${path} sets aws_security_token, which the AWS CLI would use in [${name}] in place of the session's token. Remove it from [DEFAULT].`,
    );
  }
  const keyLines = (indent: string) =>
    MANAGED.filter((k) => values[k] !== undefined).map((k) => `${indent}${k} = ${values[k]}${before.eol}`);
  const section = before.sections.find((s) => s.name === name);
  let out: string;
  if (!section) {
    const separator = text === "" ? "" : /[\r\n]$/.test(text) ? before.eol : before.eol + before.eol;
    out = `${text}${separator}[${name}]${before.eol}${keyLines("").join("")}`;
  } else {
    // As botocore reads the section: [DEFAULT]'s keys are in it too.
    if (holdsLongTermKeys(sectionValues(before, section))) {
      throw new UsageError(
        `[${name}] in ${path} holds long-term keys (no session token, or an empty one); awsrole will not overwrite them. Choose another --write-profile name.`,
      );
    }
    out = rewriteSection(before, section, keyLines);
  }
  verify(before, parseIniOrRefuse(path, out, name), name, values);
  return out;
}

/** The section with its managed key lines (and their continuation lines) removed and the new ones after the header. */
function rewriteSection(file: IniFile, section: IniSection, keyLines: (indent: string) => string[]): string {
  const { text } = file;
  const dropped = section.options.filter((o) => MANAGED.includes(o.key)).flatMap((o) => o.lines);
  const kept = section.options.filter((o) => !MANAGED.includes(o.key));
  // The first key line left sets how deep the section's keys are indented; the new lines take the
  // same indent, so that one indented deeper than them is never read as their continuation.
  const first = kept[0]?.lines[0];
  const indent = first ? (/^[ \t]*/.exec(text.slice(first.start, first.end))?.[0] ?? "") : "";
  let body = "";
  let at = section.headerEnd;
  for (const line of dropped.sort((a, b) => a.start - b.start)) {
    body += text.slice(at, line.start);
    at = line.end;
  }
  body += text.slice(at, section.end);
  const header = text.slice(section.headerStart, section.headerEnd);
  const headerBreak = /[\r\n]$/.test(header) ? "" : file.eol;
  return (
    text.slice(0, section.headerStart) +
    header +
    headerBreak +
    keyLines(indent).join("") +
    body +
    text.slice(section.end)
  );
}

function parseIniOrRefuse(path: string, text: string, name: string): IniFile {
  try {
    return parseIni(path, text);
  } catch {
    throw refuse(name);
  }
}

const refuse = (name: string) =>
  new ConfigError(
    `--write-profile ${shown(name)} cannot be written so that the AWS CLI reads it back as that profile. Choose a name without line breaks, other than DEFAULT.`,
  );

/** The written file must read as the old one with only `[name]`'s managed keys changed. */
function verify(before: IniFile, after: IniFile, name: string, values: Record<string, string>): void {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const read = (file: IniFile) => new Map(file.sections.map((s) => [s.name, sectionValues(file, s)] as const));
  const old = read(before);
  const now = read(after);
  if (!same(sectionValues(before, undefined), sectionValues(after, undefined))) throw refuse(name);
  for (const [section, valuesBefore] of old)
    if (section !== name && !same(valuesBefore, now.get(section))) throw refuse(name);
  const target = now.get(name);
  if (!target || now.size !== old.size + (old.has(name) ? 0 : 1)) throw refuse(name);
  const expected: Record<string, unknown> = { ...(old.get(name) ?? sectionValues(before, undefined)) };
  for (const key of MANAGED) delete expected[key];
  for (const key of MANAGED) if (values[key] !== undefined) expected[key] = values[key];
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (!same(sorted(expected), sorted(target))) throw refuse(name);
}
