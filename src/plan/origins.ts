// `-v`: where each value of a plan came from — a flag, a profile key (file and line), the
// environment, a default — told from the request, the files and the environment resolve.ts read,
// in its order: flag, the profile's key, the source profile's (mfa_serial), then the default.

import type { IniFile } from "../aws-files/ini.js";
import { configProfileName, type ProfileFiles } from "../aws-files/profiles.js";
import { ONE_HOUR } from "../credentials/caller.js";
import { chainNeedsMfa, metadataOwner, type Plan, type Source } from "./plan.js";
import { REQUEST_FLAGS, type Request } from "./request.js";

/** Where a profile's key is written, "FILE line N": the credentials file first, as it wins when read. */
export function keyPlace(files: ProfileFiles, profile: string, key: string): string | undefined {
  const places: [IniFile | undefined, (section: string) => boolean][] = [
    [files.credentials, (section) => section === profile],
    [files.config, (section) => configProfileName(section) === profile],
  ];
  for (const [file, isProfile] of places) {
    if (!file) continue;
    // Of two sections of one profile the later one wins whole (botocore's build_profile_map).
    const section = file.sections.filter((s) => isProfile(s.name)).at(-1);
    if (!section) continue;
    const option = section.options.find((o) => o.key === key) ?? file.defaults.find((o) => o.key === key);
    const start = option?.lines[0]?.start;
    if (start !== undefined) return `${file.path} line ${lineNumber(file.text, start)}`;
  }
  return undefined;
}

function lineNumber(text: string, offset: number): number {
  // Python reads CR, LF and CRLF as line ends alike (ini.ts), so a line starts after any of them.
  return (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

/** One line per value of the plan: `role …: flag --role-arn`, `region …: profile p (FILE line 4)`. */
export function valueOrigins(
  plan: Plan,
  request: Request,
  files: ProfileFiles,
  env: NodeJS.ProcessEnv,
  session: { cached: boolean; prompt: boolean },
): string[] {
  const profile = files.get(plan.label) ? plan.label : undefined;
  const from = (field: keyof Request, key: string, owner = profile): string | undefined => {
    if (request[field] !== undefined) return `flag --${REQUEST_FLAGS[field]}`;
    const place = owner === undefined ? undefined : keyPlace(files, owner, key);
    return place && `${key} of profile ${owner} (${place})`;
  };
  const lines: string[] = [];
  if (plan.roleArn) lines.push(`role ${plan.roleArn}: ${from("roleArn", "role_arn") ?? "flag --role-arn"}`);
  if (plan.mfaSerial) {
    const source = plan.source;
    const sourceProfile =
      source.kind === "process" || (source.kind === "static" && source.from === "profile") ? source.profile : undefined;
    const own = from("mfaSerial", "mfa_serial");
    const inherited = sourceProfile && from("mfaSerial", "mfa_serial", sourceProfile);
    lines.push(`MFA serial ${plan.mfaSerial}: ${own ?? `${inherited ?? "?"}, the source profile's`}`);
  }
  const duration = from("duration", "duration_seconds");
  lines.push(
    `duration ${plan.durationSeconds}s: ${
      duration === undefined
        ? plan.action === "GetSessionToken"
          ? env.AWSROLE_MFA_SESSION_DURATION
            ? "environment AWSROLE_MFA_SESSION_DURATION"
            : "default (the MFA session, 8h)"
          : "default (STS's, 1h)"
        : plan.source.kind === "role" && plan.durationSeconds === ONE_HOUR
          ? `${duration}, capped at 1h for role chaining`
          : duration
    }`,
  );
  const region = from("region", "region");
  const callRegion = env.AWS_REGION
    ? "environment AWS_REGION"
    : env.AWS_DEFAULT_REGION
      ? "environment AWS_DEFAULT_REGION"
      : "default us-east-1";
  lines.push(
    plan.region
      ? `region ${plan.region}: ${region ?? "?"}`
      : `region: none set (the profile has none; STS is called in the ${callRegion})`,
  );
  if (plan.action !== "GetSessionToken") {
    const name = from("sessionName", "role_session_name");
    lines.push(
      `session name ${plan.roleSessionName}: ${
        name ??
        (plan.source.kind === "token" && plan.roleSessionName
          ? "named after the CI run"
          : "default (awsrole-<your user name>)")
      }`,
    );
  }
  lines.push(`source: ${sourceOrigin(plan.source, files)}`);
  if (chainNeedsMfa(plan))
    lines.push(
      `MFA code: ${session.cached ? "none needed: the session comes from the cache" : codeOrigin(plan, request, files, env, session.prompt)}`,
    );
  return lines;
}

function sourceOrigin(source: Source, files: ProfileFiles): string {
  switch (source.kind) {
    case "static":
      if (source.from === "environment") return "keys in the environment (AWS_ACCESS_KEY_ID)";
      return `keys of profile ${source.profile} (${keyPlace(files, source.profile, "aws_access_key_id") ?? source.file})`;
    case "process":
      return `credential_process of profile ${source.profile} (${keyPlace(files, source.profile, "credential_process") ?? source.file})`;
    case "sso":
      return `SSO of profile ${source.profile} (${source.file})`;
    case "role":
      return `role profile ${source.plan.label}, whose own source is ${sourceOrigin(source.plan.source, files)}`;
    case "token":
      return source.token.from === "file"
        ? `OIDC token file ${source.token.path}`
        : source.token.from === "env"
          ? `OIDC token in ${source.token.name} (${source.token.ci})`
          : `OIDC token from ${source.token.from}`;
    case "metadata":
      return `${source.name} (${metadataOwner(source)})`;
  }
}

function codeOrigin(
  plan: Plan,
  request: Request,
  files: ProfileFiles,
  env: NodeJS.ProcessEnv,
  prompt: boolean,
): string {
  if (request.tokenCode !== undefined) return "flag --token-code";
  if (env.AWSROLE_TOKEN_CODE) return "environment AWSROLE_TOKEN_CODE";
  for (let hop: Plan | undefined = plan; hop; hop = hop.source.kind === "role" ? hop.source.plan : undefined) {
    if (hop.mfaProcess) {
      const place = keyPlace(files, hop.label, "mfa_process");
      return `mfa_process ${place ? `(${place})` : "of the source profile"}, when a code is needed`;
    }
  }
  if (!prompt) return "none (--no-prompt): a run that needs a code fails; pass -t";
  // Whether a terminal will be there is known only when asking (prompt.ts opens it then).
  return "asked on the terminal when a code is needed (not while a cached MFA session lasts); with no terminal (CI, cron) the run fails: pass -t or set mfa_process";
}
