import { UsageError } from "./errors.js";
import type { Flags } from "./options.js";
import type { Profile, ProfileFiles } from "./profiles.js";
import * as valid from "./validate.js";

/** Where the credentials that call STS come from. */
export type Source =
  /** Keys written in a profile: used as they are, no SDK provider needed. */
  | {
      kind: "static";
      profile: string;
      file: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    }
  /** Another role profile: role chaining, resolved by awsrole itself (cache and MFA apply). */
  | { kind: "role"; plan: Plan }
  /** credential_process, SSO, web identity: the SDK's own fromIni provider. */
  | { kind: "sdk-profile"; profile: string; file: string }
  /** `credential_source` of a role profile (Environment, Ec2InstanceMetadata, EcsContainer). */
  | { kind: "credential-source"; name: CredentialSource; profile: string }
  /** `--role-arn` without `--source-profile`: the SDK's default chain. */
  | { kind: "default" };

export type CredentialSource = "Environment" | "Ec2InstanceMetadata" | "EcsContainer";
const CREDENTIAL_SOURCES: readonly string[] = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

export interface Plan {
  /** What AWSROLE_PROFILE is set to: the profile name, or the role ARN. */
  label: string;
  /** AssumeRole, or GetSessionToken for an MFA-only profile. */
  action: "AssumeRole" | "GetSessionToken";
  roleArn?: string;
  roleSessionName: string;
  durationSeconds: number;
  /** Parameters set by the profile or a flag rather than defaulted; botocore's cache key uses these. */
  explicit: { roleSessionName: boolean; durationSeconds: boolean };
  externalId?: string;
  mfaSerial?: string;
  /** A command that prints the MFA code (`mfa_process`, as aws-vault reads it). */
  mfaProcess?: string;
  policy?: string;
  policyArns: string[];
  sourceIdentity?: string;
  tags: { Key: string; Value: string }[];
  region?: string;
  source: Source;
}

export interface ResolveContext {
  files: ProfileFiles;
  /** The OS user name, for the default session name. */
  userName: () => string;
  readFile: (path: string) => string | undefined;
  warn: (message: string) => void;
  /** Default length of an MFA session (GetSessionToken). */
  mfaSessionSeconds: number;
}

const ONE_HOUR = 3600;
const MAX_ROLE_SECONDS = 43200;
const MAX_SESSION_TOKEN_SECONDS = 129600;

/** The AWS CLI's rule for a session name nobody chose, with the user's name in it to find it in CloudTrail. */
export function defaultSessionName(userName: string): string {
  const cleaned = `awsrole-${userName}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
  return cleaned;
}

function getProfile(ctx: ResolveContext, name: string, neededBy?: string): Profile {
  const profile = ctx.files.get(name);
  if (profile) return profile;
  const where = `${ctx.files.configPath} or ${ctx.files.credentialsPath}`;
  throw new UsageError(
    neededBy
      ? `profile ${JSON.stringify(neededBy)} names source_profile ${JSON.stringify(name)}, which is not in ${where}. Add it or fix source_profile.`
      : `profile ${JSON.stringify(name)} is not in ${where}. Run awsrole list to see the profiles, or pass --role-arn.`,
  );
}

/** Flags override profile keys; each value is checked before any call. */
export function resolvePlan(ctx: ResolveContext, profileName: string | undefined, flags: Flags): Plan {
  if (profileName === undefined && !flags["role-arn"]) {
    throw new UsageError("no profile or --role-arn given. Run awsrole PROFILE, or awsrole --role-arn ARN.");
  }
  return planFor(ctx, profileName, flags, []);
}

function planFor(ctx: ResolveContext, profileName: string | undefined, flags: Flags, visited: string[]): Plan {
  const profile = profileName === undefined ? undefined : getProfile(ctx, profileName, visited.at(-1));
  const key = (k: string) => profile?.values[k];
  const trail = profileName === undefined ? visited : [...visited, profileName];

  const roleArn = flags["role-arn"] ?? key("role_arn");
  const sourceName = flags["source-profile"] ?? key("source_profile");
  const credentialSource = key("credential_source");
  if (!roleArn && !(flags["serial-number"] ?? key("mfa_serial"))) {
    throw new UsageError(
      `profile ${JSON.stringify(profileName)} has neither role_arn nor mfa_serial, so there is nothing to assume. Add role_arn, or use it directly with aws --profile ${profileName}.`,
    );
  }
  let source: Source;
  if (!roleArn) {
    // An MFA-only profile: its own keys call GetSessionToken.
    source = sourceFrom(ctx, profile as Profile, trail, true);
  } else if (sourceName !== undefined) {
    source = sourceFrom(ctx, getProfile(ctx, sourceName, profileName), trail, sourceName === profileName);
  } else if (credentialSource !== undefined && profile) {
    if (!CREDENTIAL_SOURCES.includes(credentialSource)) {
      throw new UsageError(
        `profile ${JSON.stringify(profile.name)} has credential_source ${JSON.stringify(credentialSource)}: use Environment, Ec2InstanceMetadata or EcsContainer.`,
      );
    }
    source = { kind: "credential-source", name: credentialSource as CredentialSource, profile: profile.name };
  } else if (profile && !key("role_arn")) {
    // `awsrole foo --role-arn ARN`: foo's own keys call STS, as with --source-profile foo.
    source = sourceFrom(ctx, profile, trail, true);
  } else if (profile) {
    throw new UsageError(
      `profile ${JSON.stringify(profile.name)} has role_arn but no source_profile or credential_source. Add one of them, or pass --source-profile.`,
    );
  } else {
    source = { kind: "default" };
  }

  // mfa_serial of the source profile applies when the role profile has none (AWS CLI rule),
  // but only for a source that is an IAM user: a role session cannot present an MFA device.
  const sourceProfile = sourceName === undefined ? undefined : ctx.files.get(sourceName);
  const userSource = source.kind === "static" || source.kind === "sdk-profile";
  const mfaSerial =
    flags["serial-number"] ?? key("mfa_serial") ?? (userSource ? sourceProfile?.values.mfa_serial : undefined);
  const chained = source.kind === "role";
  const action = roleArn ? "AssumeRole" : "GetSessionToken";
  const durationText = flags["duration-seconds"] ?? key("duration_seconds");
  let durationSeconds =
    durationText === undefined
      ? action === "GetSessionToken"
        ? ctx.mfaSessionSeconds
        : ONE_HOUR
      : valid.duration(durationText, 900, action === "AssumeRole" ? MAX_ROLE_SECONDS : MAX_SESSION_TOKEN_SECONDS);
  if (chained && durationSeconds > ONE_HOUR) {
    // IAM caps a role-chaining session at one hour and rejects a longer request outright.
    ctx.warn(`${roleArn} is assumed from another role session (role chaining), which AWS limits to 1 hour; using 1h.`);
    durationSeconds = ONE_HOUR;
  }
  const sessionName = flags["role-session-name"] ?? key("role_session_name");
  const externalId = flags["external-id"] ?? key("external_id");
  const region = flags.region ?? key("region");
  const policyText = flags.policy;

  return {
    label: profileName ?? (roleArn as string),
    action,
    roleArn: roleArn === undefined ? undefined : valid.roleArn(roleArn),
    // The default is made only when a call needs it: asking the OS for the user name costs a cache hit time.
    ...(sessionName === undefined
      ? {
          get roleSessionName() {
            return defaultSessionName(ctx.userName());
          },
        }
      : { roleSessionName: valid.sessionName(sessionName) }),
    durationSeconds,
    explicit: { roleSessionName: sessionName !== undefined, durationSeconds: durationText !== undefined },
    externalId: externalId === undefined ? undefined : valid.externalId(externalId),
    mfaSerial: mfaSerial === undefined ? undefined : valid.mfaSerial(mfaSerial),
    mfaProcess: key("mfa_process") ?? sourceProfile?.values.mfa_process,
    policy: policyText === undefined ? undefined : readPolicy(ctx, policyText),
    policyArns: valid.policyArns(flags["policy-arns"] ?? []),
    sourceIdentity: flags["source-identity"] === undefined ? undefined : valid.sourceIdentity(flags["source-identity"]),
    tags: valid.tags(flags.tag ?? []),
    region: region === undefined ? undefined : valid.region(region),
    source,
  };
}

function readPolicy(ctx: ResolveContext, text: string): string {
  if (!text.startsWith("file://")) return valid.policy(text, "--policy");
  const path = text.slice("file://".length);
  const content = ctx.readFile(path);
  if (content === undefined)
    throw new UsageError(`cannot read session policy file ${path}. Check the path after file://.`);
  return valid.policy(content, path);
}

/**
 * The credentials a profile provides when it is used as a source. `self` is botocore's special
 * case: a role profile whose source_profile is itself uses its own static keys.
 */
function sourceFrom(ctx: ResolveContext, profile: Profile, trail: string[], self: boolean): Source {
  const v = profile.values;
  if (v.role_arn && !self) {
    if (trail.includes(profile.name)) {
      throw new UsageError(
        `source_profile loop: ${[...trail, profile.name].join(" -> ")}. Make one of these profiles use keys, SSO or credential_process.`,
      );
    }
    return { kind: "role", plan: planFor(ctx, profile.name, {}, trail) };
  }
  if (v.aws_access_key_id && v.aws_secret_access_key) {
    return {
      kind: "static",
      profile: profile.name,
      file: profile.origin.aws_access_key_id ?? ctx.files.credentialsPath,
      accessKeyId: v.aws_access_key_id,
      secretAccessKey: v.aws_secret_access_key,
      sessionToken: v.aws_session_token,
    };
  }
  if (v.credential_process || v.sso_session || v.sso_start_url || v.web_identity_token_file) {
    const key = ["credential_process", "sso_session", "sso_start_url", "web_identity_token_file"].find(
      (k) => v[k],
    ) as string;
    return { kind: "sdk-profile", profile: profile.name, file: profile.origin[key] ?? ctx.files.configPath };
  }
  throw new UsageError(
    `profile ${JSON.stringify(profile.name)} has no credentials (aws_access_key_id, credential_process, SSO or role_arn). Add them with aws configure --profile ${profile.name}.`,
  );
}
