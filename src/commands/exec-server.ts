// `awsrole exec PROFILE --server -- CMD`: CMD gets an endpoint and a token instead of keys, and
// the credentials it fetches there are renewed while it runs (a bundle of its own, with node:http).
import type { SessionCredentials, StsSession } from "../caller.js";
import { startCredentialServer } from "../credential-server.js";
import { isAwsroleError, oneLine } from "../errors.js";
import type { Io } from "../io.js";
import type { ProfileFiles } from "../profiles.js";
import { RenewingSession } from "../renewing-session.js";
import type { Plan } from "../resolve.js";
import type { Secrets } from "../secrets.js";

/**
 * Variables that the AWS CLI and the SDKs read before the container endpoint (botocore's
 * credential chain: environment keys, web identity, profiles, then container-role; the JS SDK's
 * defaultProvider in the same order), or that redirect the container provider elsewhere (a
 * relative URI and a token file win over the full URI and the token).
 */
const PREFERRED = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  // The first session's expiry: a shell in CMD with `awsrole init` would renew keys at its prompt.
  "AWSROLE_EXPIRES_EPOCH",
];

/** Settings that give the default profile credentials of its own, which the SDKs would use first. */
const CREDENTIAL_SETTINGS = [
  "aws_access_key_id",
  "role_arn",
  "credential_process",
  "sso_session",
  "sso_start_url",
  "web_identity_token_file",
  "login_session",
];

export interface Assumed {
  plan: Plan;
  session: StsSession;
  renew: () => Promise<StsSession>;
  files: ProfileFiles;
  warn: (message: string) => void;
}

/** Starts the endpoint and points `env` (CMD's environment) at it; close it when CMD has ended. */
export async function serveCredentials(
  io: Io,
  assumed: Assumed,
  env: NodeJS.ProcessEnv,
  secrets: Secrets,
  verbose: boolean,
): Promise<{ close: () => Promise<void> }> {
  const { plan, files, warn } = assumed;
  const first = assumed.session.credentials;
  if (!first.expiration) throw new Error("a served session needs an expiry");
  const describe = (error: unknown) =>
    secrets.redact(oneLine(isAwsroleError(error) ? error.message : `unexpected error: ${(error as Error).message}`));
  const session = new RenewingSession(
    { ...first, expiration: first.expiration },
    async (): Promise<SessionCredentials> => {
      const renewed = (await assumed.renew()).credentials;
      if (verbose)
        io.stderr(`awsrole: renewed the session of ${plan.label} until ${renewed.expiration?.toISOString()}\n`);
      return renewed;
    },
    io.now,
    (message) =>
      warn(
        `could not renew the session of ${plan.label} for the command (${message}); it gets an error once its keys expire.`,
      ),
    describe,
  );
  const server = await startCredentialServer(() => session.credentials(), describe);
  secrets.add(server.token);
  for (const key of PREFERRED) delete env[key];
  env.AWS_CONTAINER_CREDENTIALS_FULL_URI = server.url;
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN = server.token;
  shadowingDefault(files, env, warn);
  return {
    close: async () => {
      session.stop();
      await server.close();
    },
  };
}

/**
 * A `default` profile with credentials comes before the container endpoint in every SDK's chain,
 * so CMD would run as that identity instead of the role. In the credentials file (the usual place
 * for an IAM user's keys) CMD is given no credentials file; in the config file it is only warned
 * about, since that file also holds the regions and settings CMD needs.
 */
function shadowingDefault(files: ProfileFiles, env: NodeJS.ProcessEnv, warn: (message: string) => void): void {
  const profile = files.get("default");
  const has = (values: Record<string, unknown> | undefined) =>
    CREDENTIAL_SETTINGS.find((key) => values?.[key] !== undefined);
  if (has(profile?.inCredentials)) {
    env.AWS_SHARED_CREDENTIALS_FILE = process.getBuiltinModule("node:os").devNull;
  }
  const inConfig = has(profile?.inConfig);
  if (inConfig) {
    warn(
      `profile default in the config file has ${inConfig}, which the AWS CLI and SDKs inside the command use before the role awsrole serves. Move it to a named profile.`,
    );
  }
}
