import type { Flags } from "../args/options.js";
import { fileOnPath, homeProblem } from "../aws-files/home.js";
import { expandUser, expandVars } from "../aws-files/ntpath.js";
import { missingProfileHint } from "../aws-files/profile-hint.js";
import { type Profile, type ProfileFiles, textValue } from "../aws-files/profiles.js";
import { ciSessionName, type TokenSource, tokenSource } from "../credentials/web-identity.js";
import { ConfigError, shown, UsageError } from "../system/errors.js";
import * as valid from "./validate.js";

/** Where the credentials that call STS come from: each hop resolved here, on awsrole's reader. */
export type Source =
  /** Keys written in a profile (or the environment): used as they are. */
  | {
      kind: "static";
      profile: string;
      file: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    }
  /** `credential_process`: awsrole runs the command itself, as botocore does. */
  | { kind: "process"; profile: string; file: string; command: string }
  /** IAM Identity Center: the cached token, then GetRoleCredentials (sso.ts). */
  | { kind: "sso"; profile: string; file: string; config: SsoConfig }
  /** The OIDC token of an AssumeRoleWithWebIdentity plan: a file, or the CI's token service. */
  | { kind: "token"; token: TokenSource }
  /** Another role profile: role chaining (cache and MFA apply to each hop). */
  | { kind: "role"; plan: Plan }
  /** `credential_source` Ec2InstanceMetadata or EcsContainer (or no source at all): the SDK's metadata providers. */
  | { kind: "metadata"; name: "Ec2InstanceMetadata" | "EcsContainer"; profile: string };

/** An SSO profile's settings, its `[sso-session]`'s merged in, as botocore's SSOProvider reads them. */
export interface SsoConfig {
  startUrl: string;
  region: string;
  accountId: string;
  roleName: string;
  /** The `[sso-session NAME]` form; undefined for the legacy form (sso_start_url in the profile). */
  sessionName?: string;
}

export interface Plan {
  /** What AWSROLE_PROFILE is set to: the profile name, or the role ARN. */
  label: string;
  /**
   * AssumeRole; AssumeRoleWithWebIdentity (`web_identity_token_file`, --web-identity);
   * GetSessionToken for a profile without role_arn: a session of its own long-term keys (with
   * MFA when it has mfa_serial), or its credentials as they are when already a session.
   * GetRoleCredentials for an SSO profile's own role (its source is the SSO source).
   */
  action: "AssumeRole" | "AssumeRoleWithWebIdentity" | "GetSessionToken" | "GetRoleCredentials";
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
  /**
   * A flag that shapes GetSessionToken only (--duration-seconds, --token-code, --serial-number),
   * given for a credential_process profile: whether its credentials are already a session (then
   * exported as they are, the flag unused) is known only once it has answered, so it is refused then.
   */
  sessionOnlyFlag?: string;
}

/** Whether any hop of the chain sends an MFA code (a role whose source role needs one does). */
export function chainNeedsMfa(plan: Plan): boolean {
  return plan.mfaSerial !== undefined || (plan.source.kind === "role" && chainNeedsMfa(plan.source.plan));
}

export interface ResolveContext {
  files: ProfileFiles;
  env: NodeJS.ProcessEnv;
  /** The OS user name, for the default session name. */
  userName: () => string;
  readFile: (path: string) => string | undefined;
  /** What `~` stands for (home.ts), and the platform, whose rules expand a path. */
  home: string;
  platform: string;
  warn: (message: string) => void;
  /** Default length of an MFA session (GetSessionToken). */
  mfaSessionSeconds: number;
  /** Where a profile's key was read (origins.ts keyOrigin), to name it when its value is refused. */
  keyOrigin?: (profile: string, key: string) => string | undefined;
}

/**
 * A check of a value read from somewhere a user must find to fix it: its refusal names that place
 * after the value (`duration "5h30" (duration_seconds of profile p (FILE line 4)) is not valid`).
 */
export function checkedFrom<T>(check: () => T, origin: string | undefined): T {
  try {
    return check();
  } catch (error) {
    if (origin === undefined || !(error instanceof UsageError) || !error.message.includes(" is not valid")) throw error;
    error.message = error.message.replace(" is not valid", ` (${origin}) is not valid`);
    throw error;
  }
}

const ONE_HOUR = 3600;
const MAX_ROLE_SECONDS = 43200;
const MAX_SESSION_TOKEN_SECONDS = 129600;
const CREDENTIAL_SOURCES = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];
/** Flags that shape the GetSessionToken call of a profile without a role: credentials that are already a session take none. */
const GET_SESSION_TOKEN_FLAGS = ["duration-seconds", "token-code", "serial-number"] as const;

/** What a role call sends besides the role: its session's name, conditions and policies. */
const ROLE_CALL_FLAGS = [
  "role-session-name",
  "external-id",
  "policy",
  "policy-arns",
  "source-identity",
  "tag",
] as const;

/** Flags that only a role call (AssumeRole, AssumeRoleWithWebIdentity) takes. */
const ROLE_ONLY_FLAGS = [
  "source-profile",
  ...ROLE_CALL_FLAGS,
  "web-identity",
  "web-identity-token-file",
  "web-identity-env",
  "audience",
] as const;

/**
 * awsrole's session name when nobody chose one (the AWS CLI's is botocore-session-TIMESTAMP): the
 * user's name, to find it in CloudTrail, in STS's RoleSessionName characters and length.
 */
function defaultSessionName(userName: string): string {
  return `awsrole-${userName}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

function getProfile(ctx: ResolveContext, name: string, neededBy?: string, variable?: string): Profile {
  const profile = ctx.files.get(name);
  if (profile) return profile;
  // Where it looked, and why there when there is no home (as for botocore, `~` is then `/`; on
  // Windows, where HOME means nothing to the AWS CLI, `~` stays as written).
  const noHome =
    ctx.platform === "win32"
      ? ctx.home === ""
        ? " (USERPROFILE is not set; set it, or AWS_CONFIG_FILE)"
        : ""
      : !ctx.env.HOME
        ? " (HOME is empty or unset; set it, or AWS_CONFIG_FILE)"
        : ctx.env.AWS_CONFIG_FILE
          ? ""
          : homeProblem(ctx.env.HOME);
  const blocked = fileOnPath(ctx.files.configPath) ?? fileOnPath(ctx.files.credentialsPath);
  const where = `${ctx.files.configPath} or ${ctx.files.credentialsPath}${noHome}${blocked ? ` (${blocked} is a file, not a folder)` : ""}`;
  const hint = missingProfileHint(ctx.files, name);
  throw new ConfigError(
    neededBy
      ? `profile ${shown(neededBy)} names source_profile ${shown(name)}, which is not in ${where}. ${hint ?? "Add it or fix source_profile."}`
      : variable
        ? `${variable} names profile ${shown(name)}, which is not in ${where}. ${hint ?? `Fix or unset ${variable}, or pass --source-profile.`}`
        : `profile ${shown(name)} is not in ${where}. ${hint ?? "Run awsrole list to see the profiles, or pass --role-arn."}`,
  );
}

/** Flags override profile keys; each value is checked before any call. */
export function resolvePlan(ctx: ResolveContext, profileName: string | undefined, flags: Flags): Plan {
  if (profileName === undefined && !flags["role-arn"]) {
    throw new UsageError("no profile or --role-arn given. Run awsrole PROFILE, or awsrole --role-arn ARN.");
  }
  return planFor(ctx, profileName, flags, profileName === undefined ? [] : [profileName]);
}

/**
 * botocore's AssumeRoleProvider for one profile (`_get_role_config`, `_resolve_source_credentials`):
 * `visited` is its list of profiles seen on the way, which turns a loop into an error.
 */
function planFor(ctx: ResolveContext, profileName: string | undefined, flags: Flags, visited: string[]): Plan {
  const profile = profileName === undefined ? undefined : getProfile(ctx, profileName, visited.at(-2));
  const key = (k: string) => textValue(profile, k);
  // Where a value came from when it is not a flag's: named when the value is refused.
  const origin = (flag: keyof Flags, k: string, owner = profile?.name) =>
    flags[flag] !== undefined || owner === undefined ? undefined : ctx.keyOrigin?.(owner, k);
  const roleArn = flags["role-arn"] ?? key("role_arn");
  const sourceName = flags["source-profile"] ?? key("source_profile");
  const credentialSource = flags["source-profile"] === undefined ? key("credential_source") : undefined;
  // An empty role_arn is a role with no ARN, not "no role": botocore sends it, and STS refuses it.
  if (roleArn === "") checkedFrom(() => valid.roleArn(roleArn), origin("role-arn", "role_arn"));
  // botocore drops these when empty: `role_session_name =` gets its generated name,
  // `duration_seconds =` fails int(), which it ignores, and without a role mfa_serial is unused.
  const unlessEmpty = (k: string) => (key(k) === "" ? undefined : key(k));
  // An SSO profile's own role: exported as `aws configure export-credentials` does.
  if (!roleArn && profile && usesSso(profile)) return ssoPlan(ctx, profile, flags);
  if (!roleArn) {
    // No role: the profile's own credentials are exported (run-plan.ts, ownSession); a flag that
    // only a role call takes would be ignored, so it is refused.
    const ignored = ROLE_ONLY_FLAGS.find((name) => flags[name] !== undefined);
    if (ignored) {
      throw new UsageError(
        `profile ${shown(profileName ?? "")} has no role_arn, so --${ignored} has nothing to apply to. Pass --role-arn too, or drop --${ignored}.`,
      );
    }
  }
  let source: Source;
  let sessionOnlyFlag: string | undefined;
  let action: Plan["action"] = roleArn ? "AssumeRole" : "GetSessionToken";
  const tokenFile = flags["source-profile"] === undefined ? key("web_identity_token_file") : undefined;
  const webIdentityFlag = flags["web-identity"] !== undefined || flags["web-identity-token-file"] !== undefined;
  if (roleArn && (webIdentityFlag || tokenFile !== undefined)) {
    // The token is the credential: the CLI's AssumeRoleWithWebIdentityProvider, or the CI's token.
    action = "AssumeRoleWithWebIdentity";
    const token = tokenSource(ctx.env, {
      source: flags["web-identity"] === true ? undefined : (flags["web-identity"] as string | undefined),
      tokenFile: flags["web-identity-token-file"] ?? tokenFile,
      envName: flags["web-identity-env"],
      audience: flags.audience,
    });
    source = { kind: "token", token };
    // What the token source does not read would be ignored: refused, as every ignored flag is.
    if (flags.audience !== undefined && token.from !== "github" && token.from !== "buildkite")
      throw new UsageError(
        `--audience is for a token awsrole asks GitHub Actions or Buildkite for; this one ${token.from === "file" ? `is read from ${shown(token.path)}` : `comes from ${token.name}`}, so --audience would be ignored. Drop it.`,
      );
    if (flags["web-identity-env"] !== undefined && !(token.from === "env" && token.name === flags["web-identity-env"]))
      throw new UsageError(
        `--web-identity-env names GitLab's token variable, but the token here comes from ${token.from === "file" ? shown(token.path) : token.from === "env" ? token.name : token.from}, so it would be ignored. Drop it.`,
      );
  } else if (roleArn && (flags.audience !== undefined || flags["web-identity-env"] !== undefined)) {
    const ignored = flags.audience !== undefined ? "--audience" : "--web-identity-env";
    throw new UsageError(
      `${ignored} is for a CI's OIDC token, and ${shown(profileName ?? roleArn)} is not assumed with one, so it would be ignored. Add --web-identity, or drop ${ignored}.`,
    );
  } else if (!roleArn) {
    // No role: the profile's own credentials, as a session (GetSessionToken) or as they are.
    source = profileCredentials(ctx, profile as Profile);
    const ignored = GET_SESSION_TOKEN_FLAGS.find((name) => flags[name] !== undefined);
    if (ignored && source.kind === "static" && source.sessionToken) {
      throw new UsageError(
        `profile ${shown(profileName ?? "")} holds keys that are already a session (aws_session_token), exported as they are: --${ignored} has nothing to apply to. Drop --${ignored}.`,
      );
    }
    if (ignored && source.kind === "process") sessionOnlyFlag = ignored;
  } else if (sourceName !== undefined && credentialSource !== undefined) {
    throw new ConfigError(
      `profile ${shown(profile?.name ?? "")} has both source_profile and credential_source; the AWS CLI refuses it too. Keep one.`,
    );
  } else if (sourceName !== undefined) {
    source = sourceFrom(ctx, sourceName, profileName ?? "", visited);
  } else if (credentialSource !== undefined) {
    source = fromCredentialSource(ctx, profile as Profile, credentialSource);
  } else if (profile && !key("role_arn")) {
    // `awsrole foo --role-arn ARN`: foo's own credentials call STS, as with --source-profile foo.
    source = profileCredentials(ctx, profile);
  } else if (profile) {
    throw new ConfigError(
      `profile ${shown(profile.name)} has role_arn but no source_profile or credential_source. Add one of them, or pass --source-profile.`,
    );
  } else {
    source = defaultSource(ctx);
  }

  // mfa_serial of the source profile applies when the role profile has none (a documented
  // difference from the CLI), but only for an IAM user's own keys: a role session cannot present
  // an MFA device.
  const sourceProfile = sourceName === undefined ? undefined : ctx.files.get(sourceName);
  const userSource = (source.kind === "static" && !source.sessionToken) || source.kind === "process";
  const mfaSerial =
    flags["serial-number"] ??
    (roleArn ? key("mfa_serial") : unlessEmpty("mfa_serial")) ??
    (userSource ? textValue(sourceProfile, "mfa_serial") : undefined);
  const durationText = flags["duration-seconds"] ?? unlessEmpty("duration_seconds");
  // An MFA session lasts a working day (one code in the morning); any other session an hour.
  let durationSeconds =
    durationText === undefined
      ? action === "GetSessionToken" && mfaSerial !== undefined
        ? ctx.mfaSessionSeconds
        : ONE_HOUR
      : checkedFrom(
          () =>
            valid.duration(durationText, 900, action === "AssumeRole" ? MAX_ROLE_SECONDS : MAX_SESSION_TOKEN_SECONDS),
          origin("duration-seconds", "duration_seconds"),
        );
  if (source.kind === "role" && durationSeconds > ONE_HOUR) {
    // IAM caps a role-chaining session at one hour and rejects a longer request outright.
    ctx.warn(`${roleArn} is assumed from another role session (role chaining), which AWS limits to 1 hour; using 1h.`);
    durationSeconds = ONE_HOUR;
  }
  const sessionName =
    flags["role-session-name"] ??
    unlessEmpty("role_session_name") ??
    (action === "AssumeRoleWithWebIdentity" ? ciSessionName(ctx.env, "") || undefined : undefined);
  const externalId = flags["external-id"] ?? key("external_id");
  const region = flags.region ?? key("region");
  const policyText = flags.policy;

  const plan: Plan = {
    label: profileName ?? (roleArn as string),
    action,
    roleArn:
      roleArn === undefined ? undefined : checkedFrom(() => valid.roleArn(roleArn), origin("role-arn", "role_arn")),
    roleSessionName:
      sessionName === undefined
        ? ""
        : checkedFrom(() => valid.sessionName(sessionName), origin("role-session-name", "role_session_name")),
    durationSeconds,
    explicit: { roleSessionName: sessionName !== undefined, durationSeconds: durationText !== undefined },
    externalId:
      externalId === undefined
        ? undefined
        : checkedFrom(() => valid.externalId(externalId), origin("external-id", "external_id")),
    mfaSerial:
      mfaSerial === undefined
        ? undefined
        : checkedFrom(
            () => valid.mfaSerial(mfaSerial),
            origin("serial-number", "mfa_serial", key("mfa_serial") === undefined ? sourceName : profile?.name),
          ),
    mfaProcess: key("mfa_process") ?? textValue(sourceProfile, "mfa_process"),
    policy: policyText === undefined ? undefined : readPolicy(ctx, policyText),
    policyArns: valid.policyArns(flags["policy-arns"] ?? []),
    sourceIdentity: flags["source-identity"] === undefined ? undefined : valid.sourceIdentity(flags["source-identity"]),
    tags: valid.tags(flags.tag ?? []),
    region: region === undefined ? undefined : checkedFrom(() => valid.region(region), origin("region", "region")),
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

/**
 * botocore's _validate_source_profile and _resolve_credentials_from_profile: a profile seen
 * before is a loop, except a profile naming itself that has keys of its own; a source with keys
 * (either key) or without role_arn gives its own credentials; otherwise its role is assumed.
 */
function sourceFrom(ctx: ResolveContext, name: string, parent: string, visited: string[]): Source {
  const profile = getProfile(ctx, name, parent);
  const hasKeys = profile.values.aws_access_key_id !== undefined || profile.values.aws_secret_access_key !== undefined;
  if (visited.includes(name) && (name !== parent || !hasKeys)) {
    throw new ConfigError(
      `source_profile loop: ${[...visited, name].join(" -> ").slice(0, 300)}. Make one of these profiles use keys, SSO or credential_process.`,
    );
  }
  const assumesRole = profile.values.role_arn !== undefined && profile.values.web_identity_token_file === undefined;
  if (hasKeys || !assumesRole) return profileCredentials(ctx, profile);
  return { kind: "role", plan: planFor(ctx, name, {}, [...visited, name]) };
}

/**
 * A profile's own credentials, in the order of botocore's ProfileProviderBuilder: web identity,
 * SSO, keys in the credentials file, credential_process, keys in the config file.
 */
function profileCredentials(ctx: ResolveContext, profile: Profile): Source {
  const key = (k: string) => textValue(profile, k);
  const roleArn = key("role_arn");
  if (roleArn !== undefined && key("web_identity_token_file") !== undefined) {
    return { kind: "role", plan: planFor(ctx, profile.name, {}, [profile.name]) };
  }
  if (usesSso(profile)) return sso(ctx, profile);
  const fromFile = (values: Record<string, unknown> | undefined, file: string): Source | undefined => {
    if (values?.aws_access_key_id === undefined) return undefined;
    const get = (k: string) => textValue({ name: profile.name, values: values as Profile["values"] }, k);
    const secretAccessKey = get("aws_secret_access_key");
    if (secretAccessKey === undefined) {
      throw new ConfigError(
        `profile ${shown(profile.name)} in ${file} has aws_access_key_id but no aws_secret_access_key. Add the secret key.`,
      );
    }
    return {
      kind: "static",
      profile: profile.name,
      file,
      accessKeyId: get("aws_access_key_id") as string,
      secretAccessKey,
      sessionToken: get("aws_session_token") ?? get("aws_security_token"),
    };
  };
  const inCredentials = fromFile(profile.inCredentials, ctx.files.credentialsPath);
  if (inCredentials) return inCredentials;
  if (key("login_session") !== undefined) {
    throw new ConfigError(
      `profile ${shown(profile.name)} signs in with login_session (aws login), which awsrole does not support. Use it as a source through credential_process = aws configure export-credentials --profile ${profile.name} --format process.`,
    );
  }
  const command = key("credential_process");
  if (command !== undefined) {
    const file =
      profile.inCredentials?.credential_process !== undefined ? ctx.files.credentialsPath : ctx.files.configPath;
    return { kind: "process", profile: profile.name, file, command };
  }
  const inConfig = fromFile(profile.inConfig, ctx.files.configPath);
  if (inConfig) return inConfig;
  if (key("sso_session") !== undefined || key("sso_start_url") !== undefined) {
    throw new ConfigError(
      `profile ${shown(profile.name)} names ${key("sso_session") === undefined ? "sso_start_url" : "sso_session"} but has neither sso_account_id nor sso_role_name, so it gives no credentials. Add both (aws configure sso writes them).`,
    );
  }
  throw new ConfigError(
    `profile ${shown(profile.name)} has no credentials (aws_access_key_id, credential_process, SSO or role_arn). Add them with aws configure --profile ${profile.name}.`,
  );
}

/** botocore's SSOProvider applies to a profile that has sso_account_id or sso_role_name, no matter what else it has. */
function usesSso(profile: Profile): boolean {
  return textValue(profile, "sso_account_id") !== undefined || textValue(profile, "sso_role_name") !== undefined;
}

const SSO_KEYS = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"] as const;

/**
 * The profile's settings with those of its `[sso-session NAME]` when it names one (botocore's
 * SSOProvider._load_sso_config): a key in both must agree. Used by `awsrole login` too.
 */
export function ssoSettings(
  files: ProfileFiles,
  profile: Profile,
): { sessionName: string | undefined; settings: Record<string, string> } {
  const sessionName = textValue(profile, "sso_session");
  const session = sessionName === undefined ? undefined : files.ssoSession(sessionName);
  if (sessionName !== undefined && !session) {
    throw new ConfigError(
      `profile ${shown(profile.name)} names sso_session ${shown(sessionName)}, which has no [sso-session ${sessionName}] in ${files.configPath}. Add it, or run aws configure sso.`,
    );
  }
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(profile.values)) if (typeof v === "string") settings[k] = v;
  for (const [k, v] of Object.entries(session ?? {})) {
    if (typeof v !== "string") continue;
    if (settings[k] !== undefined && settings[k] !== v) {
      throw new ConfigError(
        `${k} is ${shown(settings[k])} in profile ${shown(profile.name)} but ${shown(v)} in [sso-session ${sessionName}]; the AWS CLI refuses that too. Keep one.`,
      );
    }
    settings[k] = v;
  }
  return { sessionName, settings };
}

/** SSO settings of the profile and its `[sso-session]`: every key must be there. */
function sso(ctx: ResolveContext, profile: Profile): Source {
  const { sessionName, settings } = ssoSettings(ctx.files, profile);
  const missing = SSO_KEYS.filter((k) => !settings[k]);
  if (missing.length) {
    const where =
      sessionName === undefined
        ? `profile ${shown(profile.name)}`
        : `profile ${shown(profile.name)} (with [sso-session ${sessionName}])`;
    throw new ConfigError(
      `${where} uses SSO but has no ${missing.join(", ")}. Add ${missing.length > 1 ? "them" : "it"} in ${ctx.files.configPath}.`,
    );
  }
  const config: SsoConfig = {
    startUrl: settings.sso_start_url as string,
    region: checkedFrom(
      () => valid.region(settings.sso_region as string),
      `sso_region of profile ${profile.name}${sessionName === undefined ? "" : ` ([sso-session ${sessionName}])`}`,
    ),
    accountId: settings.sso_account_id as string,
    roleName: settings.sso_role_name as string,
    sessionName,
  };
  return { kind: "sso", profile: profile.name, file: ctx.files.configPath, config };
}

/** Flags that shape an STS call: a role from the portal is taken as it is, so none of them applies. */
const STS_ONLY_FLAGS = ["duration-seconds", ...ROLE_CALL_FLAGS, "serial-number", "token-code"] as const;

/** The plan of an SSO profile's own role credentials (GetRoleCredentials). */
function ssoPlan(ctx: ResolveContext, profile: Profile, flags: Flags): Plan {
  const source = sso(ctx, profile);
  const ignored = STS_ONLY_FLAGS.find((name) => flags[name] !== undefined);
  if (ignored) {
    throw new UsageError(
      `profile ${shown(profile.name)} signs in with IAM Identity Center, whose portal hands out the role's credentials as they are: --${ignored} does not apply. Drop it, or give a role_arn to assume from it.`,
    );
  }
  const region = flags.region ?? textValue(profile, "region");
  return {
    label: profile.name,
    action: "GetRoleCredentials",
    roleSessionName: "",
    durationSeconds: 0,
    explicit: { roleSessionName: false, durationSeconds: false },
    policyArns: [],
    tags: [],
    region:
      region === undefined
        ? undefined
        : checkedFrom(
            () => valid.region(region),
            flags.region === undefined ? ctx.keyOrigin?.(profile.name, "region") : undefined,
          ),
    source,
  };
}

function fromCredentialSource(ctx: ResolveContext, profile: Profile, name: string): Source {
  if (!CREDENTIAL_SOURCES.includes(name)) {
    throw new ConfigError(
      `profile ${shown(profile.name)} has credential_source ${shown(name)}: use Environment, Ec2InstanceMetadata or EcsContainer.`,
    );
  }
  if (name !== "Environment") return { kind: "metadata", name: name as "EcsContainer", profile: profile.name };
  const source = environmentKeys(ctx.env);
  if (!source) {
    throw new ConfigError(
      `profile ${shown(profile.name)} has credential_source Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.`,
    );
  }
  return source;
}

function environmentKeys(env: NodeJS.ProcessEnv): Source | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    kind: "static",
    profile: "environment",
    file: "the environment",
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined,
  };
}

/**
 * `--role-arn` with no source: the default chain as the SDKs order it, read by awsrole — the
 * environment's keys, then the profile AWS_PROFILE names (or `default`), then instance or
 * container metadata through the SDK.
 */
function defaultSource(ctx: ResolveContext): Source {
  const fromEnv = environmentKeys(ctx.env);
  if (fromEnv) return fromEnv;
  const variable = ctx.env.AWS_PROFILE
    ? "AWS_PROFILE"
    : ctx.env.AWS_DEFAULT_PROFILE
      ? "AWS_DEFAULT_PROFILE"
      : undefined;
  const name = variable ? (ctx.env[variable] as string) : "default";
  if (ctx.files.get(name) || name !== "default")
    return sourceFrom(ctx, getProfile(ctx, name, undefined, variable).name, "", []);
  if (ctx.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || ctx.env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return { kind: "metadata", name: "EcsContainer", profile: "the container" };
  }
  if (ctx.env.AWS_EC2_METADATA_DISABLED?.toLowerCase() !== "true") {
    return { kind: "metadata", name: "Ec2InstanceMetadata", profile: "the instance" };
  }
  throw new ConfigError(
    "--role-arn has no source credentials: no AWS_ACCESS_KEY_ID in the environment, no [default] profile, and instance metadata is disabled. Pass --source-profile NAME.",
  );
}
