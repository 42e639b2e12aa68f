// What the resolver (resolve.ts) hands to the caller (credentials/run-plan.ts): the call to make
// and the source credentials that make it, each hop of a role chain a plan of its own.
import type { TokenSource } from "../credentials/web-identity.js";

/**
 * Where the credentials that call STS come from, one hop's, as sources.ts chooses them.
 *
 * A new kind is more than its member here. The compiler names these (each a switch over `kind`
 * with no default, which must cover every kind):
 * - credentials/run-plan.ts: `sourceCredentials` (how its credentials are had), `describeSource`
 *   (its name in errors), `sessionCacheKey` (whether a profile's own session from it is cached);
 * - origins.ts `sourceOrigin` (what -v says of it);
 * - resolve.ts `mayBeUserKeys` (whether it takes the source profile's mfa_serial).
 * And these it does not:
 * - a way in sources.ts that builds it, at its place in the order (a new way needs its SOURCE
 *   cell in commands/list.ts, which the compiler asks for);
 * - the STS call its plan makes, chosen in resolve.ts (a token: AssumeRoleWithWebIdentity; an SSO
 *   profile's own: GetRoleCredentials), on which run-plan.ts's `runPlan` dispatches;
 * - the places that treat one kind apart (search for `.kind`): MFA once per IAM user in
 *   run-plan.ts, a CI token's session left uncached, the SSO columns of list, login, console;
 * - tests: test/resolve.oracle.test.ts, where the AWS CLI reads the same profile.
 */
export type Source =
  /** Keys written in a profile: used as they are. */
  | {
      kind: "static";
      from: "profile";
      profile: string;
      file: string;
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    }
  /** Keys in the environment (AWS_ACCESS_KEY_ID): `credential_source = Environment`, or --role-arn's default chain. */
  | { kind: "static"; from: "environment"; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** `credential_process`: awsrole runs the command itself, as botocore does. */
  | { kind: "process"; profile: string; file: string; command: string }
  /** IAM Identity Center: the cached token, then GetRoleCredentials (credentials/sso.ts). */
  | { kind: "sso"; profile: string; file: string; config: SsoConfig }
  /** The OIDC token of an AssumeRoleWithWebIdentity plan: a file, or the CI's token service. */
  | { kind: "token"; token: TokenSource }
  /** Another role profile: role chaining (cache and MFA apply to each hop). */
  | { kind: "role"; plan: Plan }
  /** A profile's `credential_source` Ec2InstanceMetadata or EcsContainer: the SDK's metadata providers. */
  | { kind: "metadata"; name: MetadataName; from: "profile"; profile: string }
  /** --role-arn with no source at all: the container's or the instance's, as the SDKs' default chain finds them. */
  | { kind: "metadata"; name: MetadataName; from: "default chain" };

type MetadataName = "Ec2InstanceMetadata" | "EcsContainer";

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

/** Whose metadata credentials: the profile that names them, or the container or instance the chain found. */
export function metadataOwner(source: Extract<Source, { kind: "metadata" }>): string {
  if (source.from === "profile") return source.profile;
  return source.name === "EcsContainer" ? "the container" : "the instance";
}
