import { fileOnPath, homeProblem } from "../aws-files/home.js";
import { missingProfileHint } from "../aws-files/profile-hint.js";
import type { Profile, ProfileFiles } from "../aws-files/profiles.js";
import { ConfigError, shown, UsageError } from "../system/errors.js";

/** What the resolver reads besides the request: the two files, the environment, the OS user. */
export interface ResolveContext {
  files: ProfileFiles;
  env: NodeJS.ProcessEnv;
  /** The OS user name, for the default session name. */
  userName: () => string;
  readFile: (path: string) => string | undefined;
  /** What `~` stands for (home.ts), and the platform, whose rules expand a path. */
  home: string;
  platform: string;
  warn: (message: string) => void;
  /** Default length of an MFA session (GetSessionToken). */
  mfaSessionSeconds: number;
  /** Where a profile's key was read (origins.ts keyOrigin), to name it when its value is refused. */
  keyOrigin?: (profile: string, key: string) => string | undefined;
}

/**
 * A check of a value read from somewhere a user must find to fix it: its refusal names that place
 * after the value (`duration "5h30" (duration_seconds of profile p (FILE line 4)) is not valid`).
 * The place is looked up only then: finding a key's line walks the file, which a 10,000-profile
 * config makes cost more than the rest of a cache hit.
 */
export function checkedFrom<T>(check: () => T, originOf: () => string | undefined): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof UsageError) || !error.message.includes(" is not valid")) throw error;
    const origin = originOf();
    if (origin === undefined) throw error;
    error.message = error.message.replace(" is not valid", ` (${origin}) is not valid`);
    throw error;
  }
}

/**
 * The profile of that name, or an error that says where it looked: `neededBy` is the profile
 * whose source_profile names it, `variable` the variable (AWS_PROFILE) that does.
 */
export function profileNamed(ctx: ResolveContext, name: string, neededBy?: string, variable?: string): Profile {
  const profile = ctx.files.get(name);
  if (profile) return profile;
  // Where it looked, and why there when there is no home (as for botocore, `~` is then `/`; on
  // Windows, where HOME means nothing to the AWS CLI, `~` stays as written).
  const noHome =
    ctx.platform === "win32"
      ? ctx.home === ""
        ? " (USERPROFILE is not set; set it, or AWS_CONFIG_FILE)"
        : ""
      : !ctx.env.HOME
        ? " (HOME is empty or unset; set it, or AWS_CONFIG_FILE)"
        : ctx.env.AWS_CONFIG_FILE
          ? ""
          : homeProblem(ctx.env.HOME);
  const blocked = fileOnPath(ctx.files.configPath) ?? fileOnPath(ctx.files.credentialsPath);
  const where = `${ctx.files.configPath} or ${ctx.files.credentialsPath}${noHome}${blocked ? ` (${blocked} is a file, not a folder)` : ""}`;
  const hint = missingProfileHint(ctx.files, name);
  throw new ConfigError(
    neededBy
      ? `profile ${shown(neededBy)} names source_profile ${shown(name)}, which is not in ${where}. ${hint ?? "Add it or fix source_profile."}`
      : variable
        ? `${variable} names profile ${shown(name)}, which is not in ${where}. ${hint ?? `Fix or unset ${variable}, or pass --source-profile.`}`
        : `profile ${shown(name)} is not in ${where}. ${hint ?? "Run awsrole list to see the profiles, or pass --role-arn."}`,
  );
}
