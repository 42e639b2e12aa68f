// The seam between awsrole and STS. sts.ts implements it with the SDK; unit tests implement it
// with a table, to produce the failures a local STS server cannot (throttling, expired tokens).

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface StsSession {
  credentials: Required<Credentials>;
  /** The assumed-role ARN (AssumeRole only). */
  arn?: string;
}

export interface Identity {
  arn: string;
  account: string;
}

/** Sources the SDK's own providers resolve. */
export type SdkSource =
  | { kind: "sdk-profile"; profile: string; configPath: string; credentialsPath: string }
  | { kind: "credential-source"; name: "Environment" | "Ec2InstanceMetadata" | "EcsContainer" }
  | { kind: "default" };

export interface AssumeRoleInput {
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

export interface GetSessionTokenInput {
  DurationSeconds: number;
  SerialNumber?: string;
  TokenCode?: string;
}

export interface StsCaller {
  sourceCredentials(source: SdkSource): Promise<Credentials>;
  assumeRole(credentials: Credentials, region: string, input: AssumeRoleInput): Promise<StsSession>;
  getSessionToken(credentials: Credentials, region: string, input: GetSessionTokenInput): Promise<StsSession>;
  getCallerIdentity(credentials: Credentials, region: string): Promise<Identity>;
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

export function isStsFailure(error: unknown): error is StsFailure {
  return (error as StsFailure | undefined)?.isStsFailure === true;
}
