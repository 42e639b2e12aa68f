// `awsrole login [PROFILE]`: signs in to the IAM Identity Center session a profile uses, as
// `aws sso login --profile PROFILE` does, and writes the token where both tools read it.
import { join } from "node:path";
import type { Flags } from "../args/options.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "../aws-files/profiles.js";
import { login, openBrowser, type SsoSession } from "../credentials/sso-login.js";
import type { Source } from "../plan/plan.js";
import { resolvePlan } from "../plan/resolve.js";
import { ssoSettings } from "../plan/sso.js";
import { Deadline } from "../system/deadline.js";
import { ConfigError, shown, UsageError } from "../system/errors.js";
import { clock } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";

/** The session to sign in to: the profile's `[sso-session]`, its legacy start URL, or its chain's SSO source. */
export function sessionOf(
  files: ProfileFiles,
  env: NodeJS.ProcessEnv,
  name: string,
  place: { home: string; platform: string },
): SsoSession {
  const profile = files.get(name);
  if (!profile) {
    throw new ConfigError(
      `profile ${shown(name)} is not in ${files.configPath}. Run awsrole list to see the profiles.`,
    );
  }
  // The same merge and checks as awsrole PROFILE (a key that differs between the two is refused).
  const { sessionName, settings } = ssoSettings(files, profile);
  const startUrl = settings.sso_start_url;
  const region = settings.sso_region;
  if (sessionName !== undefined || startUrl !== undefined) {
    const missing = [startUrl === undefined && "sso_start_url", region === undefined && "sso_region"].filter(Boolean);
    if (startUrl === undefined || region === undefined) {
      const where = sessionName === undefined ? `profile ${shown(name)}` : `[sso-session ${sessionName}]`;
      throw new ConfigError(`${where} has no ${missing.join(", ")}. Add it in ${files.configPath}.`);
    }
    return { startUrl, region, ...(sessionName === undefined ? {} : { sessionName }) };
  }
  // A role profile whose chain starts at an SSO profile: that profile's session.
  const ctx = {
    files,
    env,
    ...place,
    userName: () => "",
    readFile: () => undefined,
    warn: () => {},
    mfaSessionSeconds: 3600,
  };
  let source: Source = resolvePlan(ctx, name, {}).source;
  while (source.kind === "role") source = source.plan.source;
  if (source.kind === "sso") return sessionOf(files, env, source.profile, place);
  throw new UsageError(
    `profile ${shown(name)} does not sign in with IAM Identity Center (no sso_session or sso_start_url).`,
  );
}

/** sso_registration_scopes as the CLI parses them: comma-separated, trimmed, empties dropped. */
function scopesOf(files: ProfileFiles, session: SsoSession): string[] | undefined {
  if (session.sessionName === undefined) return undefined;
  const text = files.ssoSession(session.sessionName)?.sso_registration_scopes;
  if (typeof text !== "string") return undefined;
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Signs in (used by the command and by an assume that found no valid token on a terminal). */
export async function signIn(io: Io, session: SsoSession, files: ProfileFiles, deviceCode: boolean, secrets: Secrets) {
  const token = await login(
    session,
    { deviceCode, scopes: scopesOf(files, session) },
    {
      ssoTokenDir: join(io.home, ".aws", "sso", "cache"),
      env: io.env,
      readFile: io.readFile,
      deadline: Deadline.fromEnv(io.env.AWSROLE_TIMEOUT),
      secrets,
      now: io.now,
      tell: (message) => io.stderr(`awsrole: ${message}\n`),
      openBrowser: openBrowser(io.env, io.platform),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  );
  const expiry = new Date(token.expiresAt);
  const which = session.sessionName === undefined ? session.startUrl : `sso-session ${session.sessionName}`;
  io.stderr(`awsrole: signed in to ${which}, until ${clock(expiry)}.\n`);
}

export async function loginCommand(io: Io, args: string[], flags: Flags, secrets: Secrets): Promise<undefined> {
  if (args.length > 1) throw new UsageError(`login takes one profile, not ${args.length}.`);
  const variable =
    args[0] !== undefined
      ? undefined
      : io.env.AWS_PROFILE
        ? "AWS_PROFILE"
        : io.env.AWS_DEFAULT_PROFILE
          ? "AWS_DEFAULT_PROFILE"
          : undefined;
  const name = args[0] ?? (variable ? (io.env[variable] as string) : "default");
  const files = loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile);
  if (variable && !files.get(name))
    throw new ConfigError(
      `${variable} names profile ${shown(name)}, which is not in ${files.configPath}. Fix or unset ${variable}, or run awsrole login PROFILE.`,
    );
  await signIn(io, sessionOf(files, io.env, name, io), files, flags["device-code"] === true, secrets);
  return undefined;
}
