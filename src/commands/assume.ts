import type { Flags } from "../args/options.js";
import { keyBeforeCredentials, profileAfterWrite, replaceSection, sessionKeys } from "../aws-files/credentials-file.js";
import { awsFilePaths, type ProfileFiles } from "../aws-files/profiles.js";
import type { SessionCredentials, StsSession } from "../credentials/caller.js";
import { profileChanges, sessionChanges } from "../formats/changes.js";
import { type Format, throwRefusal } from "../formats/format.js";
import type { Plan } from "../plan/plan.js";
import { ConfigError, shown, UsageError } from "../system/errors.js";
import { clock, minutesUntil, timeLeft } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";
import { assume, renewable } from "./role-session.js";

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
  if (flags["write-profile"] !== undefined && !format.pointsAtProfile) {
    throw new UsageError(
      `--write-profile puts the keys in the credentials file and prints code that points AWS_PROFILE at it; --format ${formatName} prints the keys themselves. Drop one of them.`,
    );
  }
  const side = { githubEnv: io.env.GITHUB_ENV, appendFile: io.appendFile, randomId: io.randomId };
  const { credentialsPath } = awsFilePaths(io.env, io.home, io.platform);
  const target = flags["write-profile"];
  const changesFor = (p: Plan, credentials: SessionCredentials) =>
    target === undefined
      ? sessionChanges(credentials, p.label, p.region, renewable(flags))
      : profileChanges(target, p.label, p.region);
  const writer = target === undefined ? undefined : await profileWriter(target);
  // Whatever can be refused is refused before any call: what the format cannot carry (a value
  // of the profile's for cmd, GITHUB_ENV for github), a --write-profile target that is a
  // source, holds long-term keys, would not be used, or cannot be written. The keys are not
  // known yet: stand-ins take their place, and the format is asked again with the real ones.
  const { plan, session, color } = await assume(io, positionals[0], flags, secrets, (p, files) => {
    throwRefusal(format.refuse?.(changesFor(p, STAND_IN), side));
    if (writer) {
      checkWriteTarget(writer.target, p, files, credentialsPath, io.readFile, io.env);
      writer.checkWritable(credentialsPath);
    }
  });
  if (writer) await writer.writeProfile(credentialsPath, writer.target, session.credentials);
  io.stdout(format.render(changesFor(plan, session.credentials), side));
  // The success line holds names and times, never a secret: no redaction pass (it would read the files again).
  if (!flags.quiet) io.stderr(`${color.green("awsrole:")} ${successLine(plan, session, io.now())}\n`);
  return undefined;
}

/** --write-profile's writer, loaded only then. */
async function profileWriter(target: string) {
  const { checkWritable, writeProfile } = await import("../aws-files/write-profile.js");
  return { target, checkWritable, writeProfile };
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
  const written = replaceSection(path, text ?? "", name, sessionKeys(STAND_IN));
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

/** Keys for the checks made before the call: the shape of a session, no value of one. */
const STAND_IN: SessionCredentials = {
  accessKeyId: "A",
  secretAccessKey: "S",
  sessionToken: "T",
  expiration: new Date(0),
};

function successLine(plan: Plan, session: StsSession, now: Date): string {
  const expiry = session.credentials.expiration;
  if (!expiry) return `using the credentials of ${plan.label} as they are (already a session; expiry unknown)`;
  const minutes = Math.max(0, minutesUntil(expiry, now, Math.round));
  const until = `until ${clock(expiry)} (${timeLeft(minutes)})`;
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
