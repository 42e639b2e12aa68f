import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileOnPath } from "../aws-files/home.js";
import { writeAtomic } from "../system/atomic-write.js";
import { isoSeconds } from "../system/expiry.js";
import type { StsSession } from "./caller.js";
import { sha1Hex } from "./sha1.js";

/** An entry is used while at least this much of it remains (botocore's expiry window). */
export const MIN_REMAINING_MS = 15 * 60 * 1000;

/**
 * The AWS CLI's own cache directory, so `aws --profile X` and awsrole share sessions; none when
 * there is no usable home: then awsrole works uncached rather than writing secrets elsewhere.
 */
export const cacheDir = (home: string | undefined) =>
  home === undefined ? undefined : join(home, ".aws", "cli", "cache");

/**
 * Python's `json.dumps(value, sort_keys=True)`: ", " and ": " separators, non-ASCII escaped as
 * \uXXXX. botocore hashes this text, so the bytes must match for the keys to match. `sort`
 * false keeps the keys' order (a plain json.dumps); `compact` is separators=(",", ":").
 */
export function pythonJson(value: unknown, sort = true, compact = false): string {
  const [comma, colon] = compact ? [",", ":"] : [", ", ": "];
  if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v, sort, compact)).join(comma)}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (sort) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${pythonJson(k)}${colon}${pythonJson(v, sort, compact)}`).join(comma)}}`;
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * botocore's AssumeRoleCredentialFetcher._create_cache_key: SHA-1 of the sorted JSON of the
 * AssumeRole arguments, with RoleSessionName left out when it was generated and Policy parsed.
 */
export function cacheKey(args: Record<string, unknown>): string {
  const hashed = { ...args };
  if (typeof hashed.Policy === "string") hashed.Policy = JSON.parse(hashed.Policy);
  return sha1Hex(pythonJson(hashed));
}

/**
 * botocore's SSOCredentialFetcher._create_cache_key: the role credentials of an SSO profile are
 * cached (by the AWS CLI v2) under SHA-1 of the compact sorted JSON of account, role and the
 * session name, or the start URL for the legacy form.
 */
export function ssoCacheKey(config: { accountId: string; roleName: string; sessionName?: string; startUrl: string }) {
  const session =
    config.sessionName === undefined ? { startUrl: config.startUrl } : { sessionName: config.sessionName };
  return sha1Hex(pythonJson({ roleName: config.roleName, accountId: config.accountId, ...session }, true, true));
}

/** botocore's SSOTokenLoader file name: SHA-1 of the session name, or of the start URL (legacy form). */
export function ssoTokenPath(dir: string, config: { sessionName?: string; startUrl: string }): string {
  return join(dir, `${sha1Hex(config.sessionName ?? config.startUrl)}.json`);
}

/** Expiry as the CLI writes it (`Z`, `+00:00`) or as older tools did (` UTC`). */
export function parseExpiration(text: unknown): Date | undefined {
  if (typeof text !== "string") return undefined;
  const date = new Date(
    text
      .trim()
      .replace(/\s*UTC$/i, "Z")
      .replace(" ", "T"),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Why the cache folder cannot exist, when a part of its path is a file (`~/.aws` a file): that
 * part, named; undefined when no part is a file.
 */
export function notAFolder(dir: string): string | undefined {
  const file = fileOnPath(join(dir, "entry.json"));
  return file && `${file} is a file, not a folder, so sessions are not cached in ${dir}. Move the file away`;
}

export type CacheRead = { session: StsSession } | { problem: string } | undefined;

/** A usable entry, or why it was not used (a warning), or undefined when there is none. */
export function readCachedSession(dir: string, key: string, now: Date): CacheRead {
  let text: string;
  try {
    text = readFileSync(join(dir, `${key}.json`), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    return { problem: (code === "ENOTDIR" && notAFolder(dir)) || `cannot read cache entry ${key}.json (${code})` };
  }
  try {
    const entry = JSON.parse(text);
    const c = entry?.Credentials;
    const expiration = parseExpiration(c?.Expiration);
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !expiration) throw new Error("incomplete");
    if (expiration.getTime() - now.getTime() < MIN_REMAINING_MS) return undefined;
    return {
      session: {
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          expiration,
        },
        arn: entry.AssumedRoleUser?.Arn,
      },
    };
  } catch {
    return { problem: `cache entry ${key}.json is corrupt; replacing it` };
  }
}

/**
 * Writes the entry as botocore's JSONFileCache does (the AssumeRole response shape), 0600 in a
 * 0700 directory, through a temporary file and a rename: a reader, or a second awsrole writing
 * at the same moment, sees a whole old entry or a whole new one.
 */
export function writeCachedSession(dir: string, key: string, session: StsSession, ssoAccountId?: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const c = session.credentials;
  const credentials = {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: isoSeconds(c.expiration as Date, "+00:00"),
  };
  // An SSO entry in SSOCredentialFetcher's shape: its provider type, the expiry with Z, the account.
  const entry =
    ssoAccountId === undefined
      ? { Credentials: credentials, ...(session.arn ? { AssumedRoleUser: { Arn: session.arn } } : {}) }
      : {
          ProviderType: "sso",
          Credentials: {
            ...credentials,
            Expiration: credentials.Expiration.replace("+00:00", "Z"),
            AccountId: ssoAccountId,
          },
        };
  writeAtomic(join(dir, `${key}.json`), JSON.stringify(entry), 0o600);
}
