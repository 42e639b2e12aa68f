// What every command that assumes a role shares: the two files read once into a resolution
// context, and a role's session resolved and run (cache, MFA, STS) with the checks a command adds.
import { join } from "node:path";
import type { Flags } from "../args/options.js";
import { configIndex } from "../aws-files/config-index.js";
import { codeCacheDir } from "../aws-files/home.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "../aws-files/profiles.js";
import { cacheDir, readCachedSession } from "../credentials/cache.js";
import { MAX_SESSION_TOKEN_SECONDS, ONE_HOUR, type StsSession } from "../credentials/caller.js";
import { givenTokenCode, tokenCodes } from "../credentials/mfa.js";
import { type AssumeDeps, runPlan, sessionCacheKey } from "../credentials/run-plan.js";
import { envRegion, stsEndpoint } from "../formats/changes.js";
import { posixWord } from "../formats/posix.js";
import { checkedFrom } from "../plan/context.js";
import { keyPlace, valueOrigins } from "../plan/origins.js";
import { chainNeedsMfa, type Plan } from "../plan/plan.js";
import { REQUEST_FLAGS, type Request } from "../plan/request.js";
import { resolvePlan } from "../plan/resolve.js";
import * as valid from "../plan/validate.js";
import { ownFolder } from "../system/code-cache.js";
import { Deadline, waitingLine } from "../system/deadline.js";
import { shown, UsageError } from "../system/errors.js";
import { minutesUntil } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import { paint } from "../system/paint.js";
import type { Secrets } from "../system/secrets.js";

/** The resolution context every command shares: the two files, read once. */
export function context(io: Io, warn: (message: string) => void) {
  const paths = awsFilePaths(io.env, io.home, io.platform);
  // A long config file is indexed in the code cache's folder, under the same rules of trust.
  const cacheFolder = codeCacheDir(io.env, io.writableHome);
  const folder = cacheFolder && ownFolder(cacheFolder, io.writableHome, io.platform);
  const files = loadProfiles(paths, io.readFile, configIndex(paths.configPath, folder));
  const mfaSessionText = io.env.AWSROLE_MFA_SESSION_DURATION;
  const mfaSessionSeconds = mfaSessionText
    ? checkedFrom(
        () => valid.duration(mfaSessionText, 900, MAX_SESSION_TOKEN_SECONDS),
        () => "environment AWSROLE_MFA_SESSION_DURATION",
      )
    : MFA_SESSION_SECONDS;
  return {
    ctx: {
      files,
      env: io.env,
      userName: io.userName,
      readFile: io.readFile,
      home: io.home,
      platform: io.platform,
      warn,
      mfaSessionSeconds,
      keyOrigin: (profile: string, key: string) => {
        const place = keyPlace(files, profile, key);
        return place && `${key} of profile ${profile}, ${place}`;
      },
    },
  };
}

/** A Request's fields as the flags type them: a flag renamed or retyped in options.ts fails to compile here. */
type FlagRequest = { [F in keyof typeof REQUEST_FLAGS]: Flags[(typeof REQUEST_FLAGS)[F]] };

/** The resolver's input: each flag of REQUEST_FLAGS as its field. The one place flags become a Request. */
function requestOf(flags: Flags): Request {
  const request: Partial<Record<keyof Request, unknown>> = {};
  for (const field of Object.keys(REQUEST_FLAGS) as (keyof Request)[]) {
    const value = flags[REQUEST_FLAGS[field]];
    if (value !== undefined) request[field] = value;
  }
  return request as FlagRequest;
}

/** Resolves and runs a plan (cache, MFA, STS); `check` runs after resolution, before any call. */
export async function assume(
  io: Io,
  profile: string | undefined,
  flags: Flags,
  secrets: Secrets,
  check: (plan: Plan, files: ProfileFiles) => void = () => {},
) {
  const color = await paint(io);
  const warn = (message: string) => io.stderr(`${color.yellow("awsrole:")} ${message}\n`);
  // Every secret the files and the environment hold is redacted before anything can print it:
  // the files' from the profiles read below (read here only if reading them is what failed).
  let files: ProfileFiles | undefined;
  secrets.addLater(() => [
    ...(files?.secrets() ?? loadSecrets(io)),
    ...[io.env.AWS_SECRET_ACCESS_KEY, io.env.AWS_SESSION_TOKEN].filter((s): s is string => typeof s === "string"),
  ]);
  const { ctx } = context(io, warn);
  files = ctx.files;
  valid.stsEndpointVariables(io.env);
  const tokenCode = givenTokenCode(flags["token-code"], io.env);
  const deadline = Deadline.fromEnv(io.env.AWSROLE_TIMEOUT, waitingLine(io));
  const request = requestOf(flags);
  const plan = resolvePlan(ctx, profile, request);
  // A code nothing asks for would be dropped without a word; AWSROLE_TOKEN_CODE may be set for every run.
  if (flags["token-code"] !== undefined && !chainNeedsMfa(plan)) {
    throw new UsageError(
      `--token-code was given, but nothing in ${shown(plan.label)} asks for an MFA code (no mfa_serial). Drop it, or pass --serial-number.`,
    );
  }
  check(plan, ctx.files);
  if (flags.verbose) io.stderr(`awsrole: ${describePlan(plan)}\n`);
  const dir = cacheDir(io.writableHome);
  if (flags.verbose) {
    const session = cacheOrigin(plan, flags, dir, io.now());
    const cached = session.startsWith("from the cache");
    const said = valueOrigins(plan, request, ctx.files, io.env, { cached, prompt: flags.prompt !== false });
    for (const line of said) io.stderr(`awsrole:   ${line}\n`);
    io.stderr(`awsrole:   session: ${session}\n`);
  }
  if (!dir && flags.cache !== false && flags.verbose)
    io.stderr(
      `awsrole: no usable home folder (${io.platform === "win32" ? "USERPROFILE" : "HOME"}), so the session is not cached.\n`,
    );

  const deps = (given: string | undefined, refresh: boolean, deadline: Deadline): AssumeDeps => ({
    sts: io.sts,
    codes: tokenCodes({
      given,
      runMfaProcess: io.runMfaProcess,
      prompt: flags.prompt === false ? undefined : io.prompt,
    }),
    defaultRegion: envRegion(io.env),
    endpoint: (region) => stsEndpoint(io.env, region),
    cache: { dir, use: flags.cache !== false, refresh },
    mfaSessionSeconds: ctx.mfaSessionSeconds,
    deadline,
    secrets,
    runCredentialProcess: io.runCredentialProcess,
    ssoTokenDir: join(io.home, ".aws", "sso", "cache"),
    runTokenProgram: io.runTokenProgram,
    readFile: io.readFile,
    env: io.env,
    fetchText: io.fetchText,
    now: io.now,
    warn,
  });
  const first = deps(tokenCode, flags.refresh === true, deadline);
  let session: StsSession;
  try {
    session = await runPlan(plan, first);
  } catch (error) {
    // No valid SSO token: on a terminal, sign in here and go on, so that the eval line completes.
    const loginProfile = (error as { awsroleLogin?: string }).awsroleLogin;
    if (loginProfile === undefined || flags.prompt === false) throw error;
    const why = (error as Error).message.replace(/ Sign in: awsrole login .*$/, "");
    const answer = await io.prompt(`awsrole: ${why} Sign in now (awsrole login ${posixWord(loginProfile)})? [Y/n] `);
    if (answer === undefined || /^n/i.test(answer.trim())) throw error;
    const { signIn, sessionOf } = await import("./login.js");
    await signIn(io, sessionOf(ctx.files, io.env, loginProfile, io), ctx.files, flags["device-code"] === true, secrets);
    session = await runPlan(plan, first);
  }
  // A later session for the same plan (exec --server), with a time budget of its own: the code
  // given for this run is spent, so a new one comes from mfa_process, else `codeNeeded` (the
  // terminal is CMD's by then).
  const renew = (codeNeeded: () => Promise<string>) =>
    runPlan(plan, {
      ...deps(undefined, false, Deadline.fromEnv(io.env.AWSROLE_TIMEOUT)),
      codes: tokenCodes({ runMfaProcess: io.runMfaProcess, prompt: codeNeeded }),
    });
  return { plan, session, color, deadline, renew, files: ctx.files, warn, cached: flags.cache !== false };
}

/**
 * Flags that change who the session is or what it may do, which the prompt's renewal (the bare
 * profile, shell/refresh.*) would not repeat: such a session is not renewed (README, "Shells that
 * renew themselves"). --duration-seconds and --region change neither.
 */
const SHAPING = [
  "role-arn",
  "source-profile",
  "serial-number",
  "external-id",
  "policy",
  "policy-arns",
  "source-identity",
  "tag",
  "role-session-name",
  "web-identity",
  "web-identity-token-file",
] as const;

/** Whether the prompt may renew this session from its profile alone. */
export function renewable(flags: Flags): boolean {
  return SHAPING.every((name) => flags[name] === undefined);
}

/** For -v: whether the session will come from the cache, and which entry. */
function cacheOrigin(plan: Plan, flags: Flags, dir: string | undefined, now: Date): string {
  if (flags.cache === false) return "from STS (--no-cache)";
  if (flags.refresh) return "from STS (--refresh)";
  // A CI's token names its run and is not cached; a token file's session is (run-plan.ts).
  if (!dir || (plan.source.kind === "token" && plan.source.token.from !== "file")) return "from STS (not cached)";
  const key = sessionCacheKey(plan);
  // A credential_process source's key is known only once the process has answered (run-plan.ts).
  if (key === undefined) return "from STS or the cache (the key depends on credential_process's answer)";
  const hit = readCachedSession(dir, key, now);
  const expiry = hit && "session" in hit ? hit.session.credentials.expiration : undefined;
  return expiry
    ? `from the cache, ${minutesUntil(expiry, now)}m left (${dir}/${key}.json)`
    : `from STS (no cached session with 15 minutes left in ${dir})`;
}

/** The secrets written in the two files; a file that cannot be read has none to give. */
function loadSecrets(io: Io): string[] {
  try {
    return loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile).secrets();
  } catch {
    return [];
  }
}

/** Eight hours: one code in the morning covers a working day of role switches. */
const MFA_SESSION_SECONDS = 8 * ONE_HOUR;

/** -v's summary line: the call, its source, and what shapes the session. */
function describePlan(plan: Plan): string {
  const parts = [
    callOf(plan),
    `source ${plan.source.kind === "role" ? `role profile ${plan.source.plan.label}` : plan.source.kind}`,
  ];
  // The portal sets an SSO role's length; only a role session has a name.
  if (plan.action !== "GetRoleCredentials") parts.push(`duration ${plan.durationSeconds}s`);
  if (plan.action === "AssumeRole" || plan.action === "AssumeRoleWithWebIdentity")
    parts.push(`session name ${plan.roleSessionName}`);
  if (plan.mfaSerial) parts.push(`MFA ${plan.mfaSerial}`);
  if (plan.region) parts.push(`region ${plan.region}`);
  return parts.join(", ");
}

/** The STS call a plan makes (an AssumeRole by its role alone). */
function callOf(plan: Plan): string {
  switch (plan.action) {
    case "AssumeRole":
      return `role ${plan.roleArn}`;
    case "AssumeRoleWithWebIdentity":
      return `AssumeRoleWithWebIdentity role ${plan.roleArn}`;
    case "GetSessionToken":
      return "GetSessionToken";
    case "GetRoleCredentials":
      return plan.source.kind === "sso"
        ? `GetRoleCredentials of ${plan.source.config.roleName} in ${plan.source.config.accountId}`
        : "GetRoleCredentials";
  }
}
