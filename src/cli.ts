// The only file that touches process.argv, process.env, stdout and the exit code. Everything
// below it takes its inputs as arguments; `run` takes them as `Io`, which is the test seam.
import { appendFileSync, fstatSync, readFileSync, statSync, writeSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import { runPlan } from "./assume.js";
import { cacheDir } from "./cache.js";
import type { StsCaller } from "./caller.js";
import { profileChanges, sessionChanges, unsetChanges } from "./changes.js";
import { replaceSection } from "./credentials-file.js";
import { CallError, isAwsroleError, UsageError } from "./errors.js";
import { givenTokenCode, tokenCodes } from "./mfa.js";
import { type Flags, parseArgs } from "./options.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "./profiles.js";
import { type Plan, resolvePlan } from "./resolve.js";
import { detectShell, FORMATS, type Format, type FormatName, isFormatName } from "./shells/index.js";
import * as valid from "./validate.js";

declare const __AWSROLE_VERSION__: string;

export interface Io {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asked only when needed: every check costs start-up time. */
  stdoutIsTTY: () => boolean;
  stderrIsTTY: () => boolean;
  readFile: (path: string) => string | undefined;
  home: string;
  /** The OS user name (for the default session name), asked only when needed. */
  userName: () => string;
  platform: string;
  /** The parent process's name, to detect the shell; undefined when unknown. */
  parentName: () => string | undefined;
  now: () => Date;
  /** Asks on the terminal; undefined when there is none. */
  prompt: (message: string) => Promise<string | undefined>;
  /** Runs an `mfa_process` command and returns its stdout. */
  runProcess: (command: string) => string;
  /** Runs a command for `exec` with stdio inherited and signals forwarded; resolves to its exit status. */
  spawn: (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;
  appendFile: (path: string, text: string) => void;
  /** Opens a URL in the default browser. */
  openUrl: (url: string) => Promise<void>;
  /** A random identifier (the GitHub Actions heredoc delimiter). */
  randomId: () => string;
  /** The folder of the shell integration scripts (shell/ in the package). */
  shellDir: string;
  /** The STS implementation; the SDK-backed one is loaded on first use. */
  sts: () => Promise<StsCaller>;
  terminalWidth: number;
}

export interface Paint {
  red: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
}

const plain: Paint = { red: String, green: String, yellow: String };

/** Colour only on a terminal, and not with NO_COLOR (https://no-color.org). */
async function paint(io: Io): Promise<Paint> {
  return io.stderrIsTTY() && !io.env.NO_COLOR ? (await import("./color.js")).color : plain;
}

export async function run(io: Io): Promise<number> {
  const secrets = new Set<string>();
  try {
    return (await dispatch(io, secrets)) ?? 0;
  } catch (error) {
    const known = isAwsroleError(error);
    const message = known
      ? error.message
      : `unexpected error: ${(error as Error).message}. Set AWSROLE_DEBUG=1 for details.`;
    const color = await paint(io);
    io.stderr(`${color.red("awsrole:")} ${redact(message.replace(/\s*\n\s*/g, " "), secrets)}\n`);
    if (io.env.AWSROLE_DEBUG === "1") io.stderr(`${redact(String((error as Error).stack), secrets)}\n`);
    return known ? error.awsroleExit : 1;
  }
}

async function dispatch(io: Io, secrets: Set<string>): Promise<number | undefined> {
  const { positionals, rest, flags } = parseArgs(io.argv);
  if (flags.help || flags.version) {
    // Help never lands on a pipe a wrapper might eval: it goes to stderr unless stdout is a terminal.
    const text = flags.help ? await (await import("./help.js")).helpText(io.terminalWidth) : __AWSROLE_VERSION__;
    (io.stdoutIsTTY() ? io.stdout : io.stderr)(`${text}\n`);
    return;
  }
  switch (positionals[0]) {
    case "init":
      // Commands other than the assume path load their modules on demand, off everyone's start-up.
      io.stdout((await import("./commands/init.js")).initScript(positionals[1], io.shellDir, io.readFile));
      return;
    case "list":
      return listCommand(io, flags);
    case "status":
      return (await import("./commands/status.js")).statusCommand(io, flags);
    case "exec":
      return execCommand(io, positionals.slice(1), rest, flags, secrets);
    case "console":
      return consoleCommand(io, positionals.slice(1), flags, secrets);
  }
  const formatName = chooseFormat(io, flags);
  const format: Format = FORMATS[formatName];
  if (format.shell && io.stdoutIsTTY()) {
    // Secrets must never land in terminal scrollback: show how to use the output instead.
    const args = io.argv.join(" ");
    throw new UsageError(
      formatName === "fish" || formatName === "powershell"
        ? `this prints ${formatName} code to evaluate: run awsrole ${args} | ${formatName === "fish" ? "source" : "Invoke-Expression"}, or set up awsrole init ${formatName}.`
        : `this prints shell code to evaluate: run eval "$(awsrole ${args})", or set up awsrole init ${formatName}.`,
    );
  }

  if (flags.unset) {
    if (positionals.length) throw new UsageError(`--unset takes no profile (got ${JSON.stringify(positionals[0])}).`);
    // Only an awsrole session needs the files read: a plain --unset stays at Node's start-up cost.
    const label = io.env.AWSROLE_PROFILE;
    const files = label ? loadProfiles(awsFilePaths(io.env, io.home), io.readFile) : undefined;
    const regionSet = label ? (flags.region ?? files?.get(label)?.values.region) : undefined;
    // AWS_PROFILE is awsrole's when it names a profile awsrole wrote (--write-profile).
    const profile = io.env.AWS_PROFILE;
    const wrote = profile !== undefined && files?.get(profile)?.values.x_security_token_expires !== undefined;
    io.stdout(format.render(unsetChanges(io.env, regionSet, wrote), { appendFile: () => {}, randomId: () => "" }));
    return;
  }

  if (positionals.length > 1) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[1])}: give one profile. See awsrole --help.`,
    );
  }
  const side = { githubEnv: io.env.GITHUB_ENV, appendFile: io.appendFile, randomId: io.randomId };
  const target = flags["write-profile"];
  const changesFor = (p: Plan, credentials: typeof PLACEHOLDER) =>
    target === undefined ? sessionChanges(credentials, p.label, p.region) : profileChanges(target, p.label, p.region);
  // Whatever can be refused is refused before any call: a value the format cannot carry (cmd),
  // a --write-profile target that is a source or holds long-term keys.
  const { plan, session, color } = await assume(io, positionals[0], flags, secrets, (p) => {
    format.render(changesFor(p, PLACEHOLDER), { ...side, appendFile: () => {} });
    if (target !== undefined)
      checkWriteTarget(target, p, io.readFile(awsFilePaths(io.env, io.home).credentialsPath) ?? "");
  });
  if (target !== undefined) {
    const { writeProfile } = await import("./write-profile.js");
    await writeProfile(awsFilePaths(io.env, io.home).credentialsPath, target, session.credentials);
  }
  io.stdout(format.render(changesFor(plan, session.credentials), side));
  if (!flags.quiet) io.stderr(`${color.green("awsrole:")} ${successLine(plan, session, io.now())}\n`);
}

/** A --write-profile target must be a plain name, not a source of the role, not long-term keys. */
function checkWriteTarget(name: string, plan: Plan, credentialsText: string): void {
  if (!/^[^\s[\]#;][^[\]\r\n]*$/.test(name) || name.trim() !== name) {
    throw new UsageError(
      `--write-profile ${JSON.stringify(name)} is not a usable profile name: no brackets, line breaks, or spaces at the ends.`,
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
  replaceSection(credentialsText, name, {});
}

/** The resolution context every command shares: the two files, read once. */
function context(io: Io, warn: (message: string) => void) {
  const paths = awsFilePaths(io.env, io.home);
  const files = loadProfiles(paths, io.readFile);
  const mfaSessionText = io.env.AWSROLE_MFA_SESSION_DURATION;
  const mfaSessionSeconds = mfaSessionText ? valid.duration(mfaSessionText, 900, 129600) : MFA_SESSION_SECONDS;
  return { paths, ctx: { files, userName: io.userName, readFile: io.readFile, warn, mfaSessionSeconds } };
}

/** Resolves and runs a plan (cache, MFA, STS); `check` runs after resolution, before any call. */
async function assume(
  io: Io,
  profile: string | undefined,
  flags: Flags,
  secrets: Set<string>,
  check: (plan: Plan) => void = () => {},
) {
  const color = await paint(io);
  const warn = (message: string) => io.stderr(`${color.yellow("awsrole:")} ${message}\n`);
  const { paths, ctx } = context(io, warn);
  for (const s of secretsIn(ctx.files, io.env)) secrets.add(s);
  const tokenCode = givenTokenCode(flags["token-code"], io.env);
  const plan = resolvePlan(ctx, profile, flags);
  check(plan);
  if (flags.verbose) io.stderr(`awsrole: ${describePlan(plan)}\n`);

  const session = await runPlan(plan, {
    sts: io.sts,
    codes: tokenCodes({
      given: tokenCode,
      runProcess: io.runProcess,
      prompt: flags.prompt === false ? undefined : io.prompt,
    }),
    defaultRegion: io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || "us-east-1",
    ...paths,
    cache: { dir: cacheDir(io.home), use: flags.cache !== false, refresh: flags.refresh === true },
    mfaSessionSeconds: ctx.mfaSessionSeconds,
    now: io.now,
    warn,
  });
  secrets.add(session.credentials.secretAccessKey).add(session.credentials.sessionToken);
  return { plan, session, color };
}

async function listCommand(io: Io, flags: Flags): Promise<undefined> {
  const { ctx } = context(io, () => {});
  // Names alone are what completion asks for, on every tab: no resolution, no cache look-ups.
  if (flags.format === "names") {
    io.stdout(
      ctx.files
        .names()
        .sort()
        .map((name) => `${name}\n`)
        .join(""),
    );
    return undefined;
  }
  const { listProfiles, renderTable } = await import("./commands/list.js");
  if (flags.format === "json")
    io.stdout(`${JSON.stringify(listProfiles(ctx, cacheDir(io.home), io.now()), null, 2)}\n`);
  else if (flags.format === undefined) io.stdout(renderTable(listProfiles(ctx, cacheDir(io.home), io.now())));
  else
    throw new UsageError(`list prints a table, --format json or --format names, not ${JSON.stringify(flags.format)}.`);
  return undefined;
}

/** `awsrole console [PROFILE]`: the sign-in URL on stdout (or a browser), or the switch-role link. */
async function consoleCommand(io: Io, profile: string[], flags: Flags, secrets: Set<string>): Promise<undefined> {
  if (profile.length > 1) throw new UsageError(`console takes one profile, not ${profile.length}.`);
  const label = profile[0] ?? io.env.AWSROLE_PROFILE;
  if (!label && !flags["role-arn"]) throw new UsageError("console needs a profile: awsrole console PROFILE.");
  const { consoleUrl, switchRoleUrl } = await import("./commands/console.js");
  let url: string;
  if (flags["switch-role-url"]) {
    const { ctx } = context(io, () => {});
    const plan = resolvePlan(ctx, label, flags);
    url = switchRoleUrl(plan.roleArn ?? "", label ?? plan.label);
  } else {
    const { plan, session } = await assume(io, label, flags, secrets);
    if (!plan.roleArn)
      throw new UsageError(`console signs in to a role; profile ${JSON.stringify(label)} has no role_arn.`);
    const region = plan.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? "us-east-1";
    url = await consoleUrl(session.credentials, plan.roleArn, region, io.env.AWS_ENDPOINT_URL_SIGNIN, async (u) => {
      const response = await fetch(u, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, text: await response.text() };
    });
    secrets.add(url);
  }
  if (flags.open) await io.openUrl(url);
  else io.stdout(`${url}\n`);
  return undefined;
}

/** `awsrole exec PROFILE -- CMD ARGS`: the credentials in CMD's environment, CMD's exit status. */
async function execCommand(
  io: Io,
  profile: string[],
  command: string[],
  flags: Flags,
  secrets: Set<string>,
): Promise<number> {
  if (profile.length > 1)
    throw new UsageError(
      `exec takes one profile; put the command after --: awsrole exec ${profile[0]} -- ${profile.slice(1).join(" ")}`,
    );
  const [program, ...args] = command;
  if (!program) throw new UsageError("exec needs a command after --: awsrole exec PROFILE -- aws s3 ls.");
  const { plan, session } = await assume(io, profile[0], flags, secrets);
  const env: NodeJS.ProcessEnv = { ...io.env };
  for (const { key, value } of sessionChanges(session.credentials, plan.label, plan.region)) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  return io.spawn(program, args, env);
}

/** Eight hours: one code in the morning covers a working day of role switches. */
const MFA_SESSION_SECONDS = 8 * 3600;

const PLACEHOLDER = { accessKeyId: "A", secretAccessKey: "S", sessionToken: "T", expiration: new Date(0) };

function chooseFormat(io: Io, flags: Flags): FormatName {
  const name = flags.format;
  if (name === undefined) return detectShell(io.parentName(), io.env.SHELL, io.platform);
  if (isFormatName(name)) return name;
  throw new UsageError(`unknown format ${JSON.stringify(name)}. Use one of: ${Object.keys(FORMATS).join(", ")}.`);
}

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

function successLine(
  plan: ReturnType<typeof resolvePlan>,
  session: { credentials: { expiration: Date } },
  now: Date,
): string {
  const expiry = session.credentials.expiration;
  const minutes = Math.max(0, Math.round((expiry.getTime() - now.getTime()) / 60000));
  const left = minutes >= 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m` : `${minutes}m`;
  const until = `until ${expiry.toTimeString().slice(0, 5)} (${left})`;
  const account = /^arn:[^:]+:[^:]*::(\d{12}):/.exec(plan.roleArn ?? plan.mfaSerial ?? "")?.[1];
  if (plan.action === "GetSessionToken")
    return `MFA session for ${plan.label}${account ? ` in ${account}` : ""}, ${until}`;
  const role = plan.roleArn?.split("/").pop();
  const as = plan.label === plan.roleArn ? "" : ` as ${plan.label}`;
  return `assumed ${role} in ${account}${as}, ${until}`;
}

/** Every secret awsrole could know of, so no message can ever carry one. */
function secretsIn(files: ProfileFiles, env: NodeJS.ProcessEnv): string[] {
  return [...files.secrets(), env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter(
    (s): s is string => typeof s === "string" && s.length >= 6,
  );
}

function redact(text: string, secrets: Set<string>): string {
  let out = text;
  for (const secret of secrets) out = out.replaceAll(secret, "[redacted]");
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Runs CMD for `exec`: stdio shared, signals passed on, its exit status (128+N for signal N) returned. */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const { constants } = process.getBuiltinModule("node:os");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
    for (const signal of signals) process.on(signal, forward);
    const done = () => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(new UsageError(`cannot run ${JSON.stringify(command)} (${error.code}). Check the command after --.`));
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * Writes straight to the file descriptor: creating process.stdout for a pipe loads Node's whole
 * stream and socket stack, a sizeable part of the start-up budget. The output is small and
 * written once, before exit; a non-blocking pipe that is full answers EAGAIN, so retry.
 */
function writeAll(fd: number, text: string): void {
  let buffer = Buffer.from(text);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}

/**
 * tty.isatty loads Node's socket and stream modules (net), which costs more than the rest of
 * `--unset` together. On POSIX a terminal is a character device other than /dev/null; Windows
 * keeps the real check.
 */
function isTerminal(fd: number): boolean {
  if (process.platform === "win32") return (require("node:tty") as typeof import("node:tty")).isatty(fd);
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

function parentProcessName(): string | undefined {
  // Linux names the parent in /proc; elsewhere $SHELL is the fallback (detectShell).
  return readText(`/proc/${process.ppid}/comm`)?.trim();
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER || process.env.USERNAME || "user";
  }
}

/** Runs when this file is the program (the bundle's entry), not when a test imports it. */
export async function main(): Promise<void> {
  process.exitCode = await run({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    stdoutIsTTY: () => isTerminal(1),
    stderrIsTTY: () => isTerminal(2),
    readFile: readText,
    home: homedir(),
    userName: osUserName,
    platform: process.platform,
    parentName: parentProcessName,
    now: () => new Date(),
    // Loaded only to ask: node:tty costs start-up time every other run would pay.
    prompt: async (message) => (await import("./prompt.js")).askOnTerminal(message, process.platform),
    // getBuiltinModule, not an import: node:child_process loads the socket stack at start-up.
    runProcess: (command) =>
      process.getBuiltinModule("node:child_process").execSync(command, {
        encoding: "utf8",
        stdio: ["inherit", "pipe", "inherit"],
        timeout: 60_000,
      }),
    sts: async () => {
      // The SDK warns on stderr about future Node versions; awsrole's stderr is for the user's role.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      return (await import("./sts.js")).sts;
    },
    terminalWidth: Number(process.env.COLUMNS) || 80,
    spawn: runChild,
    openUrl: async (url) => {
      // The platform's own opener; the URL is one argument, never parsed by a shell.
      const [command, ...args] =
        process.platform === "darwin"
          ? ["open"]
          : process.platform === "win32"
            ? ["rundll32", "url.dll,FileProtocolHandler"]
            : ["xdg-open"];
      const status = await runChild(command as string, [...args, url], process.env);
      if (status !== 0)
        throw new CallError(
          `${command} could not open the browser (exit ${status}). Run without --open and open the URL yourself.`,
        );
    },
    appendFile: (path, text) => appendFileSync(path, text),
    randomId: () => process.getBuiltinModule("node:crypto").randomUUID(),
    // The bundle is dist/cli.cjs; the scripts ship beside it in shell/.
    shellDir: join(__dirname, "..", "shell"),
  });
}
