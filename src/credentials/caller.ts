// The seam between awsrole and STS. sts.ts implements it with the SDK; unit tests implement it
// with a table, to produce the failures a local STS server cannot (throttling, expired tokens).
// Every call takes the run's deadline signal (deadline.ts).

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** A session: always a token; an expiry except for keys passed through as they were written. */
export type SessionCredentials = Credentials & { sessionToken: string };

export interface StsSession {
  credentials: SessionCredentials;
  /** The assumed-role ARN (AssumeRole only). */
  arn?: string;
}

export interface Identity {
  arn: string;
  account: string;
}

/** Sources only the SDK's own providers resolve: instance or container metadata. */
export type SdkSource = { kind: "metadata"; name: "Ec2InstanceMetadata" | "EcsContainer" };

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds: number;
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  Policy?: string;
  PolicyArns?: { arn: string }[];
  SourceIdentity?: string;
  Tags?: { Key: string; Value: string }[];
}

interface WebIdentityInput {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  DurationSeconds: number;
  Policy?: string;
  PolicyArns?: { arn: string }[];
}

interface GetSessionTokenInput {
  DurationSeconds: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/**
 * STS's bounds on DurationSeconds: at least 15 minutes for every call; AssumeRole up to 12 hours
 * (the role's own maximum may be lower) and an hour by default, the most it allows when the
 * caller is itself a role session (role chaining); GetSessionToken up to 36 hours.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
export const ONE_HOUR = 3600;
export const MAX_ROLE_SECONDS = 43_200;
export const MAX_SESSION_TOKEN_SECONDS = 129_600;

export interface StsCaller {
  sourceCredentials(source: SdkSource, signal: AbortSignal): Promise<Credentials>;
  assumeRole(
    credentials: Credentials,
    region: string,
    input: AssumeRoleInput,
    signal: AbortSignal,
  ): Promise<StsSession>;
  assumeRoleWithWebIdentity(region: string, input: WebIdentityInput, signal: AbortSignal): Promise<StsSession>;
  getSessionToken(
    credentials: Credentials,
    region: string,
    input: GetSessionTokenInput,
    signal: AbortSignal,
  ): Promise<StsSession>;
  getCallerIdentity(credentials: Credentials, region: string, signal: AbortSignal): Promise<Identity>;
}

/**
 * A failed call, classified; `code` is STS's error code (AccessDenied, ExpiredToken, …).
 * sts.ts is a separate bundle with its own copy of this class, so test with isStsFailure, not
 * instanceof.
 */
export class StsFailure extends Error {
  readonly isStsFailure = true;
  constructor(
    readonly code: string,
    message: string,
    readonly network: boolean,
    readonly errno?: string,
  ) {
    super(message);
  }
}

/** An HTTP answer that is not STS's (an HTML page): said as such, not as the SDK's parse error. */
export const notStsAnswer = (endpoint: string, error: StsFailure) =>
  `${endpoint} answered something that is not an STS response (${error.message}). Check AWS_ENDPOINT_URL_STS (or AWS_ENDPOINT_URL) and any proxy (HTTPS_PROXY) or captive portal between here and STS.`;

export function isStsFailure(error: unknown): error is StsFailure {
  return (error as StsFailure | undefined)?.isStsFailure === true;
}
