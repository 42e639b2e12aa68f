import type { Flags } from "../args/options.js";
import { textValue } from "../aws-files/profiles.js";
import type { SessionCredentials } from "../credentials/caller.js";
import { envRegion } from "../formats/changes.js";
import * as valid from "../plan/validate.js";
import { Deadline } from "../system/deadline.js";
import { CallError, ConfigError, shown, UsageError } from "../system/errors.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";
import { assume, context } from "./role-session.js";

/** Sign-in and console hosts of each partition (the partition is the ARN's second field). */
const HOSTS: Record<string, { signin: string; console: string }> = {
  aws: { signin: "https://signin.aws.amazon.com", console: "https://console.aws.amazon.com" },
  "aws-cn": { signin: "https://signin.amazonaws.cn", console: "https://console.amazonaws.cn" },
  "aws-us-gov": { signin: "https://signin.amazonaws-us-gov.com", console: "https://console.amazonaws-us-gov.com" },
};

function hostsFor(arn: string) {
  const partition = arn.split(":")[1] ?? "aws";
  const hosts = HOSTS[partition];
  if (!hosts)
    throw new UsageError(`the console sign-in of partition ${JSON.stringify(partition)} is not known to awsrole.`);
  return hosts;
}

/**
 * The console's own "Switch role" link: it calls nothing, and the person signs in as usual.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html
 */
export function switchRoleUrl(roleArn: string, displayName: string): string {
  const [, account, roleName] = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn) ?? [];
  if (!account || !roleName)
    throw new UsageError(`--switch-role-url needs a role ARN, not ${JSON.stringify(roleArn)}.`);
  const query = new URLSearchParams({ account, roleName, displayName: displayName.slice(0, 64) });
  return `${hostsFor(roleArn).signin}/switchrole?${query}`;
}

/**
 * The federation sign-in: exchange the role session for a sign-in token, then the login URL.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html
 * `endpoint` (AWS_ENDPOINT_URL_SIGNIN) replaces the partition's sign-in host, as
 * AWS_ENDPOINT_URL_STS does for STS.
 */
async function consoleUrl(
  credentials: SessionCredentials,
  roleArn: string,
  region: string,
  endpoint: string | undefined,
  get: (url: string, what: string) => Promise<{ status: number; text: string }>,
  keepSecret: (value: string) => void,
): Promise<string> {
  const hosts = hostsFor(roleArn);
  const federation = `${(endpoint ?? hosts.signin).replace(/\/+$/, "")}/federation`;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  let answer: { status: number; text: string };
  try {
    answer = await get(
      `${federation}?${new URLSearchParams({ Action: "getSigninToken", Session: session })}`,
      `the sign-in endpoint ${federation}`,
    );
  } catch (error) {
    if (typeof (error as { awsroleExit?: unknown }).awsroleExit === "number") throw error;
    // Never the error's own text: it quotes the request URL, and with it the session.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CallError(
      `could not reach the sign-in endpoint ${federation} (${cause}). Check the network, or AWS_ENDPOINT_URL_SIGNIN.`,
    );
  }
  let token: unknown;
  try {
    token = JSON.parse(answer.text).SigninToken;
  } catch {}
  if (answer.status !== 200 || typeof token !== "string") {
    throw new CallError(`the sign-in endpoint refused the session (HTTP ${answer.status}). Try again with --refresh.`);
  }
  keepSecret(token);
  const destination = `${hosts.console}/console/home?region=${encodeURIComponent(region)}`;
  return `${federation}?${new URLSearchParams({ Action: "login", Issuer: "awsrole", Destination: destination, SigninToken: token })}`;
}

/** The partition of a region, as its name tells it. */
const partitionOf = (region: string) =>
  region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";

/** `awsrole console [PROFILE]`: the sign-in URL on stdout (or a browser), or the switch-role link. */
export async function consoleCommand(io: Io, profile: string[], flags: Flags, secrets: Secrets): Promise<undefined> {
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

/** AWS_ENDPOINT_URL_SIGNIN, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as for STS and SSO. */
function signinEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true" ? undefined : env.AWS_ENDPOINT_URL_SIGNIN;
}
