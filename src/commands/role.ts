// The assume path and the commands that assume a role (exec, console) or resolve profiles
// (list as a table or JSON; its names form stays in cli.ts): loaded only when needed, so
// --unset, --help, init and completion never compile them.
import { runPlan } from "../assume.js";
import { cacheDir } from "../cache.js";
import { envRegion, profileChanges, sessionChanges } from "../changes.js";
import type { Io, Secrets } from "../cli.js";
import { replaceSection } from "../credentials-file.js";
import { UsageError } from "../errors.js";
import { givenTokenCode, tokenCodes } from "../mfa.js";
import type { Flags } from "../options.js";
import { paint } from "../paint.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "../profiles.js";
import { type Plan, resolvePlan } from "../resolve.js";
import type { Format } from "../shells/index.js";
import * as valid from "../validate.js";

/** `awsrole PROFILE`: resolve, assume (cache, MFA, STS), print the code for the format. */
export async function assumeCommand(
  io: Io,
  positionals: string[],
  flags: Flags,
  format: Format,
  secrets: Secrets,
): Promise<undefined> {
  if (positionals.length > 1) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[1])}: give one profile. See awsrole --help.`,
    );
  }
  const side = { githubEnv: io.env.GITHUB_ENV, appendFile: io.appendFile, randomId: io.randomId };
  const target = flags["write-profile"];
  const { credentialsPath } = awsFilePaths(io.env, io.home);
  const changesFor = (p: Plan, credentials: typeof PLACEHOLDER) =>
    target === undefined ? sessionChanges(credentials, p.label, p.region) : profileChanges(target, p.label, p.region);
  // Whatever can be refused is refused before any call: a value the format cannot carry (cmd),
  // a --write-profile target that is a source or holds long-term keys.
  const { plan, session, color } = await assume(io, positionals[0], flags, secrets, (p) => {
    format.render(changesFor(p, PLACEHOLDER), { ...side, appendFile: () => {} });
    if (target !== undefined) checkWriteTarget(target, p, io.readFile(credentialsPath) ?? "");
  });
  if (target !== undefined) {
    const { writeProfile } = await import("../write-profile.js");
    await writeProfile(credentialsPath, target, session.credentials);
  }
  io.stdout(format.render(changesFor(plan, session.credentials), side));
  if (!flags.quiet) io.stderr(`${color.green("awsrole:")} ${successLine(plan, session, io.now())}\n`);
  return undefined;
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
  secrets: Secrets,
  check: (plan: Plan) => void = () => {},
) {
  const color = await paint(io);
  const warn = (message: string) => io.stderr(`${color.yellow("awsrole:")} ${message}\n`);
  const { paths, ctx } = context(io, warn);
  secrets.add(() => secretsIn(ctx.files, io.env));
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
    defaultRegion: envRegion(io.env),
    ...paths,
    cache: { dir: cacheDir(io.home), use: flags.cache !== false, refresh: flags.refresh === true },
    mfaSessionSeconds: ctx.mfaSessionSeconds,
    now: io.now,
    warn,
  });
  secrets.add(session.credentials.secretAccessKey).add(session.credentials.sessionToken);
  return { plan, session, color };
}

export async function listCommand(io: Io, flags: Flags): Promise<undefined> {
  const { listProfiles, renderTable } = await import("./list.js");
  const { ctx } = context(io, () => {});
  if (flags.format === "json")
    io.stdout(`${JSON.stringify(listProfiles(ctx, cacheDir(io.home), io.now()), null, 2)}\n`);
  else if (flags.format === undefined) io.stdout(renderTable(listProfiles(ctx, cacheDir(io.home), io.now())));
  else
    throw new UsageError(`list prints a table, --format json or --format names, not ${JSON.stringify(flags.format)}.`);
  return undefined;
}

/** `awsrole console [PROFILE]`: the sign-in URL on stdout (or a browser), or the switch-role link. */
export async function consoleCommand(io: Io, profile: string[], flags: Flags, secrets: Secrets): Promise<undefined> {
  const { consoleUrl, switchRoleUrl } = await import("./console.js");
  if (profile.length > 1) throw new UsageError(`console takes one profile, not ${profile.length}.`);
  const label = profile[0] ?? io.env.AWSROLE_PROFILE;
  if (!label && !flags["role-arn"]) throw new UsageError("console needs a profile: awsrole console PROFILE.");
  let url: string;
  if (flags["switch-role-url"]) {
    const { ctx } = context(io, () => {});
    const plan = resolvePlan(ctx, label, flags);
    url = switchRoleUrl(plan.roleArn ?? "", label ?? plan.label);
  } else {
    const { plan, session } = await assume(io, label, flags, secrets);
    if (!plan.roleArn)
      throw new UsageError(`console signs in to a role; profile ${JSON.stringify(label)} has no role_arn.`);
    const region = plan.region ?? envRegion(io.env);
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
export async function execCommand(
  io: Io,
  profile: string[],
  command: string[],
  flags: Flags,
  secrets: Secrets,
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
