// The assume path and the commands that assume a role (exec, console) or resolve profiles
// (list as a table or JSON; its names form stays in cli.ts): initialised only when needed, so
// --unset, --help, init and completion never run their modules' set-up.
import { join } from "node:path";
import { type AssumeDeps, runPlan, sessionCacheKey } from "../assume.js";
import { cacheDir, readCachedSession } from "../cache.js";
import type { SessionCredentials, StsSession } from "../caller.js";
import { envRegion, profileChanges, sessionChanges, stsEndpoint } from "../changes.js";
import { keyBeforeCredentials, profileAfterWrite, replaceSection, sessionKeys } from "../credentials-file.js";
import { Deadline, waitingLine } from "../deadline.js";
import { ConfigError, shown, UsageError } from "../errors.js";
import { homeProblem } from "../home.js";
import type { Io } from "../io.js";
import { givenTokenCode, tokenCodes } from "../mfa.js";
import type { Flags } from "../options.js";
import { keyPlace, valueOrigins } from "../origins.js";
import { paint } from "../paint.js";
import { awsFilePaths, loadProfiles, type ProfileFiles, textValue } from "../profiles.js";
import { chainNeedsMfa, checkedFrom, type Plan, resolvePlan } from "../resolve.js";
import type { Secrets } from "../secrets.js";
import type { Format } from "../shells/index.js";
import { posixWord } from "../shells/posix.js";
import * as valid from "../validate.js";

/** `awsrole PROFILE`: resolve, assume (cache, MFA, STS), print the code for the format. */
export async function assumeCommand(
  io: Io,
  positionals: string[],
  flags: Flags,
  format: Format,
  formatName: string,
  secrets: Secrets,
): Promise<undefined> {
  if (positionals.length > 1) {
    throw new UsageError(
      `unexpected argument ${shown(positionals[1] as string)}: give one profile. See awsrole --help.`,
    );
  }
  if (flags["write-profile"] !== undefined && (formatName === "credential-process" || formatName === "github")) {
    throw new UsageError(
      `--write-profile puts the keys in the credentials file and prints code that points AWS_PROFILE at it; --format ${formatName} prints the keys themselves. Drop one of them.`,
    );
  }
  const side = { githubEnv: io.env.GITHUB_ENV, appendFile: io.appendFile, randomId: io.randomId };
  // The file --format github appends to, tried with nothing before the call: after it, the session would be lost.
  const appendable = (path: string) => {
    try {
      io.appendFile(path, "");
    } catch (error) {
      throw new UsageError(
        `GITHUB_ENV ${shown(path)} cannot be written (${(error as NodeJS.ErrnoException).code}). Run this in a GitHub Actions step, or point GITHUB_ENV at a file you can write.`,
      );
    }
  };
  const target = flags["write-profile"];
  const { credentialsPath } = awsFilePaths(io.env, io.home, io.platform);
  const changesFor = (p: Plan, credentials: SessionCredentials) =>
    target === undefined
      ? sessionChanges(credentials, p.label, p.region, renewable(flags))
      : profileChanges(target, p.label, p.region);
  const writer = target === undefined ? undefined : await import("../write-profile.js");
  // Whatever can be refused is refused before any call: a value the format cannot carry (cmd),
  // a --write-profile target that is a source, holds long-term keys, would not be used, or
  // cannot be written.
  const { plan, session, color } = await assume(io, positionals[0], flags, secrets, (p, files) => {
    format.render(changesFor(p, PLACEHOLDER), { ...side, appendFile: appendable });
    if (target !== undefined) {
      checkWriteTarget(target, p, files, credentialsPath, io.readFile, io.env);
      writer?.checkWritable(credentialsPath);
    }
  });
  if (writer && target !== undefined) await writer.writeProfile(credentialsPath, target, session.credentials);
  io.stdout(format.render(changesFor(plan, session.credentials), side));
  // The success line holds names and times, never a secret: no redaction pass (it would read the files again).
  if (!flags.quiet) io.stderr(`${color.green("awsrole:")} ${successLine(plan, session, io.now())}\n`);
  return undefined;
}

/**
 * A --write-profile target must be a name the CLI reads back, not a source of the role, not
 * long-term keys, and a profile whose credentials the CLI takes from that file; the file must be
 * one awsrole can rewrite. All checked before any call.
 */
function checkWriteTarget(
  name: string,
  plan: Plan,
  files: ProfileFiles,
  path: string,
  readFile: (path: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): void {
  if (name === "" || name === "DEFAULT") {
    throw new UsageError(
      `--write-profile ${JSON.stringify(name)} is not a profile name the AWS CLI can use. Choose another.`,
    );
  }
  for (let source: Plan["source"] | undefined = plan.source; source; ) {
    const sourceName = source.kind === "role" ? source.plan.label : "profile" in source ? source.profile : undefined;
    if (sourceName === name) {
      throw new UsageError(
        `--write-profile ${JSON.stringify(name)} is a source of this role: writing there would replace its own credentials. Choose another name.`,
      );
    }
    source = source.kind === "role" ? source.plan.source : undefined;
  }
  const text = readFile(path);
  if (text === undefined) {
    const { statSync } = process.getBuiltinModule("node:fs");
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {}
    if (isDirectory)
      throw new ConfigError(
        `the credentials file ${path} is a directory. Point AWS_SHARED_CREDENTIALS_FILE at a file.`,
      );
  }
  const written = replaceSection(path, text ?? "", name, sessionKeys(PLACEHOLDER));
  const before = keyBeforeCredentials(profileAfterWrite(files.get(name), path, written, name), env);
  if (before === "AWS_WEB_IDENTITY_TOKEN_FILE") {
    throw new UsageError(
      `--write-profile ${shown(name)}: the AWS CLI would not use keys written there while AWS_WEB_IDENTITY_TOKEN_FILE is set: it assumes a role with that token before it reads any profile's keys. Unset it (and AWS_ROLE_ARN), or run without --write-profile.`,
    );
  }
  if (before !== undefined) {
    const free = [1, 2, 3, 4, 5, 6, 7, 8, 9]
      .map((n) => `${name}-session${n === 1 ? "" : `-${n}`}`)
      .find((candidate) => files.get(candidate) === undefined);
    throw new UsageError(
      `--write-profile ${shown(name)}: the AWS CLI would not use keys written there, because profile ${shown(name)} has ${before}, which it uses before the credentials file. Write to a profile without it${free ? `, e.g. --write-profile ${shown(free)}` : ""}.`,
    );
  }
}

/** The resolution context every command shares: the two files, read once. */
function context(io: Io, warn: (message: string) => void) {
  const paths = awsFilePaths(io.env, io.home, io.platform);
  const files = loadProfiles(paths, io.readFile);
  const mfaSessionText = io.env.AWSROLE_MFA_SESSION_DURATION;
  const mfaSessionSeconds = mfaSessionText
    ? checkedFrom(() => valid.duration(mfaSessionText, 900, 129600), "environment AWSROLE_MFA_SESSION_DURATION")
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

/** Resolves and runs a plan (cache, MFA, STS); `check` runs after resolution, before any call. */
async function assume(
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
  const plan = resolvePlan(ctx, profile, flags);
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
    for (const line of valueOrigins(plan, flags, ctx.files, io.env, cached)) io.stderr(`awsrole:   ${line}\n`);
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
      runProcess: io.runProcess,
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
    runCommand: io.runCommand,
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
      codes: tokenCodes({ runProcess: io.runProcess, prompt: codeNeeded }),
    });
  return { plan, session, color, deadline, renew, files: ctx.files, warn, cached: flags.cache !== false };
}

/** For -v: whether the session will come from the cache, and which entry. */
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
function renewable(flags: Flags): boolean {
  return SHAPING.every((name) => flags[name] === undefined);
}

function cacheOrigin(plan: Plan, flags: Flags, dir: string | undefined, now: Date): string {
  if (flags.cache === false) return "from STS (--no-cache)";
  if (flags.refresh) return "from STS (--refresh)";
  // A CI's token names its run and is not cached; a token file's session is (assume.ts).
  if (!dir || (plan.source.kind === "token" && plan.source.token.from !== "file")) return "from STS (not cached)";
  const key = sessionCacheKey(plan);
  // A credential_process source's key is known only once the process has answered (assume.ts).
  if (key === undefined) return "from STS or the cache (the key depends on credential_process's answer)";
  const hit = readCachedSession(dir, key, now);
  const expiry = hit && "session" in hit ? hit.session.credentials.expiration : undefined;
  return expiry
    ? `from the cache, ${Math.floor((expiry.getTime() - now.getTime()) / 60000)}m left (${dir}/${key}.json)`
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

export async function listCommand(io: Io, flags: Flags): Promise<undefined> {
  const { listProfiles, renderTable } = await import("./list.js");
  if (flags.format !== undefined && flags.format !== "json")
    throw new UsageError(`list prints a table, --format json or --format names, not ${shown(flags.format)}.`);
  const { ctx } = context(io, () => {});
  const rows = listProfiles(ctx, cacheDir(io.writableHome), io.now(), join(io.home, ".aws", "sso", "cache"));
  // No files is not an error (a new machine), but an empty table alone does not say where it looked.
  if (!ctx.files.config && !ctx.files.credentials)
    io.stderr(
      `awsrole: no profiles: neither ${ctx.files.configPath} nor ${ctx.files.credentialsPath} exists${io.platform === "win32" || !io.env.HOME || io.env.AWS_CONFIG_FILE ? "" : homeProblem(io.env.HOME)}. Create them with aws configure.\n`,
    );
  io.stdout(flags.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : renderTable(rows));
  return undefined;
}

/** The partition of a region, as its name tells it. */
const partitionOf = (region: string) =>
  region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";

/** `awsrole console [PROFILE]`: the sign-in URL on stdout (or a browser), or the switch-role link. */
export async function consoleCommand(io: Io, profile: string[], flags: Flags, secrets: Secrets): Promise<undefined> {
  const { consoleUrl, switchRoleUrl } = await import("./console.js");
  if (profile.length > 1) throw new UsageError(`console takes one profile, not ${profile.length}.`);
  // After `awsrole --role-arn ARN` the shell's AWSROLE_PROFILE is that ARN, which names no profile.
  const fromShell = profile[0] === undefined ? io.env.AWSROLE_PROFILE : undefined;
  const shellArn = fromShell?.startsWith("arn:") && flags["role-arn"] === undefined ? fromShell : undefined;
  const label = profile[0] ?? (shellArn === undefined ? fromShell : undefined);
  const signin = signinEndpoint(io.env);
  if (signin !== undefined) valid.endpointUrl("AWS_ENDPOINT_URL_SIGNIN", signin);
  if (!label && !flags["role-arn"] && !shellArn)
    throw new UsageError("console needs a profile: awsrole console PROFILE.");
  let url: string;
  if (flags["switch-role-url"]) {
    // The link needs the role's ARN alone: no source credentials are looked for, nothing is called.
    const roleArn = flags["role-arn"] ?? shellArn ?? roleArnOf(io, label as string);
    url = switchRoleUrl(roleArn, label ?? roleArn);
  } else if (shellArn) {
    // The shell's own session of that role, as `awsrole --role-arn` set it: its source is not recorded.
    const {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_SESSION_TOKEN: sessionToken,
    } = io.env;
    if (!accessKeyId || !secretAccessKey || !sessionToken)
      throw new UsageError(
        `this shell's role ${shown(shellArn)} was assumed with --role-arn, and its session is no longer in the environment. Run awsrole console --role-arn ARN (and the flags that assumed it), or awsrole console PROFILE.`,
      );
    secrets.add(secretAccessKey).add(sessionToken);
    const deadline = Deadline.fromEnv(io.env.AWSROLE_TIMEOUT);
    url = await consoleUrl(
      { accessKeyId, secretAccessKey, sessionToken },
      shellArn,
      flags.region ?? envRegion(io.env),
      signin,
      (u, what) => deadline.run(what, (signal) => io.fetchText(u, {}, signal)),
      (token) => secrets.add(token),
    );
    secrets.add(url);
  } else {
    // The federation endpoint takes role sessions only: a profile without a role is refused before any call.
    const { plan, session, deadline } = await assume(io, label, flags, secrets, (p) => {
      if (!p.roleArn && p.source.kind !== "sso")
        throw new UsageError(`console signs in to a role; profile ${JSON.stringify(label)} has no role_arn.`);
    });
    // An SSO profile's role has no ARN in the config; the console needs only its partition.
    const roleArn =
      plan.roleArn ??
      (plan.source.kind === "sso"
        ? `arn:${partitionOf(plan.source.config.region)}:iam::${plan.source.config.accountId}:role/${plan.source.config.roleName}`
        : undefined);
    if (!roleArn) throw new UsageError(`console signs in to a role; profile ${JSON.stringify(label)} has no role_arn.`);
    const region = plan.region ?? envRegion(io.env);
    url = await consoleUrl(
      session.credentials,
      roleArn,
      region,
      signinEndpoint(io.env),
      (u, what) => deadline.run(what, (signal) => io.fetchText(u, {}, signal)),
      (token) => secrets.add(token),
    );
    secrets.add(url);
  }
  if (!flags.open) io.stdout(`${url}\n`);
  else if ((await io.openUrl(url)) === "asked")
    io.stderr(
      "awsrole: asked Windows to open the sign-in URL in your browser; Windows does not say whether one opened. If none did, run without --open and open the URL yourself.\n",
    );
  return undefined;
}

/** The role_arn of a profile, for the switch-role link: read, not resolved (its source does not matter). */
function roleArnOf(io: Io, name: string): string {
  const { ctx } = context(io, () => {});
  const profile = ctx.files.get(name);
  if (!profile)
    throw new ConfigError(
      `profile ${shown(name)} is not in ${ctx.files.configPath} or ${ctx.files.credentialsPath}. Run awsrole list to see the profiles, or pass --role-arn.`,
    );
  const roleArn = textValue(profile, "role_arn");
  if (!roleArn)
    throw new UsageError(`profile ${shown(name)} has no role_arn, so it has no switch-role link. Pass --role-arn.`);
  return roleArn;
}

/** `awsrole exec PROFILE -- CMD ARGS`: the credentials in CMD's environment, CMD's exit status. */
export async function execCommand(
  io: Io,
  profile: string[],
  command: string[],
  flags: Flags,
  secrets: Secrets,
): Promise<number> {
  if (profile.length > 1)
    throw new UsageError(
      `exec takes one profile; put the command after --: awsrole exec ${profile[0]} -- ${profile.slice(1).join(" ")}`.slice(
        0,
        300,
      ),
    );
  if (flags["write-profile"] !== undefined || flags.unset || flags.format !== undefined) {
    throw new UsageError(
      "exec puts the role in the command's environment; it takes no --write-profile, --unset or --format.",
    );
  }
  const [program, ...args] = command;
  if (!program) throw new UsageError("exec needs a command after --: awsrole exec PROFILE -- aws s3 ls.");
  // A typo (`terrafrom`) is found before an MFA code is asked for or STS is called.
  if (!io.findProgram(program))
    throw new UsageError(
      `cannot run ${shown(program)}: ${program.includes("/") || (io.platform === "win32" && program.includes("\\")) ? "no such program file (or it is not executable)" : "no such command on PATH"}. Check the command after --.`,
    );
  const assumed = await assume(io, profile[0], flags, secrets, flags.server ? checkServable : undefined);
  const { plan, session } = assumed;
  // The role's variables, and nothing of awsrole's own: a code given for this run is not the child's.
  const env: NodeJS.ProcessEnv = { ...io.env };
  // Windows variable names ignore case: there `aws_profile` is AWS_PROFILE, so every spelling goes.
  const remove = (key: string) => {
    for (const name of Object.keys(env))
      if (name === key || (io.platform === "win32" && name.toUpperCase() === key)) delete env[name];
  };
  remove("AWSROLE_TOKEN_CODE");
  for (const { key, value } of sessionChanges(session.credentials, plan.label, plan.region, renewable(flags))) {
    remove(key);
    if (value !== null) env[key] = value;
  }
  // --server: the keys are served (renewed) to CMD instead of written into its environment.
  const server = flags.server
    ? await (await import("./exec-server.js")).serveCredentials(
        io,
        assumed,
        { env, remove, command: program },
        secrets,
        flags.verbose === true,
      )
    : undefined;
  const end = await io.spawn(program, args, env).finally(() => server?.close());
  if ("code" in end) return end.code;
  // Killed by a signal: die by the same one, so a shell loop around awsrole stops as it would.
  io.dieBy(end.signal);
  // (node:os on demand: importing it costs every run start-up time.)
  return 128 + (process.getBuiltinModule("node:os").constants.signals[end.signal] ?? 0);
}

/** AWS_ENDPOINT_URL_SIGNIN, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as for STS and SSO. */
function signinEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true" ? undefined : env.AWS_ENDPOINT_URL_SIGNIN;
}

/** exec --server renews the session it serves: keys that are already a session (no expiry) cannot be. */
function checkServable(plan: Plan): void {
  if (plan.action === "GetSessionToken" && plan.source.kind === "static" && plan.source.sessionToken) {
    throw new UsageError(
      `--server serves a session it can renew, but profile ${shown(plan.label)} holds keys that are already a session (aws_session_token). Run exec without --server.`,
    );
  }
}

/** Eight hours: one code in the morning covers a working day of role switches. */
const MFA_SESSION_SECONDS = 8 * 3600;

const PLACEHOLDER: SessionCredentials = {
  accessKeyId: "A",
  secretAccessKey: "S",
  sessionToken: "T",
  expiration: new Date(0),
};

function describePlan(plan: ReturnType<typeof resolvePlan>): string {
  const parts = [
    plan.action === "AssumeRole" ? `role ${plan.roleArn}` : "GetSessionToken",
    `source ${plan.source.kind === "role" ? `role profile ${plan.source.plan.label}` : plan.source.kind}`,
    `duration ${plan.durationSeconds}s`,
    `session name ${plan.roleSessionName}`,
  ];
  if (plan.mfaSerial) parts.push(`MFA ${plan.mfaSerial}`);
  if (plan.region) parts.push(`region ${plan.region}`);
  return parts.join(", ");
}

function successLine(plan: Plan, session: StsSession, now: Date): string {
  const expiry = session.credentials.expiration;
  if (!expiry) return `using the credentials of ${plan.label} as they are (already a session; expiry unknown)`;
  const minutes = Math.max(0, Math.round((expiry.getTime() - now.getTime()) / 60000));
  const left = minutes >= 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
  // The local clock from its fields: the first toTimeString costs a cache hit twice as much.
  const clock = `${String(expiry.getHours()).padStart(2, "0")}:${String(expiry.getMinutes()).padStart(2, "0")}`;
  const until = `until ${clock} (${left})`;
  if (plan.source.kind === "sso" && plan.action === "GetRoleCredentials") {
    const { roleName, accountId } = plan.source.config;
    return `signed in to ${roleName} in ${accountId} as ${plan.label} (IAM Identity Center), ${until}`;
  }
  const account = /^arn:[^:]+:[^:]*::(\d{12}):/.exec(plan.roleArn ?? plan.mfaSerial ?? "")?.[1];
  if (plan.action === "GetSessionToken")
    return `${plan.mfaSerial ? "MFA session" : "session"} for ${plan.label}${account ? ` in ${account}` : ""}, ${until}`;
  const role = plan.roleArn?.split("/").pop();
  const as = plan.label === plan.roleArn ? "" : ` as ${plan.label}`;
  return `assumed ${role} in ${account ?? "?"}${as}, ${until}`;
}
