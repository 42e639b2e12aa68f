// IAM Identity Center, as botocore does it: the access token from ~/.aws/sso/cache
// (utils.py SSOTokenLoader), renewed with its refresh token within 15 minutes of its expiry
// (tokens.py SSOTokenProvider, `[sso-session]` form only), then GetRoleCredentials from the
// portal (credentials.py SSOCredentialFetcher). A bundle of its own (sso.cjs), loaded only when
// such a call is made: a cache hit of an SSO profile never loads it. Plain HTTPS with Node's
// fetch: both APIs are a few JSON fields, and the calls are unsigned (the token is the credential).
import { realpathSync, statSync } from "node:fs";
import { posixWord } from "../formats/posix.js";
import type { SsoConfig } from "../plan/plan.js";
import { writeAtomic } from "../system/atomic-write.js";
import { Deadline } from "../system/deadline.js";
import { CallError, oneLine } from "../system/errors.js";
import { isoSeconds } from "../system/expiry.js";
import type { Secrets } from "../system/secrets.js";
import { pythonJson, ssoTokenPath as tokenPath } from "./cache.js";
import type { SessionCredentials } from "./caller.js";
import { parseExpiresAt } from "./timestamp.js";

export interface SsoDeps {
  /** ~/.aws/sso/cache, where the AWS CLI keeps tokens and client registrations. */
  ssoTokenDir: string;
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string | undefined;
  deadline: Deadline;
  secrets: Secrets;
  now: () => Date;
  warn: (message: string) => void;
  /** The profile to name in `awsrole login PROFILE`. */
  loginProfile: string;
}

/** The token cache entry as the AWS CLI v2 writes it (`aws sso login`) and botocore reads it. */
export interface SsoToken {
  startUrl?: string;
  region?: string;
  accessToken: string;
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
  [other: string]: unknown;
}

/** botocore's refresh window (tokens.py SSOTokenProvider._REFRESH_WINDOW); the SDK's is 5 minutes. */
const REFRESH_WINDOW_MS = 15 * 60 * 1000;

/** The endpoint an SDK calls: the service's variable, the global one, else the regional host. */
export function ssoEndpoint(env: NodeJS.ProcessEnv, service: "SSO" | "SSO_OIDC", region: string): string {
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true";
  const configured = ignore ? undefined : env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return service === "SSO" ? `https://portal.sso.${region}.amazonaws.com` : `https://oidc.${region}.amazonaws.com`;
}

const described = (env: NodeJS.ProcessEnv, service: "SSO" | "SSO_OIDC", region: string) =>
  `the Identity Center ${service === "SSO" ? "portal" : "OIDC service"} at ${ssoEndpoint(env, service, region)} (AWS_ENDPOINT_URL_${service})`;

/** The run needs a (new) sign-in; `awsroleLogin` names the profile to sign in with. */
class LoginNeeded extends CallError {
  readonly awsroleLogin: string;
  constructor(message: string, profile: string) {
    super(`${message} Sign in: awsrole login ${posixWord(profile)}`);
    this.awsroleLogin = profile;
  }
}

const sessionWords = (config: SsoConfig) =>
  config.sessionName === undefined
    ? `start URL ${config.startUrl}`
    : `sso-session ${JSON.stringify(config.sessionName)}`;

/** The cached token, or why there is none usable; its secrets join the redaction set at once. */
function readToken(config: SsoConfig, deps: SsoDeps): SsoToken {
  const path = tokenPath(deps.ssoTokenDir, config);
  const text = deps.readFile(path);
  if (text === undefined) {
    throw new LoginNeeded(`no SSO token for ${sessionWords(config)} in ${deps.ssoTokenDir}.`, deps.loginProfile);
  }
  let token: SsoToken;
  try {
    token = JSON.parse(text);
  } catch {
    throw new LoginNeeded(`the SSO token file ${path} is not JSON.`, deps.loginProfile);
  }
  if (typeof token?.accessToken !== "string" || typeof token.expiresAt !== "string") {
    throw new LoginNeeded(`the SSO token file ${path} has no accessToken or expiresAt.`, deps.loginProfile);
  }
  for (const k of ["accessToken", "refreshToken", "clientSecret"]) {
    if (typeof token[k] === "string") deps.secrets.add(token[k] as string);
  }
  // The token goes into an HTTP header: a character a header cannot carry means a damaged file,
  // and Node's complaint about it would quote the token.
  if (!/^[\x21-\x7e]+$/.test(token.accessToken)) {
    throw new LoginNeeded(
      `the SSO token file ${path} is corrupt (its accessToken holds characters no token has).`,
      deps.loginProfile,
    );
  }
  return token;
}

/**
 * The access token to call the portal with. `[sso-session]` form: renewed by CreateToken when
 * less than 15 minutes remain and the registration still holds, written back; a failed refresh
 * keeps a token that is still valid (botocore's rule). The legacy form is never refreshed.
 */
async function accessToken(config: SsoConfig, deps: SsoDeps): Promise<string> {
  const token = readToken(config, deps);
  const now = deps.now().getTime();
  const expiresAt = parseExpiresAt(token.expiresAt);
  if (!Number.isFinite(expiresAt)) {
    throw new LoginNeeded(`the SSO token for ${sessionWords(config)} has an unreadable expiresAt.`, deps.loginProfile);
  }
  if (config.sessionName !== undefined && expiresAt - now < REFRESH_WINDOW_MS) {
    const renewed = await refreshToken(config, token, deps);
    if (renewed) return renewed.accessToken;
  }
  if (expiresAt <= now) {
    throw new LoginNeeded(
      `the SSO token for ${sessionWords(config)} expired at ${new Date(expiresAt).toISOString()}${config.sessionName === undefined ? "" : " and could not be renewed"}.`,
      deps.loginProfile,
    );
  }
  return token.accessToken;
}

/** CreateToken with the refresh_token grant; undefined when the token cannot or could not be renewed. */
async function refreshToken(config: SsoConfig, token: SsoToken, deps: SsoDeps): Promise<SsoToken | undefined> {
  const { clientId, clientSecret, refreshToken, registrationExpiresAt } = token;
  if (!clientId || !clientSecret || !refreshToken || !registrationExpiresAt) return undefined;
  if (!(parseExpiresAt(registrationExpiresAt) > deps.now().getTime())) return undefined;
  let answer: Record<string, unknown>;
  try {
    // A budget of its own, half the run's: a refresh that hangs must leave the portal call the
    // time it needs, since a token that is still valid is used when the refresh fails.
    const deadline = new Deadline(deps.deadline.ms / 2);
    answer = await oidcCall(config, { ...deps, deadline }, "/token", {
      grantType: "refresh_token",
      clientId,
      clientSecret,
      refreshToken,
    });
  } catch (error) {
    // A warning goes out at once, past the error handler's redaction: redacted here.
    deps.warn(
      deps.secrets.redact(
        `could not renew the SSO token of ${sessionWords(config)}: ${oneLine(deps.secrets.redact((error as Error).message))}.`,
      ),
    );
    return undefined;
  }
  if (typeof answer.accessToken !== "string" || typeof answer.expiresIn !== "number") return undefined;
  // botocore's fields (tokens.py _attempt_create_token), in its order; fields it does not know stay.
  const renewed: SsoToken = {
    ...token,
    startUrl: config.startUrl,
    region: config.region,
    accessToken: answer.accessToken,
    expiresAt: isoSeconds(new Date(deps.now().getTime() + answer.expiresIn * 1000)),
    clientId,
    clientSecret,
    registrationExpiresAt,
    ...(typeof answer.refreshToken === "string" ? { refreshToken: answer.refreshToken } : {}),
  };
  deps.secrets.add(renewed.accessToken).add(renewed.refreshToken);
  try {
    saveToken(tokenPath(deps.ssoTokenDir, config), renewed);
  } catch (error) {
    deps.warn(
      `could not write the renewed SSO token (${(error as NodeJS.ErrnoException).code}); using it for this run.`,
    );
  }
  return renewed;
}

/** Writes a token file as botocore's JSONFileCache does, through a link to its target, keeping its mode. */
export function saveToken(path: string, token: SsoToken): void {
  let target = path;
  let mode = 0o600;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o777;
  } catch {}
  writeAtomic(target, pythonJson(token, false), mode);
}

/** An OIDC call (POST, JSON both ways), bounded by the run's deadline; an OIDC error throws with its `error` code. */
export async function oidcCall(
  config: Pick<SsoConfig, "region">,
  deps: Pick<SsoDeps, "env" | "deadline" | "secrets">,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const base = ssoEndpoint(deps.env, "SSO_OIDC", config.region);
  const what = described(deps.env, "SSO_OIDC", config.region);
  const { status, data, type } = await call(what, deps, `${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (status === 200) return data;
  const code = typeof data.error === "string" ? data.error : (type ?? `HTTP ${status}`);
  throw Object.assign(
    new CallError(
      `${what} answered ${code}${typeof data.error_description === "string" ? ` (${deps.secrets.excerpt(data.error_description, 200)})` : ""}`,
    ),
    { oidcError: code },
  );
}

async function call(
  what: string,
  { deadline, secrets }: Pick<SsoDeps, "deadline" | "secrets">,
  url: string,
  init: RequestInit,
): Promise<{ status: number; data: Record<string, unknown>; type?: string }> {
  try {
    return await deadline.run(what, async (signal) => {
      const response = await fetch(url, { ...init, signal });
      const text = await response.text();
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(text) ?? {};
      } catch {}
      const type = response.headers.get("x-amzn-errortype")?.split(":")[0];
      return { status: response.status, data, type };
    });
  } catch (error) {
    if ((error as { awsroleExit?: number }).awsroleExit !== undefined) throw error;
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new CallError(
      `could not reach ${what}: ${cause?.code ?? secrets.excerpt((error as Error).message, 200)}. Check the network, or the variable.`,
    );
  }
}

/** GetRoleCredentials: the role's keys from the portal, with the access token as the only credential. */
export async function roleCredentials(config: SsoConfig, deps: SsoDeps): Promise<SessionCredentials> {
  const token = await accessToken(config, deps);
  const base = ssoEndpoint(deps.env, "SSO", config.region);
  const what = described(deps.env, "SSO", config.region);
  const query = new URLSearchParams({ role_name: config.roleName, account_id: config.accountId });
  const { status, data, type } = await call(what, deps, `${base}/federation/credentials?${query}`, {
    headers: { "x-amz-sso_bearer_token": token },
  });
  const message = typeof data.message === "string" ? deps.secrets.excerpt(data.message, 200) : (type ?? "");
  if (status === 401) {
    throw new LoginNeeded(
      `${what} rejected the SSO token of ${sessionWords(config)} (${message || "401"}).`,
      deps.loginProfile,
    );
  }
  if (status === 403 || status === 404) {
    throw new CallError(
      `${what} refused role ${config.roleName} in account ${config.accountId} (${type ?? status}: ${message}). Check sso_account_id and sso_role_name, and that your user is assigned that permission set.`,
    );
  }
  const c = data.roleCredentials as Record<string, unknown> | undefined;
  if (status !== 200 || typeof c?.accessKeyId !== "string" || typeof c.secretAccessKey !== "string") {
    throw new CallError(
      `${what} failed: ${type ?? `HTTP ${status}`}${message ? `: ${message}` : ""}. Try again later.`,
    );
  }
  deps.secrets.add(c.secretAccessKey).add(c.sessionToken as string);
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: String(c.sessionToken),
    expiration: new Date(Number(c.expiration)),
  };
}
