import { metadataOwner, type Plan, type Source } from "../plan/plan.js";
import { CallError, isAwsroleError, oneLine, shown, UsageError } from "../system/errors.js";
import type { Secrets } from "../system/secrets.js";
import { cacheKey, notAFolder, readCachedSession, ssoCacheKey, writeCachedSession } from "./cache.js";
import type { Credentials, SdkSource, StsCaller, StsSession } from "./caller.js";
import { isStsFailure, notStsAnswer, ONE_HOUR } from "./caller.js";
import type { TokenCodes } from "./mfa.js";
import { describeTokenSource, type TokenDeps, webIdentityToken } from "./web-identity.js";

export interface AssumeDeps extends TokenDeps {
  /** Loads the SDK on first use only. */
  sts: () => Promise<StsCaller>;
  codes: TokenCodes;
  /** Region for the STS call when the plan names none. */
  defaultRegion: string;
  /** The STS endpoint as the SDK will call it, for messages. */
  endpoint: (region: string) => string;
  /**
   * The session cache: `--no-cache` neither reads nor writes it; `--refresh` replaces the
   * session asked for, while the MFA session and chained hops under it stay in use. No folder:
   * no cache (there is no usable home).
   */
  cache: { dir?: string; use: boolean; refresh: boolean };
  /** Length of the MFA session (GetSessionToken) that role sessions are assumed with. */
  mfaSessionSeconds: number;
  runCredentialProcess: (command: string, where: string) => string;
  /** ~/.aws/sso/cache: the SSO tokens the AWS CLI and `awsrole login` write. */
  ssoTokenDir: string;
  now: () => Date;
  warn: (message: string) => void;
}

/** Every credential awsrole holds joins the redaction set the moment it exists. */
function keep(session: StsSession, deps: AssumeDeps): StsSession {
  deps.secrets.add(session.credentials.secretAccessKey).add(session.credentials.sessionToken);
  return session;
}

/**
 * Runs a plan: a cached session while 15 minutes of it remain, else the call. Source
 * credentials come first (recursing for role chains, so every hop is cached).
 */
export async function runPlan(plan: Plan, deps: AssumeDeps, top = true): Promise<StsSession> {
  const refresh = top && deps.cache.refresh;
  if (plan.action === "GetRoleCredentials" && plan.source.kind === "sso") {
    return ssoSession(plan.source, deps, refresh);
  }
  if (plan.action === "GetSessionToken") return ownSession(plan, deps, refresh);
  if (plan.action === "AssumeRoleWithWebIdentity") {
    // A CI's token is new on every run and names the run: its session is not cached. A token
    // file (EKS) is refreshed in place, and its session is cached like any role's.
    const fromFile = plan.source.kind === "token" && plan.source.token.from === "file";
    return fromFile
      ? cached(roleSessionKey(plan), deps, refresh, () => webIdentitySession(plan, deps))
      : keep(await webIdentitySession(plan, deps), deps);
  }
  return cached(roleSessionKey(plan), deps, refresh, async () => {
    const serial = plan.mfaSerial;
    // MFA once per source identity: a role session of at most an hour is assumed with a cached
    // MFA session of the IAM user, so the next role of that user needs no code. Longer ones send
    // the code with AssumeRole itself (README, MFA: AWS holds a role assumed with session
    // credentials to an hour, as aws-vault documents too).
    if (serial && plan.durationSeconds <= ONE_HOUR && plan.source.kind === "static" && !plan.source.sessionToken) {
      const keys = await sourceCredentials(plan.source, deps);
      const mfa = await userSession(plan, keys, serial, deps.mfaSessionSeconds, deps);
      return assumeRole(plan, mfa.credentials, {}, deps);
    }
    const credentials = await sourceCredentials(plan.source, deps);
    if (!serial) return assumeRole(plan, credentials, {}, deps);
    return withCode(plan, serial, deps, (code) =>
      assumeRole(plan, credentials, { SerialNumber: serial, TokenCode: code }, deps),
    );
  });
}

/**
 * The AssumeRole arguments botocore hashes for its cache key: the ones a profile sets (a
 * generated session name and the default duration are left out), plus the arguments the AWS CLI
 * never sends from a profile (policies, tags, source identity), so those entries never collide.
 */
function roleCacheArgs(plan: Plan): Record<string, unknown> {
  return {
    RoleArn: plan.roleArn,
    RoleSessionName: plan.explicit.roleSessionName ? plan.roleSessionName : undefined,
    ExternalId: plan.externalId,
    SerialNumber: plan.mfaSerial,
    DurationSeconds: plan.explicit.durationSeconds ? plan.durationSeconds : undefined,
    Policy: plan.policy,
    PolicyArns: plan.policyArns.length ? plan.policyArns.map((arn) => ({ arn })) : undefined,
    SourceIdentity: plan.sourceIdentity,
    Tags: plan.tags.length ? plan.tags : undefined,
  };
}

/**
 * Where the session a plan produces is cached (`awsrole list` shows its time left); undefined
 * where that is known only by running the source (a credential_process's keys) or nothing is
 * cached (keys that are already a session).
 */
export function sessionCacheKey(plan: Plan): string | undefined {
  const { source } = plan;
  if (source.kind === "sso" && plan.action === "GetRoleCredentials") return ssoCacheKey(source.config);
  if (plan.action !== "GetSessionToken") return roleSessionKey(plan);
  // A profile's own credentials (ownSession).
  switch (source.kind) {
    case "static":
      return source.sessionToken ? undefined : userSessionKey(source.accessKeyId, plan.mfaSerial, plan.durationSeconds);
    case "process":
      // Its keys are known only once it has answered.
      return undefined;
    case "sso":
    case "token":
    case "role":
    case "metadata":
      // Never the source of a GetSessionToken plan (plan/resolve.ts, ownPlan).
      return undefined;
  }
}

function roleSessionKey(plan: Plan): string {
  if (plan.action !== "AssumeRoleWithWebIdentity") return cacheKey(roleCacheArgs(plan));
  // Never the token (a secret, and new on every CI run): the role, the name and where the token comes from.
  const token = plan.source.kind === "token" ? plan.source.token : undefined;
  const from = token?.from === "file" ? token.path : (token?.from ?? "");
  return cacheKey({ awsrole: "AssumeRoleWithWebIdentity", ...roleCacheArgs(plan), TokenFrom: from });
}

/** A GetSessionToken session's key: a shape botocore never hashes, so it cannot collide with the CLI's. */
const userSessionKey = (accessKeyId: string, serial: string | undefined, seconds: number) =>
  cacheKey({ awsrole: "GetSessionToken", AccessKeyId: accessKeyId, SerialNumber: serial, DurationSeconds: seconds });

async function cached(
  key: string,
  deps: AssumeDeps,
  refresh: boolean,
  call: () => Promise<StsSession>,
  ssoAccountId?: string,
): Promise<StsSession> {
  const dir = deps.cache.use ? deps.cache.dir : undefined;
  let warned: string | undefined;
  if (dir && !refresh) {
    const hit = readCachedSession(dir, key, deps.now());
    if (hit && "session" in hit) return keep(hit.session, deps);
    if (hit) {
      warned = hit.problem;
      deps.warn(`${hit.problem}.`);
    }
  }
  const session = keep(await call(), deps);
  if (dir) {
    try {
      writeCachedSession(dir, key, session, ssoAccountId);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const problem = (code === "ENOTDIR" && notAFolder(dir)) || undefined;
      // A file where a folder must be was said when the entry was looked for: once is enough.
      if (problem === undefined || problem !== warned)
        deps.warn(
          problem ? `${problem}.` : `could not write the session cache in ${dir} (${code}); continuing without it.`,
        );
    }
  }
  return session;
}

/**
 * An SSO profile's role credentials, cached where the AWS CLI v2 caches them (its JSONFileCache
 * in ~/.aws/cli/cache, botocore's SSO key), so that each uses the other's. sso.ts (the token
 * cache, the refresh, the portal) is loaded only when the call must be made.
 */
function ssoSession(source: Extract<Source, { kind: "sso" }>, deps: AssumeDeps, refresh: boolean): Promise<StsSession> {
  const { config } = source;
  return cached(
    ssoCacheKey(config),
    deps,
    refresh,
    async () => {
      const sso = await import("./sso.js");
      const credentials = await sso.roleCredentials(config, { ...deps, loginProfile: source.profile });
      return { credentials };
    },
    config.accountId,
  );
}

/**
 * A profile's own credentials, for a profile without role_arn (the one place that decides what
 * such a profile exports, whatever its source). Long-term keys are never handed out: as aws-vault
 * does, awsrole exports a GetSessionToken session made from them (with the MFA code when the
 * profile has mfa_serial), so a leaked environment holds nothing that lasts. Credentials that are
 * already a session (keys with a token, a credential_process's session, SSO's role credentials)
 * pass through as they are: STS refuses GetSessionToken for them.
 */
async function ownSession(plan: Plan, deps: AssumeDeps, refresh: boolean): Promise<StsSession> {
  const credentials = await sourceCredentials(plan.source, deps);
  const { sessionToken } = credentials;
  if (sessionToken !== undefined && plan.sessionOnlyFlag !== undefined) {
    throw new UsageError(
      `profile ${shown(plan.label)}'s credential_process gives a session (SessionToken), exported as it is: --${plan.sessionOnlyFlag} has nothing to apply to. Drop --${plan.sessionOnlyFlag}.`,
    );
  }
  if (sessionToken !== undefined) return { credentials: { ...credentials, sessionToken } };
  return userSession(plan, credentials, plan.mfaSerial, plan.durationSeconds, deps, refresh);
}

/**
 * GetSessionToken with an IAM user's long-term keys, and the MFA code when `serial` is set (the
 * MFA session roles are assumed with), cached under a key the AWS CLI never uses.
 */
function userSession(
  plan: Plan,
  keys: Credentials,
  serial: string | undefined,
  seconds: number,
  deps: AssumeDeps,
  refresh = false,
): Promise<StsSession> {
  const call = async (code?: string) => {
    const sts = await deps.sts();
    const input = serial
      ? { DurationSeconds: seconds, SerialNumber: serial, TokenCode: code }
      : { DurationSeconds: seconds };
    const region = plan.region ?? deps.defaultRegion;
    try {
      return await deps.deadline.run(`STS at ${deps.endpoint(region)}`, (signal) =>
        sts.getSessionToken(keys, region, input, signal),
      );
    } catch (error) {
      throw explain(error, { ...plan, action: "GetSessionToken" }, deps.endpoint(region), deps.secrets);
    }
  };
  return cached(userSessionKey(keys.accessKeyId, serial, seconds), deps, refresh, () =>
    serial ? withCode(plan, serial, deps, call) : call(),
  );
}

/** Gets a code and makes the call; a code STS rejects is asked for once more, at the prompt only. */
async function withCode<T>(
  plan: Plan,
  serial: string,
  deps: AssumeDeps,
  call: (code: string) => Promise<T>,
): Promise<T> {
  const code = await deps.codes.code(serial, plan.label, plan.mfaProcess);
  try {
    return await call(code);
  } catch (error) {
    const again = isMfaRejection(error) ? deps.codes.retry(serial, plan.label) : undefined;
    if (!again) throw error;
    return call(await again);
  }
}

async function assumeRole(
  plan: Plan,
  credentials: Credentials,
  mfa: { SerialNumber?: string; TokenCode?: string },
  deps: AssumeDeps,
): Promise<StsSession> {
  const sts = await deps.sts();
  const region = plan.region ?? deps.defaultRegion;
  const input = {
    RoleArn: plan.roleArn as string,
    RoleSessionName: plan.roleSessionName,
    DurationSeconds: plan.durationSeconds,
    ExternalId: plan.externalId,
    ...mfa,
    Policy: plan.policy,
    PolicyArns: plan.policyArns.length ? plan.policyArns.map((arn) => ({ arn })) : undefined,
    SourceIdentity: plan.sourceIdentity,
    Tags: plan.tags.length ? plan.tags : undefined,
  };
  try {
    return await deps.deadline.run(`STS at ${deps.endpoint(region)}`, (signal) =>
      sts.assumeRole(credentials, region, input, signal),
    );
  } catch (error) {
    throw explain(error, plan, deps.endpoint(region), deps.secrets);
  }
}

/** AssumeRoleWithWebIdentity: the token is the only credential, and a secret like the others. */
async function webIdentitySession(plan: Plan, deps: AssumeDeps): Promise<StsSession> {
  if (plan.source.kind !== "token") throw new Error("a web identity plan needs a token source");
  const token = await webIdentityToken(plan.source.token, deps);
  deps.secrets.add(token);
  const sts = await deps.sts();
  const region = plan.region ?? deps.defaultRegion;
  const input = {
    RoleArn: plan.roleArn as string,
    RoleSessionName: plan.roleSessionName,
    WebIdentityToken: token,
    DurationSeconds: plan.durationSeconds,
    Policy: plan.policy,
    PolicyArns: plan.policyArns.length ? plan.policyArns.map((arn) => ({ arn })) : undefined,
  };
  try {
    return await deps.deadline.run(`STS at ${deps.endpoint(region)}`, (signal) =>
      sts.assumeRoleWithWebIdentity(region, input, signal),
    );
  } catch (error) {
    throw explain(error, plan, deps.endpoint(region), deps.secrets);
  }
}

async function sourceCredentials(source: Source, deps: AssumeDeps): Promise<Credentials> {
  switch (source.kind) {
    case "static": {
      const { accessKeyId, secretAccessKey, sessionToken } = source;
      return { accessKeyId, secretAccessKey, sessionToken };
    }
    case "role":
      return (await runPlan(source.plan, deps, false)).credentials;
    case "sso":
      return (await ssoSession(source, deps, false)).credentials;
    case "process":
      return processCredentials(source, deps);
    case "token":
      throw new Error("a token is no source of an AssumeRole plan");
    case "metadata":
      return metadataCredentials(source, deps);
  }
}

/** The container's or the instance's credentials, through the SDK's providers (sts.ts). */
async function metadataCredentials(
  source: Extract<Source, { kind: "metadata" }>,
  deps: AssumeDeps,
): Promise<Credentials> {
  const sdkSource: SdkSource = { kind: "metadata", name: source.name };
  try {
    const sts = await deps.sts();
    const credentials = await deps.deadline.run(describeSource(source), (signal) =>
      sts.sourceCredentials(sdkSource, signal),
    );
    deps.secrets.add(credentials.secretAccessKey).add(credentials.sessionToken);
    return credentials;
  } catch (error) {
    if (isAwsroleError(error)) throw error;
    throw new CallError(
      `could not get the source credentials of ${describeSource(source)}: ${oneLine((error as Error).message)}.`,
    );
  }
}

/**
 * botocore's ProcessProvider: the command split as Python's shlex.split splits it and run with
 * no shell; its stdout is the credential_process JSON, Version 1.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
 */
function processCredentials(source: Extract<Source, { kind: "process" }>, deps: AssumeDeps): Credentials {
  const where = `credential_process of profile ${JSON.stringify(source.profile)} (${source.file})`;
  const out = deps.runCredentialProcess(source.command, where);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new CallError(`${where} printed no JSON. Run the command yourself to see what it prints.`);
  }
  if (parsed?.Version !== 1) {
    throw new CallError(`${where} printed Version ${JSON.stringify(parsed?.Version)}; only Version 1 is defined.`);
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = parsed;
  if (typeof AccessKeyId !== "string" || typeof SecretAccessKey !== "string") {
    throw new CallError(`${where} printed no AccessKeyId and SecretAccessKey.`);
  }
  deps.secrets.add(SecretAccessKey);
  if (typeof SessionToken === "string") deps.secrets.add(SessionToken);
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: typeof SessionToken === "string" ? SessionToken : undefined,
    expiration: typeof Expiration === "string" ? new Date(Expiration) : undefined,
  };
}

/** Names the source credentials as a user would look for them. */
function describeSource(source: Source): string {
  switch (source.kind) {
    case "static":
      return source.from === "environment"
        ? "the keys in the environment (AWS_ACCESS_KEY_ID)"
        : `profile ${JSON.stringify(source.profile)} (keys from ${source.file})`;
    case "process":
    case "sso":
      return `profile ${JSON.stringify(source.profile)} (${source.kind === "sso" ? "SSO" : "credential_process"} in ${source.file})`;
    case "role":
      return `the session of ${source.plan.action === "AssumeRoleWithWebIdentity" ? "web identity profile" : "profile"} ${JSON.stringify(source.plan.label)}`;
    case "metadata":
      return `${source.name} credentials of ${source.from === "profile" ? `profile ${JSON.stringify(source.profile)}` : metadataOwner(source)}`;
    case "token":
      return describeTokenSource(source.token);
  }
}

const REJECTED_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
]);

/**
 * One line per failure, saying what happened and what to do; STS's own text only where it helps,
 * redacted before it is cut (an endpoint may echo the request, with its token).
 */
function explain(error: unknown, plan: Plan, endpoint: string, secrets: Secrets): Error {
  if (!isStsFailure(error)) return error as Error;
  const action =
    plan.action === "GetSessionToken" ? `GetSessionToken for ${plan.label}` : `${plan.action} of ${plan.roleArn}`;
  const source = describeSource(plan.source);
  if (isMfaRejection(error)) {
    const rejected = new CallError(
      `STS rejected the MFA code for ${plan.mfaSerial}. Wait for the next code and try again.`,
    );
    return Object.assign(rejected, { mfaRejected: true });
  }
  if (
    plan.action === "AssumeRoleWithWebIdentity" &&
    /InvalidIdentityToken|IDPRejectedClaim|AccessDenied|ExpiredToken/.test(error.code)
  ) {
    return new CallError(
      `STS refused ${action} with ${source} (${error.code}: ${secrets.excerpt(oneLine(error.message), 300)}). Check that the role's trust policy names this CI's OIDC provider, the audience (aud) and the subject (sub) of this job.`,
    );
  }
  if (error.code === "AccessDenied") {
    const mfaHint = plan.mfaSerial ? "" : " and, if it requires MFA, set mfa_serial (or --serial-number)";
    return new CallError(
      `STS denied ${action} to ${source}: ${oneLine(error.message)}. Check the role's trust policy and the caller's sts:AssumeRole permission${mfaHint}.`,
    );
  }
  if (REJECTED_CREDENTIALS.has(error.code)) {
    const what = error.code.startsWith("Expired") ? "have expired" : "were rejected as invalid";
    return new CallError(`the credentials of ${source} ${what} (${error.code}). Renew or correct them there.`);
  }
  if (error.code === "NotStsResponse") return new CallError(notStsAnswer(`STS at ${endpoint}`, error));
  if (error.network) {
    return new CallError(
      `could not reach STS at ${endpoint} (${error.errno ?? error.code}: ${secrets.excerpt(oneLine(error.message), 200)}). Check the network, or AWS_ENDPOINT_URL_STS if it is set.`,
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(error.code)) {
    return new CallError(`STS is throttling requests (${error.code}) even after retries. Wait a minute and try again.`);
  }
  return new CallError(`${action} failed: ${error.code}: ${secrets.excerpt(oneLine(error.message), 300)}.`);
}

function isMfaRejection(error: unknown): boolean {
  const e = error as { code?: string; message?: string; mfaRejected?: boolean };
  return (
    e.mfaRejected === true ||
    (isStsFailure(error) &&
      e.code === "AccessDenied" &&
      /MultiFactorAuthentication|one time pass code/i.test(e.message ?? ""))
  );
}
