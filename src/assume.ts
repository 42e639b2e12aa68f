import { cacheKey, readCachedSession, writeCachedSession } from "./cache.js";
import type { Credentials, SdkSource, StsCaller, StsSession } from "./caller.js";
import { isStsFailure } from "./caller.js";
import { CallError, UsageError } from "./errors.js";
import type { TokenCodes } from "./mfa.js";
import type { Plan, Source } from "./resolve.js";

export interface AssumeDeps {
  /** Loads the SDK on first use only. */
  sts: () => Promise<StsCaller>;
  codes: TokenCodes;
  /** Region for the STS call when the plan names none. */
  defaultRegion: string;
  configPath: string;
  credentialsPath: string;
  /**
   * The session cache: `--no-cache` neither reads nor writes it; `--refresh` replaces the
   * session asked for, while the MFA session and chained hops under it stay in use.
   */
  cache: { dir: string; use: boolean; refresh: boolean };
  /** Length of the MFA session (GetSessionToken) that role sessions are assumed with. */
  mfaSessionSeconds: number;
  now: () => Date;
  warn: (message: string) => void;
}

/**
 * Runs a plan: a cached session while 15 minutes of it remain, else the call. Source
 * credentials come first (recursing for role chains, so every hop is cached).
 */
export async function runPlan(plan: Plan, deps: AssumeDeps, top = true): Promise<StsSession> {
  const refresh = top && deps.cache.refresh;
  if (plan.action === "GetSessionToken") {
    return mfaSession(plan, plan.source, plan.mfaSerial as string, plan.durationSeconds, deps, refresh);
  }
  return cached(sessionCacheKey(plan), deps, refresh, async () => {
    const serial = plan.mfaSerial;
    // MFA once per source identity: a role session of at most an hour is assumed with a cached
    // MFA session of the IAM user, so the next role of that user needs no code. Longer ones send
    // the code with AssumeRole itself (DESIGN.md, MFA: a role assumed with session credentials is
    // held to an hour, as aws-vault documents too).
    if (serial && plan.durationSeconds <= ONE_HOUR && plan.source.kind === "static" && !plan.source.sessionToken) {
      const mfa = await mfaSession(plan, plan.source, serial, deps.mfaSessionSeconds, deps);
      return assumeRole(plan, mfa.credentials, {}, deps);
    }
    const credentials = await sourceCredentials(plan.source, deps);
    if (!serial) return assumeRole(plan, credentials, {}, deps);
    return withCode(plan, serial, deps, (code) =>
      assumeRole(plan, credentials, { SerialNumber: serial, TokenCode: code }, deps),
    );
  });
}

const ONE_HOUR = 3600;

/**
 * The AssumeRole arguments botocore hashes for its cache key: the ones a profile sets (a
 * generated session name and the default duration are left out), plus the arguments the AWS CLI
 * never sends from a profile (policies, tags, source identity), so those entries never collide.
 */
export function roleCacheArgs(plan: Plan): Record<string, unknown> {
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

/** Where the session a plan produces is cached (`awsrole list` shows its time left). */
export function sessionCacheKey(plan: Plan): string {
  if (plan.action === "AssumeRole") return cacheKey(roleCacheArgs(plan));
  const accessKeyId = plan.source.kind === "static" ? plan.source.accessKeyId : "";
  return mfaSessionKey(accessKeyId, plan.mfaSerial as string, plan.durationSeconds);
}

/** An MFA session's key: a shape botocore never hashes, so it cannot collide with the CLI's. */
const mfaSessionKey = (accessKeyId: string, serial: string, seconds: number) =>
  cacheKey({ awsrole: "GetSessionToken", AccessKeyId: accessKeyId, SerialNumber: serial, DurationSeconds: seconds });

async function cached(
  key: string,
  deps: AssumeDeps,
  refresh: boolean,
  call: () => Promise<StsSession>,
): Promise<StsSession> {
  if (deps.cache.use && !refresh) {
    const hit = readCachedSession(deps.cache.dir, key, deps.now());
    if (hit && "session" in hit) return hit.session;
    if (hit) deps.warn(`${hit.problem}.`);
  }
  const session = await call();
  if (deps.cache.use) {
    try {
      writeCachedSession(deps.cache.dir, key, session);
    } catch (error) {
      deps.warn(
        `could not write the session cache in ${deps.cache.dir} (${(error as NodeJS.ErrnoException).code}); continuing without it.`,
      );
    }
  }
  return session;
}

/** The IAM user's MFA session (GetSessionToken), cached under a key the AWS CLI never uses. */
function mfaSession(
  plan: Plan,
  source: Source,
  serial: string,
  seconds: number,
  deps: AssumeDeps,
  refresh = false,
): Promise<StsSession> {
  if (source.kind !== "static") {
    throw new UsageError(`an MFA session needs an IAM user's own keys, but ${describeSource(source)} has none.`);
  }
  return cached(mfaSessionKey(source.accessKeyId, serial, seconds), deps, refresh, () =>
    withCode(plan, serial, deps, async (code) => {
      const sts = await deps.sts();
      const input = { DurationSeconds: seconds, SerialNumber: serial, TokenCode: code };
      try {
        return await sts.getSessionToken(
          await sourceCredentials(source, deps),
          plan.region ?? deps.defaultRegion,
          input,
        );
      } catch (error) {
        throw explain(error, { ...plan, action: "GetSessionToken", source });
      }
    }),
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
  try {
    return await sts.assumeRole(credentials, plan.region ?? deps.defaultRegion, {
      RoleArn: plan.roleArn as string,
      RoleSessionName: plan.roleSessionName,
      DurationSeconds: plan.durationSeconds,
      ExternalId: plan.externalId,
      ...mfa,
      Policy: plan.policy,
      PolicyArns: plan.policyArns.length ? plan.policyArns.map((arn) => ({ arn })) : undefined,
      SourceIdentity: plan.sourceIdentity,
      Tags: plan.tags.length ? plan.tags : undefined,
    });
  } catch (error) {
    throw explain(error, plan);
  }
}

async function sourceCredentials(source: Source, deps: AssumeDeps): Promise<Credentials> {
  if (source.kind === "static") {
    const { accessKeyId, secretAccessKey, sessionToken } = source;
    return { accessKeyId, secretAccessKey, sessionToken };
  }
  if (source.kind === "role") return (await runPlan(source.plan, deps, false)).credentials;
  const sdkSource: SdkSource =
    source.kind === "sdk-profile"
      ? {
          kind: "sdk-profile",
          profile: source.profile,
          configPath: deps.configPath,
          credentialsPath: deps.credentialsPath,
        }
      : source.kind === "credential-source"
        ? { kind: "credential-source", name: source.name }
        : { kind: "default" };
  try {
    return await (await deps.sts()).sourceCredentials(sdkSource);
  } catch (error) {
    throw new CallError(
      `could not get the source credentials of ${describeSource(source)}: ${oneLine((error as Error).message)}.`,
    );
  }
}

/** Names the source credentials as a user would look for them. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case "static":
      return `profile ${JSON.stringify(source.profile)} (keys from ${source.file})`;
    case "sdk-profile":
      return `profile ${JSON.stringify(source.profile)} (${source.file})`;
    case "role":
      return `the session of profile ${JSON.stringify(source.plan.label)}`;
    case "credential-source":
      return `credential_source ${source.name} of profile ${JSON.stringify(source.profile)}`;
    case "default":
      return "the default credentials (environment variables, AWS_PROFILE or [default])";
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

/** One line per failure, saying what happened and what to do; STS's own text only where it helps. */
export function explain(error: unknown, plan: Plan): Error {
  if (!isStsFailure(error)) return error as Error;
  const action = plan.action === "AssumeRole" ? `AssumeRole of ${plan.roleArn}` : `GetSessionToken for ${plan.label}`;
  const source = describeSource(plan.source);
  if (isMfaRejection(error)) {
    const rejected = new CallError(
      `STS rejected the MFA code for ${plan.mfaSerial}. Wait for the next code and try again.`,
    );
    return Object.assign(rejected, { mfaRejected: true });
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
  if (error.network) {
    return new CallError(
      `could not reach STS (${error.errno ?? error.code}: ${oneLine(error.message)}). Check the network, or AWS_ENDPOINT_URL_STS if it is set.`,
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(error.code)) {
    return new CallError(`STS is throttling requests (${error.code}) even after retries. Wait a minute and try again.`);
  }
  return new CallError(`${action} failed: ${error.code}: ${oneLine(error.message)}.`);
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

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\.$/, "").trim();
}
