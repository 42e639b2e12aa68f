/**
 * What a run asks for beside the profile: each value overrides the profile's key of the same
 * meaning (role_arn, source_profile, mfa_serial, duration_seconds, …) or adds what no profile key
 * sets (a session policy, tags, a CI's OIDC token). Values are as written; the resolver checks them.
 */
export interface Request {
  roleArn?: string;
  sourceProfile?: string;
  mfaSerial?: string;
  /** Read by the resolver only to refuse a code where no call takes one. */
  tokenCode?: string;
  /** Seconds, or 15m, 1h, 12h. */
  duration?: string;
  sessionName?: string;
  externalId?: string;
  /** JSON text, or file://PATH. */
  policy?: string;
  policyArns?: string[];
  sourceIdentity?: string;
  /** KEY=VALUE each. */
  tags?: string[];
  region?: string;
  /** Assume with an OIDC token (AssumeRoleWithWebIdentity); a string names where the token comes from. */
  webIdentity?: true | string;
  webIdentityTokenFile?: string;
  webIdentityEnv?: string;
  audience?: string;
}

/**
 * The flag that sets each field (args/options.ts): refusals and `-v` name what was typed, and
 * commands/role-session.ts builds a Request from the flags with this table alone.
 */
export const REQUEST_FLAGS = {
  roleArn: "role-arn",
  sourceProfile: "source-profile",
  mfaSerial: "serial-number",
  tokenCode: "token-code",
  duration: "duration-seconds",
  sessionName: "role-session-name",
  externalId: "external-id",
  policy: "policy",
  policyArns: "policy-arns",
  sourceIdentity: "source-identity",
  tags: "tag",
  region: "region",
  webIdentity: "web-identity",
  webIdentityTokenFile: "web-identity-token-file",
  webIdentityEnv: "web-identity-env",
  audience: "audience",
} as const satisfies Record<keyof Request, string>;

/** The first of `fields` the request sets, as its flag's name: what a refusal names. */
export function givenFlag(request: Request, fields: readonly (keyof Request)[]): string | undefined {
  const given = fields.find((field) => request[field] !== undefined);
  return given === undefined ? undefined : REQUEST_FLAGS[given];
}
