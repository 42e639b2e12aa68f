import { type Identity, isStsFailure } from "../caller.js";
import { envRegion } from "../changes.js";
import type { Io } from "../cli.js";
import { CallError, UsageError } from "../errors.js";
import type { Flags } from "../options.js";

export interface Status {
  profile?: string;
  expiration?: string;
  minutesLeft?: number;
  arn?: string;
  account?: string;
}

/**
 * What the current environment's credentials are, from the variables alone: the fast form for
 * shell prompts. No credentials, or expired ones, is an error (exit 1) with what to do.
 */
export function offlineStatus(env: NodeJS.ProcessEnv, now: Date): Status {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    throw new CallError("no AWS credentials in this shell. Run awsrole PROFILE to assume a role.");
  }
  const status: Status = { profile: env.AWSROLE_PROFILE || undefined };
  const expiration = env.AWS_CREDENTIAL_EXPIRATION;
  if (expiration) {
    const left = Math.floor((new Date(expiration).getTime() - now.getTime()) / 60000);
    if (!(left >= 0)) {
      throw new CallError(
        `the credentials in this shell expired at ${expiration}. Run awsrole ${env.AWSROLE_PROFILE ?? "PROFILE"} again.`,
      );
    }
    Object.assign(status, { expiration, minutesLeft: left });
  }
  return status;
}

export function withIdentity(status: Status, identity: Identity): Status {
  return { arn: identity.arn, account: identity.account, ...status };
}

export function renderStatus(status: Status, json: boolean): string {
  if (json) return `${JSON.stringify(status)}\n`;
  // The offline form is one short line, for a shell prompt: "handson-admin 42m".
  if (status.arn === undefined) return `${status.profile ?? "-"} ${status.minutesLeft ?? "?"}m\n`;
  const lines = [
    status.arn && `arn      ${status.arn}`,
    status.account && `account  ${status.account}`,
    `profile  ${status.profile ?? "-"}`,
    `expires  ${status.expiration === undefined ? "unknown" : `${status.expiration} (${status.minutesLeft}m left)`}`,
  ];
  return `${lines.filter(Boolean).join("\n")}\n`;
}

/** `awsrole status`: the identity (GetCallerIdentity) unless --offline, and the time left. */
export async function statusCommand(io: Io, flags: Flags): Promise<undefined> {
  if (flags.format !== undefined && flags.format !== "json") {
    throw new UsageError(`status prints text or --format json, not ${JSON.stringify(flags.format)}.`);
  }
  let status = offlineStatus(io.env, io.now());
  if (!flags.offline) {
    const env = io.env;
    const credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
    try {
      const identity = await (await io.sts()).getCallerIdentity(credentials, envRegion(env));
      status = withIdentity(status, identity);
    } catch (error) {
      throw isStsFailure(error)
        ? new CallError(
            `STS does not accept the credentials in this shell (${error.code}). Run awsrole ${env.AWSROLE_PROFILE ?? "PROFILE"} again.`,
          )
        : error;
    }
  }
  io.stdout(renderStatus(status, flags.format === "json"));
  return undefined;
}
