// The assume path and the commands that assume a role (exec, console) or resolve profiles
// (list as a table or JSON; its names form stays in cli.ts): initialised only when needed, so
// --unset, --help, init and completion never run their modules' set-up.
import { join } from "node:path";
import { type AssumeDeps, runPlan } from "../assume.js";
import { cacheDir } from "../cache.js";
import type { SessionCredentials, StsSession } from "../caller.js";
import { envRegion, profileChanges, sessionChanges, stsEndpoint } from "../changes.js";
import { replaceSection } from "../credentials-file.js";
import { Deadline } from "../deadline.js";
import { ConfigError, shown, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { givenTokenCode, tokenCodes } from "../mfa.js";
import type { Flags } from "../options.js";
import { paint } from "../paint.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "../profiles.js";
import { type Plan, resolvePlan } from "../resolve.js";
import type { Secrets } from "../secrets.js";
import type { Format } from "../shells/index.js";
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
  const target = flags["write-profile"];
  const { credentialsPath } = awsFilePaths(io.env, io.home);
  const changesFor = (p: Plan, credentials: SessionCredentials) =>
    target === undefined ? sessionChanges(credentials, p.label, p.region) : profileChanges(target, p.label, p.region);
  // Whatever can be refused is refused before any call: a value the format cannot carry (cmd),
  // a --write-profile target that is a source or holds long-term keys.
  const { plan, session, color } = await assume(io, positionals[0], flags, secrets, (p) => {
    format.render(changesFor(p, PLACEHOLDER), { ...side, appendFile: () => {} });
    if (target !== undefined) checkWriteTarget(target, p, credentialsPath, io.readFile);
  });
  if (target !== undefined) {
    const { writeProfile } = await import("../write-profile.js");
    await writeProfile(credentialsPath, target, session.credentials);
  }
  io.stdout(format.render(changesFor(plan, session.credentials), side));
  // The success line holds names and times, never a secret: no redaction pass (it would read the files again).
  if (!flags.quiet) io.stderr(`${color.green("awsrole:")} ${successLine(plan, session, io.now())}\n`);
  return undefined;
}

/**
 * A --write-profile target must be a name the CLI reads back, not a source of the role, not
 * long-term keys; the file must be one awsrole can rewrite. All checked before any call.
 */
function checkWriteTarget(
  name: string,
  plan: Plan,
  path: string,
  readFile: (path: string) => string | undefined,
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
  replaceSection(path, text ?? "", name, { ...PLACEHOLDER_KEYS });
}

const PLACEHOLDER_KEYS = {
  aws_access_key_id: "A",
  aws_secret_access_key: "S",
  aws_session_token: "T",
  x_security_token_expires: "X",
};

/** The resolution context every command shares: the two files, read once. */
function context(io: Io, warn: (message: string) => void) {
  const paths = awsFilePaths(io.env, io.home);
  const files = loadProfiles(paths, io.readFile);
  const mfaSessionText = io.env.AWSROLE_MFA_SESSION_DURATION;
  const mfaSessionSeconds = mfaSessionText ? valid.duration(mfaSessionText, 900, 129600) : MFA_SESSION_SECONDS;
  return { ctx: { files, env: io.env, userName: io.userName, readFile: io.readFile, warn, mfaSessionSeconds } };
}

/** Resolves and runs a plan (cache, MFA, STS); `check` runs after resolution, before any call. */
async function assume(
  io: Io,
  profile: string | undefined,
  flags: Flags,
  secrets: Secrets,
  check: (plan: Plan) => void = () => {},
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
  const tokenCode = givenTokenCode(flags["token-code"], io.env);
  const deadline = Deadline.fromEnv(io.env.AWSROLE_TIMEOUT);
  const plan = resolvePlan(ctx, profile, flags);
  check(plan);
  if (flags.verbose) io.stderr(`awsrole: ${describePlan(plan)}\n`);
  const dir = cacheDir(io.writableHome);
  if (!dir && flags.cache !== false && flags.verbose)
    io.stderr("awsrole: no usable home folder (HOME), so the session is not cached.\n");

  const deps: AssumeDeps = {
    sts: io.sts,
    codes: tokenCodes({
      given: tokenCode,
      runProcess: io.runProcess,
      prompt: flags.prompt === false ? undefined : io.prompt,
    }),
    defaultRegion: envRegion(io.env),
    endpoint: (region) => stsEndpoint(io.env, region),
    cache: { dir, use: flags.cache !== false, refresh: flags.refresh === true },
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
  };
  let session: StsSession;
  try {
    session = await runPlan(plan, deps);
  } catch (error) {
    // No valid SSO token: on a terminal, sign in here and go on, so that the eval line completes.
    const loginProfile = (error as { awsroleLogin?: string }).awsroleLogin;
    if (loginProfile === undefined || flags.prompt === false) throw error;
    const why = (error as Error).message.replace(/ Sign in: awsrole login .*$/, "");
    const answer = await io.prompt(`awsrole: ${why} Sign in now (awsrole login ${loginProfile})? [Y/n] `);
    if (answer === undefined || /^n/i.test(answer.trim())) throw error;
    const { signIn, sessionOf } = await import("./login.js");
    await signIn(io, sessionOf(ctx.files, io.env, loginProfile), ctx.files, flags["device-code"] === true, secrets);
    session = await runPlan(plan, deps);
  }
  return { plan, session, color, deadline };
}

/** The secrets written in the two files; a file that cannot be read has none to give. */
function loadSecrets(io: Io): string[] {
  try {
    return loadProfiles(awsFilePaths(io.env, io.home), io.readFile).secrets();
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
  const label = profile[0] ?? io.env.AWSROLE_PROFILE;
  const signin = io.env.AWS_ENDPOINT_URL_SIGNIN;
  if (signin !== undefined && !/^https?:\/\/[^/?#\s]+/.test(signin)) {
    throw new UsageError(`AWS_ENDPOINT_URL_SIGNIN ${shown(signin)} is not an http(s) URL. Fix it or unset it.`);
  }
  if (!label && !flags["role-arn"]) throw new UsageError("console needs a profile: awsrole console PROFILE.");
  let url: string;
  if (flags["switch-role-url"]) {
    const { ctx } = context(io, () => {});
    const plan = resolvePlan(ctx, label, flags);
    url = switchRoleUrl(plan.roleArn ?? "", label ?? plan.label);
  } else {
    const { plan, session, deadline } = await assume(io, label, flags, secrets);
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
      io.env.AWS_ENDPOINT_URL_SIGNIN,
      (u, what) => deadline.run(what, (signal) => io.fetchText(u, {}, signal)),
      (token) => secrets.add(token),
    );
    secrets.add(url);
  }
  if (flags.open) await io.openUrl(url);
  else io.stdout(`${url}\n`);
  return undefined;
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
  const { plan, session } = await assume(io, profile[0], flags, secrets);
  // The role's variables, and nothing of awsrole's own: a code given for this run is not the child's.
  const env: NodeJS.ProcessEnv = { ...io.env };
  delete env.AWSROLE_TOKEN_CODE;
  for (const { key, value } of sessionChanges(session.credentials, plan.label, plan.region)) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  const end = await io.spawn(program, args, env);
  if ("code" in end) return end.code;
  // Killed by a signal: die by the same one, so a shell loop around awsrole stops as it would.
  io.dieBy(end.signal);
  // (node:os on demand: importing it costs every run start-up time.)
  return 128 + (process.getBuiltinModule("node:os").constants.signals[end.signal] ?? 0);
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
  if (!expiry) return `using the keys of ${plan.label} as they are (already a session; expiry unknown)`;
  const minutes = Math.max(0, Math.round((expiry.getTime() - now.getTime()) / 60000));
  const left = minutes >= 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
  // The local clock from its fields: the first toTimeString costs a cache hit twice as much.
  const clock = `${String(expiry.getHours()).padStart(2, "0")}:${String(expiry.getMinutes()).padStart(2, "0")}`;
  const until = `until ${clock} (${left})`;
  if (plan.source.kind === "sso" && plan.action === "GetRoleCredentials") {
    const { roleName, accountId } = plan.source.config;
    return `signed in to ${roleName} in ${accountId} as ${plan.label} (IAM Identity Center), ${until}`;
  }
  const account = /^arn:[^:]+:[^:]*::(\d{12}):/.exec(plan.roleArn ?? plan.mfaSerial ?? "")?.[1] ?? "?";
  if (plan.action === "GetSessionToken")
    return `MFA session for ${plan.label}${account ? ` in ${account}` : ""}, ${until}`;
  const role = plan.roleArn?.split("/").pop();
  const as = plan.label === plan.roleArn ? "" : ` as ${plan.label}`;
  return `assumed ${role} in ${account}${as}, ${until}`;
}
