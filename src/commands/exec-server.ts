// `awsrole exec PROFILE --server -- CMD`: CMD gets an endpoint and a token instead of keys, and
// the credentials it fetches there are renewed while it runs (a bundle of its own, with node:http).

import { parseIni, sectionValues } from "../aws-files/ini.js";
import type { ProfileFiles } from "../aws-files/profiles.js";
import type { SessionCredentials, StsSession } from "../credentials/caller.js";
import { startCredentialServer } from "../credentials/credential-server.js";
import { RenewingSession } from "../credentials/renewing-session.js";
import type { Plan } from "../plan/plan.js";
import { isAwsroleError, oneLine, shown, UsageError } from "../system/errors.js";
import { clock } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";

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
  // botocore's ec2-credentials-file provider (the old EC2 API tools' key file), before container-role.
  "AWS_CREDENTIAL_FILE",
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

interface Assumed {
  plan: Plan;
  session: StsSession;
  /** Another session of the plan; `codeNeeded` stands in for the terminal prompt (never opened while CMD runs). */
  renew: (codeNeeded: () => Promise<string>) => Promise<StsSession>;
  files: ProfileFiles;
  warn: (message: string) => void;
  /** Whether sessions are cached (not --no-cache): then another awsrole run can renew for the server. */
  cached: boolean;
}

/** What CMD's environment needs done: `remove` drops a variable in every spelling the platform takes as its name. */
interface ChildEnv {
  env: NodeJS.ProcessEnv;
  remove: (key: string) => void;
  /** CMD, for messages. */
  command: string;
}

/**
 * Starts the endpoint and points CMD's environment at it; close it when CMD has ended. A session
 * without an expiry is refused first (exit 2): it cannot be renewed in time.
 */
export async function serveCredentials(
  io: Io,
  assumed: Assumed,
  child: ChildEnv,
  secrets: Secrets,
  verbose: boolean,
): Promise<{ close: () => Promise<void> }> {
  const { plan, files, warn } = assumed;
  const { env, remove } = child;
  const first = assumed.session.credentials;
  if (!first.expiration) {
    // Only a credential_process answers a session without Expiration; awsrole had to run it to see.
    throw new UsageError(
      `--server serves a session it renews before it expires, but the credentials of ${shown(plan.label)} (from its credential_process, which awsrole ran to find out) are a session without Expiration. Make the process print Expiration, or run exec without --server.`,
    );
  }
  const describe = (error: unknown) =>
    secrets.redact(oneLine(isAwsroleError(error) ? error.message : `unexpected error: ${(error as Error).message}`));
  const program = shown(child.command);
  // A renewal never opens the terminal: CMD owns it (a prompt in raw mode would fight CMD for the
  // keys, swallow its Ctrl-C, leave the terminal raw if CMD dies, and stop a background job with
  // SIGTTOU). A code comes from mfa_process, or from another awsrole run of the profile, which
  // writes its MFA session to the cache that the next try (every 10 s) reads.
  const codeNeeded = async (): Promise<string> => {
    throw new UsageError(
      assumed.cached
        ? `renewing the session of ${shown(plan.label)} for ${program} needs a new MFA code, which awsrole does not ask for while ${program} runs. To keep serving it, run \`awsrole ${plan.label} -q >/dev/null\` (or any awsrole run of ${plan.label}) in another terminal; awsrole picks up that session within 10 seconds`
        : `renewing the session of ${shown(plan.label)} for ${program} needs a new MFA code, which awsrole does not ask for while ${program} runs, and with --no-cache no other awsrole run can give it one. Next time, drop --no-cache or set mfa_process in the profile`,
    );
  };
  const session = new RenewingSession(
    { ...first, expiration: first.expiration },
    async (): Promise<SessionCredentials> => {
      const renewed = (await assumed.renew(codeNeeded)).credentials;
      if (verbose)
        io.stderr(`awsrole: renewed the session of ${plan.label} until ${renewed.expiration?.toISOString()}\n`);
      return renewed;
    },
    io.now,
    (message, until) =>
      warn(`${message}. (${program} keeps its current keys until ${clock(until)}, then gets this error from the SDK.)`),
    describe,
  );
  const server = await startCredentialServer(() => session.credentials(), describe);
  secrets.add(server.token);
  for (const key of PREFERRED) remove(key);
  remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  remove("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  env.AWS_CONTAINER_CREDENTIALS_FULL_URI = server.url;
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN = server.token;
  shadowingDefault(files, child, warn);
  shadowingBoto(io, child);
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
function shadowingDefault(files: ProfileFiles, { env, remove }: ChildEnv, warn: (message: string) => void): void {
  const profile = files.get("default");
  const has = (values: Record<string, unknown> | undefined) =>
    CREDENTIAL_SETTINGS.find((key) => values?.[key] !== undefined);
  if (has(profile?.inCredentials)) {
    remove("AWS_SHARED_CREDENTIALS_FILE");
    env.AWS_SHARED_CREDENTIALS_FILE = process.getBuiltinModule("node:os").devNull;
  }
  const inConfig = has(profile?.inConfig);
  if (inConfig) {
    warn(
      `profile default in the config file has ${inConfig}, which the AWS CLI and SDKs inside the command use before the role awsrole serves. Move it to a named profile.`,
    );
  }
}

/**
 * botocore's boto-config provider (boto 2's file: BOTO_CONFIG, else /etc/boto.cfg and ~/.boto)
 * also comes before the container endpoint, when its [Credentials] has both keys: CMD is then
 * given BOTO_CONFIG=/dev/null, as it is given no credentials file above. A file without AWS keys
 * (gsutil's) is left to CMD; so is one awsrole cannot parse (botocore fails on it anyway).
 * botocore takes /dev/null (NUL on Windows) for no file, as it is not a regular file.
 * https://github.com/boto/botocore/blob/develop/botocore/credentials.py (BotoProvider)
 */
function shadowingBoto(io: Io, { env, remove }: ChildEnv): void {
  const given = env.BOTO_CONFIG;
  const paths = given === undefined ? ["/etc/boto.cfg", `${io.home}/.boto`] : [given.replace(/^~(?=[/\\]|$)/, io.home)];
  const hasKeys = (path: string) => {
    try {
      const text = io.readFile(path);
      const ini = text === undefined ? undefined : parseIni(path, text);
      const section = ini?.sections.find((s) => s.name === "Credentials");
      if (!ini || !section) return false;
      const values = sectionValues(ini, section);
      return values.aws_access_key_id !== undefined && values.aws_secret_access_key !== undefined;
    } catch {
      return false;
    }
  };
  if (paths.some(hasKeys)) {
    remove("BOTO_CONFIG");
    env.BOTO_CONFIG = process.getBuiltinModule("node:os").devNull;
  }
}
