// `awsrole login`: a new IAM Identity Center token, as the AWS CLI v2's `aws sso login` gets one
// (awscli/botocore/utils.py SSOTokenFetcher, SSOTokenFetcherAuth): a client registered with
// RegisterClient and cached, then the authorization-code flow with PKCE and a loopback redirect
// (the default) or the device-code flow (--device-code); the token and the registration written
// to ~/.aws/sso/cache under the CLI's file names, fields and mode, so that each tool uses the
// other's login. Bundled into commands/login.ts (login.cjs), loaded only to sign in.
// https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import type { SsoConfig } from "../plan/plan.js";
import { Deadline } from "../system/deadline.js";
import { CallError, ConfigError } from "../system/errors.js";
import { isoSeconds } from "../system/expiry.js";
import { browserOpener, startDetached } from "../system/process.js";
import { shlexSplit as shellSplit } from "../system/shlex.js";
import { pythonJson, ssoTokenPath } from "./cache.js";
import { sha1Hex } from "./sha1.js";
import { oidcCall, type SsoDeps, type SsoToken, saveToken, ssoEndpoint } from "./sso.js";

export interface LoginDeps extends Omit<SsoDeps, "loginProfile" | "warn"> {
  /** Progress for the person signing in: the URL, the code. Never a secret. */
  tell: (message: string) => void;
  /** Opens a URL in a browser; false when none could be opened. */
  openBrowser: (url: string) => Promise<boolean>;
  sleep: (ms: number) => Promise<void>;
}

/** What a sign-in needs: the sso-session (or the legacy profile's start URL) and its region. */
export type SsoSession = Pick<SsoConfig, "startUrl" | "region" | "sessionName">;

export interface LoginOptions {
  deviceCode: boolean;
  /** sso_registration_scopes of the sso-session, split as the CLI splits them; undefined when unset. */
  scopes?: string[];
}

/** RFC 8628, section 3.5: slow_down adds 5 seconds to the interval; 5 seconds when none is given. */
const SLOW_DOWN_SECONDS = 5;
const DEFAULT_INTERVAL_SECONDS = 5;
const DEFAULT_SCOPE = "sso:account:access";
const AUTH_GRANT_TYPES = ["authorization_code", "refresh_token"];
/** How long the loopback redirect is waited for (the CLI v2 waits as long). */
const REDIRECT_WAIT_MS = 10 * 60 * 1000;
/** A cached registration is used while this much of it remains (the CLI's _EXPIRY_WINDOW). */
const EXPIRY_WINDOW_MS = 15 * 60 * 1000;

interface Registration {
  clientId: string;
  clientSecret: string;
  expiresAt: string;
  scopes?: string[];
  grantTypes?: string[];
}

/** The CLI v2's registration file name: SHA-1 of sorted JSON of tool, start URL, region, scopes, session. */
export function registrationPath(dir: string, config: SsoSession, scopes: string[] | undefined): string {
  const args = {
    tool: "botocore",
    startUrl: config.startUrl,
    region: config.region,
    scopes: scopes ?? null,
    session_name: config.sessionName ?? null,
  };
  return join(dir, `${sha1Hex(pythonJson(args))}.json`);
}

/** Signs in and writes the token (and the registration) where the AWS CLI keeps them. */
export async function login(config: SsoSession, options: LoginOptions, deps: LoginDeps): Promise<SsoToken> {
  makeTokenDir(deps.ssoTokenDir);
  // The CLI v2 signs a legacy profile (no sso-session) in with the device code only.
  const deviceCode = options.deviceCode || config.sessionName === undefined;
  const token = deviceCode ? await deviceFlow(config, options, deps) : await authCodeFlow(config, options, deps);
  deps.secrets.add(token.accessToken).add(token.refreshToken).add(token.clientSecret);
  saveToken(ssoTokenPath(deps.ssoTokenDir, config), token);
  return token;
}

/** ~/.aws/sso/cache, made if missing; a link to nowhere on the way is named (mkdir would only say ENOENT). */
function makeTokenDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    for (let path = dir; path !== dirname(path); path = dirname(path)) {
      let target: string | undefined;
      try {
        if (lstatSync(path).isSymbolicLink() && !existsSync(path)) target = readlinkSync(path);
      } catch {}
      if (target !== undefined) {
        throw new ConfigError(
          `${path} is a link to ${target}, which does not exist. Create ${target}, or remove the link.`,
        );
      }
    }
    throw error;
  }
}

/**
 * An OIDC call of the sign-in, with a budget of its own (AWSROLE_TIMEOUT): a sign-in is many
 * calls over minutes (each device-code poll is one), and only a call that hangs is a failure.
 */
const oidc = (config: SsoSession, deps: LoginDeps, path: string, body: Record<string, unknown>) =>
  oidcCall(config, { ...deps, deadline: new Deadline(deps.deadline.ms) }, path, body);

/** A cached registration of the right kind with 15 minutes left, else a new one (cached). */
async function registration(
  config: SsoSession,
  options: LoginOptions,
  deps: LoginDeps,
  authCode: boolean,
): Promise<Registration> {
  const path = registrationPath(deps.ssoTokenDir, config, options.scopes);
  try {
    const cached = JSON.parse(readFileSync(path, "utf8")) as Registration;
    const forAuthCode = cached.grantTypes?.includes("authorization_code") === true;
    if (
      typeof cached.clientSecret === "string" &&
      Date.parse(cached.expiresAt) - deps.now().getTime() >= EXPIRY_WINDOW_MS &&
      forAuthCode === authCode
    ) {
      deps.secrets.add(cached.clientSecret);
      return cached;
    }
  } catch {}
  const scopes = authCode ? (options.scopes ?? [DEFAULT_SCOPE]) : options.scopes;
  const clientName = `botocore-client-${config.sessionName ?? Math.floor(deps.now().getTime() / 1000)}`;
  const answer = await oidc(config, deps, "/client/register", {
    clientName,
    clientType: "public",
    ...(authCode
      ? { grantTypes: AUTH_GRANT_TYPES, redirectUris: [REDIRECT_WITHOUT_PORT], issuerUrl: config.startUrl }
      : {}),
    ...(scopes ? { scopes } : {}),
  });
  if (typeof answer.clientId !== "string" || typeof answer.clientSecret !== "string") {
    throw new CallError("the Identity Center OIDC service registered no client. Try again later.");
  }
  deps.secrets.add(answer.clientSecret);
  const registered: Registration = {
    clientId: answer.clientId,
    clientSecret: answer.clientSecret,
    expiresAt: isoSeconds(new Date(Number(answer.clientSecretExpiresAt) * 1000)),
    ...(scopes ? { scopes } : {}),
    ...(authCode ? { grantTypes: AUTH_GRANT_TYPES } : {}),
  };
  saveToken(path, registered as unknown as SsoToken);
  return registered;
}

/** The token cache entry of a CreateToken answer, in the CLI's field order. */
function tokenEntry(config: SsoSession, reg: Registration, answer: Record<string, unknown>, now: Date): SsoToken {
  if (typeof answer.accessToken !== "string" || typeof answer.expiresIn !== "number") {
    throw new CallError("the Identity Center OIDC service answered without a token. Try again.");
  }
  return {
    startUrl: config.startUrl,
    region: config.region,
    accessToken: answer.accessToken,
    expiresAt: isoSeconds(new Date(now.getTime() + answer.expiresIn * 1000)),
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    registrationExpiresAt: reg.expiresAt,
    ...(typeof answer.refreshToken === "string" ? { refreshToken: answer.refreshToken } : {}),
  };
}

const oidcErrorOf = (error: unknown) => (error as { oidcError?: string }).oidcError;

/** The device-code flow (RFC 8628): a code to confirm in any browser, polled for within its interval. */
async function deviceFlow(config: SsoSession, options: LoginOptions, deps: LoginDeps): Promise<SsoToken> {
  const reg = await registration(config, options, deps, false);
  const auth = await oidc(config, deps, "/device_authorization", {
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    startUrl: config.startUrl,
  });
  const deviceCode = String(auth.deviceCode);
  deps.secrets.add(deviceCode);
  const expires = deps.now().getTime() + Number(auth.expiresIn ?? 600) * 1000;
  let interval = Number(auth.interval ?? DEFAULT_INTERVAL_SECONDS);
  let told = false;
  for (;;) {
    try {
      const answer = await oidc(config, deps, "/token", {
        grantType: "urn:ietf:params:oauth:grant-type:device_code",
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        deviceCode,
      });
      return tokenEntry(config, reg, answer, deps.now());
    } catch (error) {
      const code = oidcErrorOf(error);
      if (code === "slow_down") interval += SLOW_DOWN_SECONDS;
      else if (code === "expired_token") throw expired();
      else if (code === "access_denied") throw denied();
      else if (code !== "authorization_pending") throw error;
    }
    // As the CLI: one attempt first (a client may be authorized already), then the code is shown.
    if (!told) {
      told = true;
      const complete = String(auth.verificationUriComplete ?? auth.verificationUri);
      deps.tell(
        `to sign in to ${config.startUrl}, open ${String(auth.verificationUri)} and enter the code ${String(auth.userCode)} (or open ${complete}).`,
      );
      await deps.openBrowser(complete);
    }
    if (deps.now().getTime() + interval * 1000 > expires) throw expired();
    await deps.sleep(interval * 1000);
  }
}

const expired = () => new CallError("the sign-in code expired before it was confirmed. Run awsrole login again.");
const denied = () =>
  new CallError("the sign-in was denied in the browser. Run awsrole login again and allow the request.");

/** The redirect URI registered; the one sent carries the loopback port awsrole listens on. */
const REDIRECT_WITHOUT_PORT = "http://127.0.0.1/oauth/callback";

/** The authorization-code flow with PKCE (RFC 7636) and a loopback redirect (RFC 8252, section 7.3). */
async function authCodeFlow(config: SsoSession, options: LoginOptions, deps: LoginDeps): Promise<SsoToken> {
  const state = randomUUID();
  const callback = await loopbackRedirect(state);
  let signedIn = false;
  try {
    const redirectUri = `http://127.0.0.1:${callback.port}/oauth/callback`;
    const reg = await registration(config, options, deps, true);
    // 64 characters of RFC 7636's unreserved set; the challenge is its SHA-256, base64url.
    const verifier = [...randomBytes(64)].map((b) => VERIFIER_CHARS[b % VERIFIER_CHARS.length]).join("");
    deps.secrets.add(verifier);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const query = new URLSearchParams({
      response_type: "code",
      client_id: reg.clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge_method: "S256",
      scopes: (options.scopes ?? [DEFAULT_SCOPE]).join(" "),
      code_challenge: challenge,
    });
    const url = `${ssoEndpoint(deps.env, "SSO_OIDC", config.region)}/authorize?${query}`;
    const opened = await deps.openBrowser(url);
    deps.tell(
      opened
        ? `signing in to ${config.startUrl} in the browser. If it did not open, open: ${url}`
        : `to sign in to ${config.startUrl}, open this URL in a browser on this machine: ${url} (or run awsrole login --device-code).`,
    );
    const answer = await callback.wait(REDIRECT_WAIT_MS);
    if (answer.error === "access_denied") throw denied();
    if (answer.error || !answer.code) {
      throw new CallError(
        `the sign-in redirect brought no code (${deps.secrets.excerpt(answer.error ?? "none", 80)}). Run awsrole login again.`,
      );
    }
    deps.secrets.add(answer.code);
    const token = await oidc(config, deps, "/token", {
      grantType: "authorization_code",
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      redirectUri,
      codeVerifier: verifier,
      code: answer.code,
    }).catch((error) => {
      if (oidcErrorOf(error) === "expired_token") throw expired();
      throw error;
    });
    const entry = tokenEntry(config, reg, token, deps.now());
    signedIn = true;
    return entry;
  } finally {
    callback.close(signedIn);
  }
}

const VERIFIER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/**
 * A one-shot HTTP server on a free loopback port for /oauth/callback. Only the redirect with the
 * state awsrole sent counts: any other request (another path, no or another state: a stale tab,
 * a page that found the port) gets 400 and the wait goes on. The browser's page is answered once
 * the code is exchanged, so it says "signed in" only when awsrole is.
 */
async function loopbackRedirect(state: string) {
  let deliver: (answer: Record<string, string | undefined>) => void = () => {};
  const arrived = new Promise<Record<string, string | undefined>>((resolve) => {
    deliver = resolve;
  });
  let page: ServerResponse | undefined;
  const text = (res: ServerResponse, status: number, body: string) =>
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(body);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const q = url.searchParams;
    if (url.pathname !== "/oauth/callback" || q.get("state") !== state || page !== undefined) {
      text(res, 400, "awsrole: this is not the sign-in awsrole is waiting for.\n");
      return;
    }
    page = res;
    deliver({ code: q.get("code") ?? undefined, error: q.get("error") ?? undefined });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    wait: (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new CallError("no sign-in came back within 10 minutes. Run awsrole login again.")),
          ms,
        );
      });
      return Promise.race([arrived, late]).finally(() => clearTimeout(timer));
    },
    close: (signedIn: boolean) => {
      if (page) {
        text(
          page,
          200,
          signedIn
            ? "awsrole: signed in. You can close this window.\n"
            : "awsrole: sign-in failed; the terminal says why.\n",
        );
      }
      server.close();
      server.closeIdleConnections();
      // A browser's keep-alive connection must not hold the run open.
      server.unref();
    },
  };
}

/**
 * The browser: BROWSER when set (split as a shell would; `%s` is the URL, else the URL is the
 * last argument, as Python's webbrowser and the AWS CLI read it), else the platform's opener.
 * Resolves once it started (or failed to).
 */
export function openBrowser(env: NodeJS.ProcessEnv, platform: string): (url: string) => Promise<boolean> {
  return (url) => {
    let argv: string[];
    if (env.BROWSER) {
      const words = shellSplit(env.BROWSER);
      argv = words.some((w) => w.includes("%s")) ? words.map((w) => w.replaceAll("%s", url)) : [...words, url];
    } else {
      argv = [...browserOpener(platform), url];
    }
    const [command, ...args] = argv as [string, ...string[]];
    return startDetached(command, args, platform);
  };
}
