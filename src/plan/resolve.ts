// The plan of a run: a profile (or a role ARN) and the request's overrides become the STS call to
// make, each value checked before any call. Which credentials make the call is chosen in
// sources.ts; this file builds the call's parameters around that choice.
import { expandUser, expandVars } from "../aws-files/ntpath.js";
import { type Profile, textValue } from "../aws-files/profiles.js";
import { MAX_ROLE_SECONDS, MAX_SESSION_TOKEN_SECONDS, ONE_HOUR } from "../credentials/caller.js";
import { ciSessionName } from "../credentials/web-identity.js";
import { shown, UsageError } from "../system/errors.js";
import { checkedFrom, profileNamed, type ResolveContext } from "./context.js";
import type { Plan, Source } from "./plan.js";
import { givenFlag, type Request } from "./request.js";
import { type Chain, chooseSource, type Hop, hopFor } from "./sources.js";
import { usesSso } from "./sso.js";
import * as valid from "./validate.js";

/** What a role call sends besides the role: its session's name, conditions and policies. */
const ROLE_CALL = ["sessionName", "externalId", "policy", "policyArns", "sourceIdentity", "tags"] as const;

/** What only a role call (AssumeRole, AssumeRoleWithWebIdentity) takes. */
const ROLE_ONLY = [
  "sourceProfile",
  ...ROLE_CALL,
  "webIdentity",
  "webIdentityTokenFile",
  "webIdentityEnv",
  "audience",
] as const;

/** What shapes the GetSessionToken call of a profile without a role: credentials that are already a session take none. */
const GET_SESSION_TOKEN_ONLY = ["duration", "tokenCode", "mfaSerial"] as const;

/** What shapes an STS call: a role from the portal is taken as it is, so none of it applies. */
const STS_ONLY = ["duration", ...ROLE_CALL, "mfaSerial", "tokenCode"] as const;

/** awsrole's name for a session nobody named, with the user's name in it to find it in CloudTrail. */
function defaultSessionName(userName: string): string {
  return `awsrole-${userName}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/** The request overrides profile keys; each value is checked before any call. */
export function resolvePlan(ctx: ResolveContext, profileName: string | undefined, request: Request): Plan {
  if (profileName === undefined && !request.roleArn) {
    throw new UsageError("no profile or --role-arn given. Run awsrole PROFILE, or awsrole --role-arn ARN.");
  }
  return planFor(ctx, profileName, request, profileName === undefined ? [] : [profileName]);
}

/**
 * botocore's AssumeRoleProvider for one profile (`_get_role_config`, `_resolve_source_credentials`):
 * `visited` is its list of profiles seen on the way, which turns a loop into an error.
 */
function planFor(ctx: ResolveContext, profileName: string | undefined, request: Request, visited: string[]): Plan {
  const profile = profileName === undefined ? undefined : profileNamed(ctx, profileName, visited.at(-2));
  const hop = hopFor(ctx, profile, request, visited);
  const { roleArn } = hop;
  // An empty role_arn is a role with no ARN, not "no role": botocore sends it, and STS refuses it.
  if (roleArn === "") checkedValue(hop, roleArn, valid.roleArn, "roleArn", "role_arn");
  const chain: Chain = (name, seen) => planFor(ctx, name, {}, seen);
  if (roleArn === undefined) return ownPlan(hop, chain);
  const source = chooseSource(hop).resolve(chain);
  return callPlan(hop, source.kind === "token" ? "AssumeRoleWithWebIdentity" : "AssumeRole", source);
}

/**
 * No role: the profile's own credentials are exported (run-plan.ts, ownSession), an SSO
 * profile's role as the portal hands it out, others as a session (GetSessionToken) or as they
 * are. A flag that only a role call takes would be ignored, so it is refused, and before the
 * profile's credentials are read: a nested value among them is refused only then.
 */
function ownPlan(hop: Hop, chain: Chain): Plan {
  const profile = hop.profile as Profile;
  // An SSO profile's own role: exported as `aws configure export-credentials` does.
  if (usesSso(profile)) return ssoPlan(hop, chooseSource(hop).resolve(chain));
  refuseRoleOnly(hop);
  const source = chooseSource(hop).resolve(chain);
  const sessionOnly = givenFlag(hop.request, GET_SESSION_TOKEN_ONLY);
  if (sessionOnly && source.kind === "static" && source.sessionToken) {
    throw new UsageError(
      `profile ${shown(profile.name)} holds keys that are already a session (aws_session_token), exported as they are: --${sessionOnly} has nothing to apply to. Drop --${sessionOnly}.`,
    );
  }
  return callPlan(hop, "GetSessionToken", source, source.kind === "process" ? sessionOnly : undefined);
}

/** A profile without a role, given a flag that only a role call takes. */
function refuseRoleOnly(hop: Hop): void {
  const ignored = givenFlag(hop.request, ROLE_ONLY);
  if (ignored) {
    throw new UsageError(
      `profile ${shown(hop.profile?.name ?? "")} has no role_arn, so --${ignored} has nothing to apply to. Pass --role-arn too, or drop --${ignored}.`,
    );
  }
}

/** Where a value came from when the request did not set it: named when the value is refused. */
function originOf(hop: Hop, field: keyof Request, key: string, owner = hop.profile?.name): string | undefined {
  return hop.request[field] !== undefined || owner === undefined ? undefined : hop.ctx.keyOrigin?.(owner, key);
}

/** A value of the request or of `key`, checked; a refusal names the key's place (originOf). */
function checkedValue<T>(
  hop: Hop,
  value: string | undefined,
  check: (value: string) => T,
  field: keyof Request,
  key: string,
  owner?: string,
): T | undefined {
  return value === undefined
    ? undefined
    : checkedFrom(
        () => check(value),
        () => originOf(hop, field, key, owner),
      );
}

/** The parameters of the call, the request's over the profile's, each checked. */
function callPlan(hop: Hop, action: Plan["action"], source: Source, sessionOnlyFlag?: string): Plan {
  const { ctx, profile, request, roleArn, sourceName } = hop;
  const key = (k: string) => textValue(profile, k);
  // botocore drops these when empty: `role_session_name =` gets its generated name,
  // `duration_seconds =` fails int(), which it ignores, and without a role mfa_serial is unused.
  const unlessEmpty = (k: string) => (key(k) === "" ? undefined : key(k));
  // mfa_serial of the source profile applies when the role profile has none (a documented
  // difference from the CLI), but only for an IAM user's own keys: a role session cannot present
  // an MFA device.
  const sourceProfile = sourceName === undefined ? undefined : ctx.files.get(sourceName);
  const mfaSerial =
    request.mfaSerial ??
    (roleArn ? key("mfa_serial") : unlessEmpty("mfa_serial")) ??
    (mayBeUserKeys(source) ? textValue(sourceProfile, "mfa_serial") : undefined);
  const durationText = request.duration ?? unlessEmpty("duration_seconds");
  const durationSeconds = sessionSeconds(hop, action, source, durationText, mfaSerial);
  const sessionName =
    request.sessionName ??
    unlessEmpty("role_session_name") ??
    (action === "AssumeRoleWithWebIdentity" ? ciSessionName(ctx.env, "") || undefined : undefined);
  const externalId = request.externalId ?? key("external_id");
  const region = request.region ?? key("region");
  const policyText = request.policy;

  const plan: Plan = {
    label: profile?.name ?? (roleArn as string),
    action,
    roleArn: checkedValue(hop, roleArn, valid.roleArn, "roleArn", "role_arn"),
    roleSessionName: checkedValue(hop, sessionName, valid.sessionName, "sessionName", "role_session_name") ?? "",
    durationSeconds,
    explicit: { roleSessionName: sessionName !== undefined, durationSeconds: durationText !== undefined },
    externalId: checkedValue(hop, externalId, valid.externalId, "externalId", "external_id"),
    mfaSerial: checkedValue(
      hop,
      mfaSerial,
      valid.mfaSerial,
      "mfaSerial",
      "mfa_serial",
      key("mfa_serial") === undefined ? sourceName : profile?.name,
    ),
    mfaProcess: key("mfa_process") ?? textValue(sourceProfile, "mfa_process"),
    policy: policyText === undefined ? undefined : readPolicy(ctx, policyText),
    policyArns: valid.policyArns(request.policyArns ?? []),
    sourceIdentity: request.sourceIdentity === undefined ? undefined : valid.sourceIdentity(request.sourceIdentity),
    tags: valid.tags(request.tags ?? []),
    region: checkedValue(hop, region, valid.region, "region", "region"),
    source,
    ...(sessionOnlyFlag === undefined ? {} : { sessionOnlyFlag }),
  };
  // The default is made only when a call needs it: asking the OS for the user name costs a cache
  // hit time. A getter defined on the plan itself (an object spread would call it at once).
  if (sessionName === undefined) {
    Object.defineProperty(plan, "roleSessionName", {
      get: () => defaultSessionName(ctx.userName()),
      enumerable: true,
    });
  }
  return plan;
}

/** Whether a source may be an IAM user's long-term keys, the only credentials that can present an MFA device. */
function mayBeUserKeys(source: Source): boolean {
  switch (source.kind) {
    case "static":
      return !source.sessionToken;
    case "process":
      // What it gives is known only once it has answered: taken for a user's keys.
      return true;
    case "sso":
    case "token":
    case "role":
    case "metadata":
      return false;
  }
}

/** The session's length: an MFA session lasts a working day (one code in the morning); any other an hour. */
function sessionSeconds(
  hop: Hop,
  action: Plan["action"],
  source: Source,
  text: string | undefined,
  mfaSerial: string | undefined,
): number {
  if (text === undefined)
    return action === "GetSessionToken" && mfaSerial !== undefined ? hop.ctx.mfaSessionSeconds : ONE_HOUR;
  const seconds = checkedFrom(
    () => valid.duration(text, 900, action === "AssumeRole" ? MAX_ROLE_SECONDS : MAX_SESSION_TOKEN_SECONDS),
    () => originOf(hop, "duration", "duration_seconds"),
  );
  if (source.kind !== "role" || seconds <= ONE_HOUR) return seconds;
  // IAM caps a role-chaining session at one hour and rejects a longer request outright.
  hop.ctx.warn(
    `${hop.roleArn} is assumed from another role session (role chaining), which AWS limits to 1 hour; using 1h.`,
  );
  return ONE_HOUR;
}

function readPolicy(ctx: ResolveContext, text: string): string {
  if (!text.startsWith("file://")) return valid.policy(text, "--policy");
  // The AWS CLI expands a leading ~ in file:// paths (awscli/paramfile.py; on Windows through
  // ntpath, variables too); so does awsrole.
  const written = text.slice("file://".length);
  const path =
    ctx.platform === "win32"
      ? expandVars(expandUser(written, ctx.env), ctx.env)
      : written.replace(/^~(?=\/|$)/, ctx.env.HOME ?? "~");
  const content = ctx.readFile(path);
  if (content === undefined)
    throw new UsageError(`cannot read session policy file ${path}. Check the path after file://.`);
  return valid.policy(content, path);
}

/** The plan of an SSO profile's own role credentials (GetRoleCredentials). */
function ssoPlan(hop: Hop, source: Source): Plan {
  const profile = hop.profile?.name ?? "";
  const ignored = givenFlag(hop.request, STS_ONLY);
  if (ignored) {
    throw new UsageError(
      `profile ${shown(profile)} signs in with IAM Identity Center, whose portal hands out the role's credentials as they are: --${ignored} does not apply. Drop it, or give a role_arn to assume from it.`,
    );
  }
  // What is left of the role-only flags: where the role's credentials come from (the portal).
  refuseRoleOnly(hop);
  const region = hop.request.region ?? textValue(hop.profile, "region");
  return {
    label: profile,
    action: "GetRoleCredentials",
    roleSessionName: "",
    durationSeconds: 0,
    explicit: { roleSessionName: false, durationSeconds: false },
    policyArns: [],
    tags: [],
    region: checkedValue(hop, region, valid.region, "region", "region"),
    source,
  };
}
