import type { Credentials, SdkSource, StsCaller, StsSession } from "./caller.js";
import { isStsFailure } from "./caller.js";
import { CallError } from "./errors.js";
import type { Plan, Source } from "./resolve.js";

export interface AssumeDeps {
  /** Loads the SDK on first use only. */
  sts: () => Promise<StsCaller>;
  /** The MFA code for a device; throws a UsageError when there is none to be had. */
  tokenCode: (serial: string, label: string) => Promise<string>;
  /** Region for the STS call when the plan names none. */
  defaultRegion: string;
  configPath: string;
  credentialsPath: string;
}

/** Runs a plan: source credentials first (recursing for role chains), then the STS call. */
export async function runPlan(plan: Plan, deps: AssumeDeps): Promise<StsSession> {
  const tokenCode = plan.mfaSerial ? await deps.tokenCode(plan.mfaSerial, plan.label) : undefined;
  const credentials = await sourceCredentials(plan.source, deps);
  const sts = await deps.sts();
  const region = plan.region ?? deps.defaultRegion;
  const mfa = plan.mfaSerial ? { SerialNumber: plan.mfaSerial, TokenCode: tokenCode } : {};
  try {
    if (plan.action === "GetSessionToken") {
      return await sts.getSessionToken(credentials, region, { DurationSeconds: plan.durationSeconds, ...mfa });
    }
    return await sts.assumeRole(credentials, region, {
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
  if (source.kind === "role") return (await runPlan(source.plan, deps)).credentials;
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
  if (error.code === "AccessDenied" && /MultiFactorAuthentication|one time pass code/i.test(error.message)) {
    return new CallError(`STS rejected the MFA code for ${plan.mfaSerial}. Wait for the next code and try again.`);
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

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\.$/, "").trim();
}
