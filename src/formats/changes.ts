import type { SessionCredentials } from "../credentials/caller.js";
import { isoSeconds } from "../system/expiry.js";

/** One variable to set (value) or remove (null). Changes are an ordered list, so output is stable. */
export interface Change {
  key: string;
  value: string | null;
}

/** Variables that would make an SDK prefer a stale profile or token over the new keys. */
const STALE = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION"];

/**
 * AWSROLE_EXPIRES_EPOCH is the expiry again, in seconds since 1970: the wrappers of `awsrole init`
 * compare it with the shell's own clock at each prompt, with no process and no date parsing,
 * to renew the session before it ends (shell/refresh.*). They renew only while AWS_ACCESS_KEY_ID
 * is still AWSROLE_ACCESS_KEY_ID, the key awsrole set: keys set later by hand or by another tool
 * are not awsrole's to replace.
 */
const SESSION = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWSROLE_EXPIRES_EPOCH",
  "AWSROLE_PROFILE",
  "AWSROLE_ACCESS_KEY_ID",
];

const REGION = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/** The region of the environment, as the SDKs read it, for calls when no profile names one. */
export function envRegion(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
}

/**
 * The variable that sets STS's endpoint and its value, as the SDK picks it: AWS_ENDPOINT_URL_STS,
 * else AWS_ENDPOINT_URL, neither when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true (as
 * credentials/sso.ts reads it).
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function stsEndpointVariable(env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return undefined;
  for (const name of ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

/** The STS endpoint the SDK will call, as its rules pick it, for messages. */
export function stsEndpoint(env: NodeJS.ProcessEnv, region: string): string {
  return stsEndpointVariable(env)?.value ?? `https://sts.${region}.amazonaws.com`;
}

/**
 * The variables for a new session; the region pair only when a region is known. `renewable`
 * false (flags shaped the session that a renewal from the bare profile would not repeat) leaves
 * out AWSROLE_EXPIRES_EPOCH, so no prompt renews it.
 */
export function sessionChanges(
  credentials: SessionCredentials,
  label: string,
  region?: string,
  renewable = true,
): Change[] {
  const values = [
    credentials.accessKeyId,
    credentials.secretAccessKey,
    credentials.sessionToken,
    // ISO 8601 in UTC, the form botocore and the SDKs parse for AWS_CREDENTIAL_EXPIRATION;
    // removed when unknown (keys passed through as written).
    credentials.expiration && isoSeconds(credentials.expiration),
    renewable && credentials.expiration ? String(Math.floor(credentials.expiration.getTime() / 1000)) : undefined,
    label,
    credentials.accessKeyId,
  ];
  return [
    ...STALE.map((key) => ({ key, value: null })),
    ...SESSION.map((key, i) => ({ key, value: values[i] ?? null })),
    ...(region ? REGION.map((key) => ({ key, value: region })) : []),
  ];
}

/**
 * For `--write-profile NAME`: the keys live in the credentials file, so the shell points
 * AWS_PROFILE at it and drops any keys of its own that an SDK would prefer.
 */
export function profileChanges(name: string, label: string, region?: string): Change[] {
  return [
    ...[
      "AWS_DEFAULT_PROFILE",
      ...SESSION.slice(0, 5),
      "AWSROLE_ACCESS_KEY_ID",
      "AWS_SECURITY_TOKEN",
      "AWS_SESSION_EXPIRATION",
    ].map((key) => ({
      key,
      value: null,
    })),
    { key: "AWS_PROFILE", value: name },
    { key: "AWSROLE_PROFILE", value: label },
    ...(region ? REGION.map((key) => ({ key, value: region })) : []),
  ];
}

/**
 * What `--unset` clears. The region pair is cleared only while it still holds the region
 * awsrole set (`regionSet`), so a region the user exported themselves survives.
 */
export function unsetChanges(env: NodeJS.ProcessEnv, regionSet: string | undefined, profileWritten = false): Change[] {
  const region = regionSet !== undefined && env.AWS_REGION === regionSet ? REGION : [];
  const profile = profileWritten ? ["AWS_PROFILE"] : [];
  return [...SESSION, "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION", ...region, ...profile].map((key) => ({
    key,
    value: null,
  }));
}
