import type { Flags } from "../args/options.js";
import { type WrittenSession, writtenSession } from "../aws-files/credentials-file.js";
import { awsFilePaths, loadProfiles } from "../aws-files/profiles.js";
import { type Identity, isStsFailure, notStsAnswer } from "../credentials/caller.js";
import { envRegion, stsEndpoint } from "../formats/changes.js";
import { stsEndpointVariables } from "../plan/validate.js";
import { Deadline, waitingLine } from "../system/deadline.js";
import { CallError, isAwsroleError, shown, UsageError } from "../system/errors.js";
import { minutesUntil } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";

interface Status {
  profile?: string;
  expiration?: string;
  minutesLeft?: number;
  arn?: string;
  account?: string;
  /** The IAM Identity Center role of the profile (AWSROLE_PROFILE), when it is an SSO profile. */
  ssoRole?: string;
  /** Inside `awsrole exec --server`: the credentials come from its endpoint, renewed as they near expiry. */
  servedBy?: string;
}

/**
 * What the current environment's credentials are, from the variables alone: the fast form for
 * shell prompts. No credentials, or expired ones, is an error (exit 1) with what to do; an expiry
 * that is no time (`AWS_CREDENTIAL_EXPIRATION=soon`) is a bad variable (exit 2).
 */
function offlineStatus(env: NodeJS.ProcessEnv, now: Date, written?: WrittenSession): Status {
  if (!written && (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)) {
    throw new CallError("no AWS credentials in this shell. Run awsrole PROFILE to assume a role.");
  }
  const status: Status = { profile: env.AWSROLE_PROFILE || undefined };
  const expiration = written ? written.expiration : env.AWS_CREDENTIAL_EXPIRATION;
  const left = minutesLeft(expiration, now);
  const again = `Run awsrole ${env.AWSROLE_PROFILE ?? "PROFILE"} again`;
  if (left === "unreadable") {
    const where = written
      ? `x_security_token_expires of profile ${shown(env.AWS_PROFILE ?? "")}`
      : "AWS_CREDENTIAL_EXPIRATION";
    throw new UsageError(
      `${where} ${shown(expiration ?? "")} is not a time awsrole can read (it writes 2026-11-23T03:00:00Z). ${again}.`,
    );
  }
  if (left === "expired") throw new CallError(`the credentials in this shell expired at ${expiration}. ${again}.`);
  if (expiration) Object.assign(status, { expiration, minutesLeft: left });
  return status;
}

/** Whole minutes to an ISO 8601 expiry; undefined when there is none. */
function minutesLeft(expiration: string | undefined, now: Date): number | "expired" | "unreadable" | undefined {
  if (!expiration) return undefined;
  const expiry = new Date(expiration);
  if (Number.isNaN(expiry.getTime())) return "unreadable";
  const left = minutesUntil(expiry, now);
  return left >= 0 ? left : "expired";
}

function withIdentity(status: Status, identity: Identity): Status {
  return { arn: identity.arn, account: identity.account, ...status };
}

function renderStatus(status: Status, json: boolean): string {
  if (json) return `${JSON.stringify(status)}\n`;
  // The offline form is one short line, for a shell prompt: "handson-admin 42m", or the name
  // alone when the expiry is unknown (keys that were already a session).
  if (status.arn === undefined) {
    const left = status.servedBy ? " served" : status.minutesLeft === undefined ? "" : ` ${status.minutesLeft}m`;
    return `${status.profile ?? "-"}${left}\n`;
  }
  const lines = [
    status.arn && `arn      ${status.arn}`,
    status.account && `account  ${status.account}`,
    status.ssoRole && `sso      ${status.ssoRole}`,
    status.servedBy && `served   by ${status.servedBy}, renewed while the command runs`,
    `profile  ${status.profile ?? "-"}`,
    `expires  ${status.expiration === undefined ? "unknown" : `${status.expiration} (${status.minutesLeft}m left)`}`,
  ];
  return `${lines.filter(Boolean).join("\n")}\n`;
}

/** The keys of the profile AWS_PROFILE names, when awsrole wrote it (its mark; the expiry may be unknown). */
function awsProfileSession(io: Io): WrittenSession | undefined {
  const name = io.env.AWS_PROFILE;
  if (!name || io.env.AWS_ACCESS_KEY_ID) return undefined;
  return writtenSession(loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile).get(name)?.inCredentials);
}

/** "Admin in 111122223333 (sso-session corp)" for an SSO profile; its role ARN is one IAM made up. */
function ssoRoleOf(io: Io, profile: string | undefined): string | undefined {
  if (!profile) return undefined;
  const values = loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile).get(profile)?.values;
  const text = (key: string) => (typeof values?.[key] === "string" ? (values[key] as string) : undefined);
  const role = text("sso_role_name");
  if (!role || text("role_arn")) return undefined;
  const session = text("sso_session");
  return `${role} in ${text("sso_account_id") ?? "?"}${session ? ` (sso-session ${session})` : ""}`;
}

/** `awsrole status`: the identity (GetCallerIdentity) unless --offline, and the time left. */
export async function statusCommand(io: Io, flags: Flags, secrets: Secrets): Promise<number | undefined> {
  if (flags.format !== undefined && flags.format !== "json") {
    throw new UsageError(`status prints text or --format json, not ${shown(flags.format)}.`);
  }
  const env = io.env;
  const served = servedEndpoint(env);
  if (served) return servedStatus(io, served, flags, secrets);
  const written = awsProfileSession(io);
  // In a prompt (PS1='[$(awsrole status --offline)] $ ') no role is the usual state, not an
  // error worth a line on every prompt: nothing at all, and exit 1 for a script that asks.
  if (flags.offline && !written && (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)) return 1;
  // Likewise an expired session: a short marker where the time left would be, exit 1, no line on
  // stderr (`handson-admin expired`; `?` for an expiry that is no time).
  const expiration = written ? written.expiration : env.AWS_CREDENTIAL_EXPIRATION;
  const left = flags.offline && minutesLeft(expiration, io.now());
  if (left === "expired" || left === "unreadable") {
    const marker = left === "expired" ? "expired" : "?";
    io.stdout(
      flags.format === "json"
        ? `${JSON.stringify({ profile: env.AWSROLE_PROFILE || undefined, expiration, expired: left === "expired" || undefined })}\n`
        : `${env.AWSROLE_PROFILE || "-"} ${marker}\n`,
    );
    return 1;
  }
  let status = offlineStatus(env, io.now(), written);
  if (!flags.offline) {
    stsEndpointVariables(env);
    const credentials = written?.credentials ?? {
      accessKeyId: env.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
    secrets.add(credentials.secretAccessKey).add(credentials.sessionToken);
    const region = envRegion(env);
    const endpoint = `STS at ${stsEndpoint(env, region)}`;
    try {
      const sts = await io.sts();
      const identity = await Deadline.fromEnv(env.AWSROLE_TIMEOUT, waitingLine(io)).run(endpoint, (signal) =>
        sts.getCallerIdentity(credentials, region, signal),
      );
      status = withIdentity(status, identity);
      const ssoRole = ssoRoleOf(io, status.profile);
      if (ssoRole) status.ssoRole = ssoRole;
    } catch (error) {
      if (!isStsFailure(error)) throw error;
      if (error.code === "NotStsResponse") throw new CallError(notStsAnswer(endpoint, error));
      throw error.network
        ? new CallError(
            `could not reach ${endpoint} (${error.errno ?? error.code}), so the credentials were not checked. Check the network, or AWS_ENDPOINT_URL_STS.`,
          )
        : new CallError(
            `STS does not accept the credentials in this shell (${error.code}). Run awsrole ${env.AWSROLE_PROFILE ?? "PROFILE"} again.`,
          );
    }
  }
  io.stdout(renderStatus(status, flags.format === "json"));
  return undefined;
}

/**
 * Inside `awsrole exec --server -- CMD`, CMD has no keys: its SDKs fetch them from the endpoint
 * AWS_CONTAINER_CREDENTIALS_FULL_URI names, sending AWS_CONTAINER_AUTHORIZATION_TOKEN. Only a
 * loopback endpoint (awsrole's) is asked: the token is sent nowhere else.
 */
function servedEndpoint(env: NodeJS.ProcessEnv): { url: string; token: string } | undefined {
  const url = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  if (env.AWS_ACCESS_KEY_ID || !url || !token || !/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return undefined;
  return { url, token };
}

/** The status of the served credentials: fetched as an SDK fetches them, then GetCallerIdentity (unless --offline). */
async function servedStatus(
  io: Io,
  served: { url: string; token: string },
  flags: Flags,
  secrets: Secrets,
): Promise<number | undefined> {
  const env = io.env;
  secrets.add(served.token);
  const profile = env.AWSROLE_PROFILE || undefined;
  let status: Status = {
    profile,
    servedBy: `awsrole exec --server${profile ? ` for ${profile}` : ""} at ${served.url}`,
  };
  if (!flags.offline) {
    const deadline = Deadline.fromEnv(env.AWSROLE_TIMEOUT, waitingLine(io));
    const where = `the credential endpoint of awsrole exec --server (${served.url})`;
    let answer: { status: number; text: string };
    try {
      answer = await deadline.run(where, (signal) => io.fetchText(served.url, { authorization: served.token }, signal));
    } catch (error) {
      if (isAwsroleError(error)) throw error;
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CallError(`could not reach ${where} (${code}). Its command has probably ended.`);
    }
    let body: Record<string, string> = {};
    try {
      body = JSON.parse(answer.text);
    } catch {}
    if (answer.status !== 200 || !body.AccessKeyId || !body.SecretAccessKey) {
      throw new CallError(`${where} answered ${answer.status}${body.Message ? `: ${body.Message}` : ""}.`);
    }
    const credentials = {
      accessKeyId: body.AccessKeyId,
      secretAccessKey: body.SecretAccessKey,
      sessionToken: body.Token,
    };
    secrets.add(credentials.secretAccessKey).add(credentials.sessionToken);
    if (body.Expiration) {
      const minutesLeft = minutesUntil(new Date(body.Expiration), io.now());
      status = { ...status, expiration: body.Expiration, minutesLeft };
    }
    stsEndpointVariables(env);
    const region = envRegion(env);
    const endpoint = `STS at ${stsEndpoint(env, region)}`;
    const sts = await io.sts();
    try {
      status = withIdentity(
        status,
        await deadline.run(endpoint, (signal) => sts.getCallerIdentity(credentials, region, signal)),
      );
    } catch (error) {
      if (!isStsFailure(error)) throw error;
      throw new CallError(
        error.network
          ? `could not reach ${endpoint} (${error.errno ?? error.code}), so the served credentials were not checked. Check the network, or AWS_ENDPOINT_URL_STS.`
          : `STS does not accept the credentials awsrole exec --server serves (${error.code}).`,
      );
    }
  }
  io.stdout(renderStatus(status, flags.format === "json"));
  return undefined;
}
