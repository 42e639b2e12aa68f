// Which credentials call STS for a profile: ordered lists of ways, the first that applies taken,
// as botocore's CredentialResolver walks its providers and the SDK's resolveProfileData its
// isX/resolveX pairs. `chooseSource` makes the choice (resolve.ts and `awsrole list` both use
// it); each way's `resolve` builds the source, or refuses with what to fix. A way's `name` is
// what `list` keys its SOURCE cell by; the source it builds has a `kind` (plan.ts), which is what
// the rest of awsrole acts on. One more way to a kind of source that exists is one more entry
// here, at its place in the order, and its cell in commands/list.ts (the compiler asks for it);
// a new kind of source is more work: the checklist is on `Source` in plan.ts.
import { type Profile, textValue } from "../aws-files/profiles.js";
import { tokenSource } from "../credentials/web-identity.js";
import { ConfigError, cut, shown, UsageError } from "../system/errors.js";
import { profileNamed, type ResolveContext } from "./context.js";
import type { Plan, Source } from "./plan.js";
import type { Request } from "./request.js";
import { ssoSource, usesSso } from "./sso.js";

/** One profile being planned (none for --role-arn alone), with what the run asks of it. */
export interface Hop {
  ctx: ResolveContext;
  profile: Profile | undefined;
  request: Request;
  /** The profiles seen on the way, this one last: botocore's list that turns a loop into an error. */
  visited: string[];
  /**
   * The role to assume, the request's over role_arn; none: the profile's own credentials. An
   * empty role_arn is a role (with no ARN, which resolve.ts refuses), as botocore reads it.
   */
  roleArn: string | undefined;
  /** The profile whose credentials assume the role: --source-profile, else source_profile. */
  sourceName: string | undefined;
  /** `credential_source`, unless the request names a source profile. */
  credentialSource: string | undefined;
}

/** A hop, with the keys the choice of its source turns on read once. */
export function hopFor(ctx: ResolveContext, profile: Profile | undefined, request: Request, visited: string[]): Hop {
  return {
    ctx,
    profile,
    request,
    visited,
    roleArn: request.roleArn ?? textValue(profile, "role_arn"),
    sourceName: request.sourceProfile ?? textValue(profile, "source_profile"),
    credentialSource: request.sourceProfile === undefined ? textValue(profile, "credential_source") : undefined,
  };
}

/**
 * Plans a source profile that assumes a role of its own (role chaining): resolve.ts's planFor,
 * handed down as the SDK hands resolveProfileData to its resolvers.
 */
export type Chain = (name: string, visited: string[]) => Plan;

interface Way<In, Name extends string> {
  name: Name;
  applies: (input: In) => boolean;
  /** The source, or a refusal that says what to fix. */
  resolve: (input: In, chain: Chain) => Source;
}

const first = <In, Name extends string>(ways: readonly Way<In, Name>[], input: In) =>
  // Each list ends with a way that always applies.
  ways.find((way) => way.applies(input)) as Way<In, Name>;

/** The way a hop's source is chosen, and the source it gives. */
interface Choice {
  way: WayName;
  resolve: (chain: Chain) => Source;
}

/** The name of each way a source can be chosen (`list`'s SOURCE cells), not the kind of source it gives. */
export type WayName = (typeof ROLE_WAYS)[number]["name"] | (typeof OWN_WAYS)[number]["name"];

/** A role's source, or a profile's own credentials when there is no role. */
export function chooseSource(hop: Hop): Choice {
  if (hop.roleArn !== undefined) {
    const way = first(ROLE_WAYS, hop);
    return { way: way.name, resolve: (chain) => way.resolve(hop, chain) };
  }
  // No role, so a profile: resolvePlan refuses a run with neither.
  const own = { ctx: hop.ctx, profile: hop.profile as Profile };
  const way = first(OWN_WAYS, own);
  return { way: way.name, resolve: (chain) => way.resolve(own, chain) };
}

/** `web_identity_token_file` of the profile, unless the request names a source profile. */
const tokenFileKey = (hop: Hop) =>
  hop.request.sourceProfile === undefined ? textValue(hop.profile, "web_identity_token_file") : undefined;

/** Where a role's source credentials come from: botocore's AssumeRoleProvider, web identity first. */
const ROLE_WAYS = [
  {
    // The token is the credential: the CLI's AssumeRoleWithWebIdentityProvider, or the CI's token.
    name: "web identity",
    applies: (hop: Hop) =>
      hop.request.webIdentity !== undefined ||
      hop.request.webIdentityTokenFile !== undefined ||
      tokenFileKey(hop) !== undefined,
    resolve: webIdentitySource,
  },
  {
    // What only a CI's token reads, for a role assumed without one: it would be ignored.
    name: "token options without a token",
    applies: (hop: Hop) => hop.request.audience !== undefined || hop.request.webIdentityEnv !== undefined,
    resolve: (hop: Hop) => {
      const ignored = hop.request.audience !== undefined ? "--audience" : "--web-identity-env";
      throw new UsageError(
        `${ignored} is for a CI's OIDC token, and ${shown(hop.profile?.name ?? (hop.roleArn as string))} is not assumed with one, so it would be ignored. Add --web-identity, or drop ${ignored}.`,
      );
    },
  },
  {
    name: "source_profile and credential_source",
    applies: (hop: Hop) => hop.sourceName !== undefined && hop.credentialSource !== undefined,
    resolve: (hop: Hop) => {
      throw new ConfigError(
        `profile ${shown(hop.profile?.name ?? "")} has both source_profile and credential_source; the AWS CLI refuses it too. Keep one.`,
      );
    },
  },
  {
    name: "source_profile",
    applies: (hop: Hop) => hop.sourceName !== undefined,
    resolve: (hop: Hop, chain: Chain) =>
      sourceProfile(hop.ctx, hop.sourceName as string, hop.profile?.name ?? "", hop.visited, chain),
  },
  {
    name: "credential_source",
    applies: (hop: Hop) => hop.credentialSource !== undefined,
    resolve: (hop: Hop) => credentialSource(hop.ctx, hop.profile as Profile, hop.credentialSource as string),
  },
  {
    // `awsrole foo --role-arn ARN`: foo's own credentials call STS, as with --source-profile foo.
    name: "own credentials",
    applies: (hop: Hop) => hop.profile !== undefined && !textValue(hop.profile, "role_arn"),
    resolve: (hop: Hop, chain: Chain) => ownSource(hop.ctx, hop.profile as Profile, chain),
  },
  {
    name: "no source",
    applies: (hop: Hop) => hop.profile !== undefined,
    resolve: (hop: Hop) => {
      throw new ConfigError(
        `profile ${shown(hop.profile?.name ?? "")} has role_arn but no source_profile or credential_source. Add one of them, or pass --source-profile.`,
      );
    },
  },
  {
    // --role-arn alone: the default chain, below.
    name: "default chain",
    applies: () => true,
    resolve: (hop: Hop, chain: Chain) => first(DEFAULT_CHAIN, hop.ctx).resolve(hop.ctx, chain),
  },
] as const satisfies readonly Way<Hop, string>[];

function webIdentitySource(hop: Hop): Source {
  const { request } = hop;
  const token = tokenSource(hop.ctx.env, {
    source: request.webIdentity === true ? undefined : request.webIdentity,
    tokenFile: request.webIdentityTokenFile ?? tokenFileKey(hop),
    envName: request.webIdentityEnv,
    audience: request.audience,
  });
  // What the token source does not read would be ignored: refused, as every ignored flag is.
  if (request.audience !== undefined && token.from !== "github" && token.from !== "buildkite")
    throw new UsageError(
      `--audience is for a token awsrole asks GitHub Actions or Buildkite for; this one ${token.from === "file" ? `is read from ${shown(token.path)}` : `comes from ${token.name}`}, so --audience would be ignored. Drop it.`,
    );
  if (request.webIdentityEnv !== undefined && !(token.from === "env" && token.name === request.webIdentityEnv))
    throw new UsageError(
      `--web-identity-env names GitLab's token variable, but the token here comes from ${token.from === "file" ? shown(token.path) : token.from === "env" ? token.name : token.from}, so it would be ignored. Drop it.`,
    );
  return { kind: "token", token };
}

/**
 * botocore's _validate_source_profile and _resolve_credentials_from_profile: a profile seen
 * before is a loop, except a profile naming itself that has keys of its own; a source with keys
 * (either key) or without role_arn gives its own credentials; otherwise its role is assumed.
 */
function sourceProfile(ctx: ResolveContext, name: string, parent: string, visited: string[], chain: Chain): Source {
  const profile = profileNamed(ctx, name, parent);
  const hasKeys = profile.values.aws_access_key_id !== undefined || profile.values.aws_secret_access_key !== undefined;
  if (visited.includes(name) && (name !== parent || !hasKeys)) {
    throw new ConfigError(
      `source_profile loop: ${cut([...visited, name].join(" -> "), 300, "")}. Make one of these profiles use keys, SSO or credential_process.`,
    );
  }
  const assumesRole = profile.values.role_arn !== undefined && profile.values.web_identity_token_file === undefined;
  if (hasKeys || !assumesRole) return ownSource(ctx, profile, chain);
  return { kind: "role", plan: chain(name, [...visited, name]) };
}

type Own = { ctx: ResolveContext; profile: Profile };
const key = ({ profile }: Own, k: string) => textValue(profile, k);

/** A profile's own credentials, in the order of botocore's ProfileProviderBuilder. */
const OWN_WAYS = [
  {
    name: "role with web identity",
    applies: (own: Own) => key(own, "role_arn") !== undefined && key(own, "web_identity_token_file") !== undefined,
    resolve: ({ profile }: Own, chain: Chain): Source => ({ kind: "role", plan: chain(profile.name, [profile.name]) }),
  },
  {
    name: "sso",
    applies: ({ profile }: Own) => usesSso(profile),
    resolve: ({ ctx, profile }: Own) => ssoSource(ctx, profile),
  },
  {
    name: "keys",
    applies: ({ profile }: Own) => profile.inCredentials?.aws_access_key_id !== undefined,
    resolve: ({ ctx, profile }: Own) => profileKeys(profile, profile.inCredentials, ctx.files.credentialsPath),
  },
  {
    name: "login_session",
    applies: (own: Own) => key(own, "login_session") !== undefined,
    resolve: ({ profile }: Own) => {
      throw new ConfigError(
        `profile ${shown(profile.name)} signs in with login_session (aws login), which awsrole does not support. Use it as a source through credential_process = aws configure export-credentials --profile ${profile.name} --format process.`,
      );
    },
  },
  {
    name: "credential_process",
    applies: (own: Own) => key(own, "credential_process") !== undefined,
    resolve: ({ ctx, profile }: Own): Source => ({
      kind: "process",
      profile: profile.name,
      file: profile.inCredentials?.credential_process !== undefined ? ctx.files.credentialsPath : ctx.files.configPath,
      command: textValue(profile, "credential_process") as string,
    }),
  },
  {
    name: "keys",
    applies: ({ profile }: Own) => profile.inConfig?.aws_access_key_id !== undefined,
    resolve: ({ ctx, profile }: Own) => profileKeys(profile, profile.inConfig, ctx.files.configPath),
  },
  {
    name: "incomplete sso",
    applies: (own: Own) => key(own, "sso_session") !== undefined || key(own, "sso_start_url") !== undefined,
    resolve: (own: Own) => {
      throw new ConfigError(
        `profile ${shown(own.profile.name)} names ${key(own, "sso_session") === undefined ? "sso_start_url" : "sso_session"} but has neither sso_account_id nor sso_role_name, so it gives no credentials. Add both (aws configure sso writes them).`,
      );
    },
  },
  {
    name: "no credentials",
    applies: () => true,
    resolve: ({ profile }: Own) => {
      throw new ConfigError(
        `profile ${shown(profile.name)} has no credentials (aws_access_key_id, credential_process, SSO or role_arn). Add them with aws configure --profile ${profile.name}.`,
      );
    },
  },
] as const satisfies readonly Way<Own, string>[];

function ownSource(ctx: ResolveContext, profile: Profile, chain: Chain): Source {
  const own = { ctx, profile };
  return first(OWN_WAYS, own).resolve(own, chain);
}

/** The keys a profile has in one of the two files (botocore reads each file with its own provider). */
function profileKeys(profile: Profile, values: Profile["values"] | undefined, file: string): Source {
  const get = (k: string) => textValue({ name: profile.name, values: values ?? {} }, k);
  const secretAccessKey = get("aws_secret_access_key");
  if (secretAccessKey === undefined) {
    throw new ConfigError(
      `profile ${shown(profile.name)} in ${file} has aws_access_key_id but no aws_secret_access_key. Add the secret key.`,
    );
  }
  return {
    kind: "static",
    from: "profile",
    profile: profile.name,
    file,
    accessKeyId: get("aws_access_key_id") as string,
    secretAccessKey,
    sessionToken: get("aws_session_token") ?? get("aws_security_token"),
  };
}

const CREDENTIAL_SOURCES = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

function credentialSource(ctx: ResolveContext, profile: Profile, name: string): Source {
  if (!CREDENTIAL_SOURCES.includes(name)) {
    throw new ConfigError(
      `profile ${shown(profile.name)} has credential_source ${shown(name)}: use Environment, Ec2InstanceMetadata or EcsContainer.`,
    );
  }
  if (name !== "Environment")
    return { kind: "metadata", name: name as "EcsContainer", from: "profile", profile: profile.name };
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
    from: "environment",
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN || undefined,
  };
}

/** The profile the default chain reads: AWS_PROFILE's, else AWS_DEFAULT_PROFILE's, else `default`. */
function defaultProfile(env: NodeJS.ProcessEnv): { name: string; variable?: string } {
  const variable = env.AWS_PROFILE ? "AWS_PROFILE" : env.AWS_DEFAULT_PROFILE ? "AWS_DEFAULT_PROFILE" : undefined;
  return variable ? { name: env[variable] as string, variable } : { name: "default" };
}

/**
 * `--role-arn` with no source: the default chain as the SDKs order it, read by awsrole — the
 * environment's keys, then the profile AWS_PROFILE names (or `default`), then the container's
 * or the instance's metadata through the SDK.
 */
const DEFAULT_CHAIN: readonly Way<ResolveContext, string>[] = [
  {
    name: "environment",
    applies: (ctx) => environmentKeys(ctx.env) !== undefined,
    resolve: (ctx) => environmentKeys(ctx.env) as Source,
  },
  {
    name: "profile",
    // A profile AWS_PROFILE names must be there (an error says so); a missing `default` is passed over.
    applies: (ctx) => {
      const { name } = defaultProfile(ctx.env);
      return ctx.files.get(name) !== undefined || name !== "default";
    },
    resolve: (ctx, chain) => {
      const { name, variable } = defaultProfile(ctx.env);
      return sourceProfile(ctx, profileNamed(ctx, name, undefined, variable).name, "", [], chain);
    },
  },
  {
    name: "container",
    applies: (ctx) =>
      Boolean(ctx.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || ctx.env.AWS_CONTAINER_CREDENTIALS_FULL_URI),
    resolve: () => ({ kind: "metadata", name: "EcsContainer", from: "default chain" }),
  },
  {
    name: "instance",
    applies: (ctx) => ctx.env.AWS_EC2_METADATA_DISABLED?.toLowerCase() !== "true",
    resolve: () => ({ kind: "metadata", name: "Ec2InstanceMetadata", from: "default chain" }),
  },
  {
    name: "none",
    applies: () => true,
    resolve: () => {
      throw new ConfigError(
        "--role-arn has no source credentials: no AWS_ACCESS_KEY_ID in the environment, no [default] profile, and instance metadata is disabled. Pass --source-profile NAME.",
      );
    },
  },
];
