// A local stand-in for IAM Identity Center: the portal (SSO) and the OIDC service (SSO OIDC),
// written from the API references, on a free loopback port. Both awsrole and the AWS CLI reach
// it through AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC (`env` below).
//  - SSO GetRoleCredentials: GET /federation/credentials?role_name=&account_id=, the access token
//    in the x-amz-sso_bearer_token header; 200 {roleCredentials: {accessKeyId, secretAccessKey,
//    sessionToken, expiration (epoch ms)}}; 401 UnauthorizedException "Session token not found
//    or invalid". https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html
//  - SSO OIDC RegisterClient (POST /client/register), StartDeviceAuthorization (POST
//    /device_authorization), CreateToken (POST /token) for the device_code, authorization_code
//    and refresh_token grants; errors are 400 with {error, error_description} and the
//    x-amzn-ErrorType header (AuthorizationPendingException, SlowDownException, …).
//    https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html
//  - GET /authorize: what the browser opens in the authorization-code flow; it redirects to the
//    redirect_uri with a code (or error=access_denied) at once, as a user who approves would.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface SsoCall {
  method: string;
  path: string;
  /** The x-amz-sso_bearer_token header (portal calls). */
  bearer?: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** The access key GetRoleCredentials handed out, or the access token CreateToken did. */
  returned?: string;
}

interface SsoBehaviour {
  /** How GetRoleCredentials answers: 200, an HTTP error, or never. */
  portal: 200 | 401 | 403 | 500 | "hang";
  /** Access tokens the portal accepts; any other token gets 401. */
  validTokens: Set<string>;
  /** Answers to a device_code CreateToken before it succeeds (or fails for good). */
  devicePending: ("authorization_pending" | "slow_down")[];
  /** How a device code ends once the pending answers are used up. */
  deviceEnd: "approve" | "expired_token" | "access_denied";
  /** How /authorize answers: a code, or error=access_denied. */
  authorize: "approve" | "access_denied";
  /** Whether a refresh_token grant succeeds, and whether it rotates the refresh token. */
  refresh: "ok" | "rotate" | "invalid_grant" | "hang";
  /** The token lifetime handed out (seconds). */
  expiresIn: number;
  /** The device authorization's interval and expiry (seconds). */
  interval: number;
  deviceExpiresIn: number;
  /** Role credentials' lifetime (ms). */
  roleLifetimeMs: number;
  /** How long each device_code CreateToken takes to answer (a slow round trip), in ms. */
  deviceTokenDelayMs: number;
}

export interface SsoServer {
  url: string;
  /** AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC for a child process. */
  env: Record<string, string>;
  calls: SsoCall[];
  behaviour: SsoBehaviour;
  /** A token the portal accepts, made up now. */
  issueToken: (prefix?: string) => string;
  stop: () => Promise<void>;
}

/** Starts the stand-in; it closes itself after `lifetimeMs` even if a test forgets to stop it. */
export async function startSsoServer(lifetimeMs = 600_000): Promise<SsoServer> {
  const calls: SsoCall[] = [];
  const behaviour: SsoBehaviour = {
    portal: 200,
    validTokens: new Set(),
    devicePending: [],
    deviceEnd: "approve",
    authorize: "approve",
    refresh: "ok",
    expiresIn: 28800,
    interval: 1,
    deviceExpiresIn: 600,
    roleLifetimeMs: 3600_000,
    deviceTokenDelayMs: 0,
  };
  const clients = new Map<string, { secret: string; redirectUris: string[] }>();
  const devices = new Map<string, { clientId: string; expires: number }>();
  const codes = new Map<string, { clientId: string; challenge: string; redirectUri: string }>();
  const refreshTokens = new Map<string, string>();
  let serial = 0;
  const id = (prefix: string) => `${prefix}${++serial}${randomBytes(6).toString("hex")}`;
  const issueToken = (prefix = "aoa") => {
    const token = id(prefix);
    behaviour.validTokens.add(token);
    return token;
  };
  const hanging = new Set<ServerResponse>();

  const json = (res: ServerResponse, status: number, body: unknown, type?: string) => {
    res.writeHead(status, { "content-type": "application/json", ...(type ? { "x-amzn-ErrorType": type } : {}) });
    res.end(JSON.stringify(body));
  };
  const oidcError = (res: ServerResponse, error: string, type: string) =>
    json(res, 400, { error, error_description: `stand-in: ${error}` }, type);
  const tokenAnswer = (res: ServerResponse, clientId: string) => {
    const refreshToken = id("aorAAA");
    refreshTokens.set(refreshToken, clientId);
    const accessToken = issueToken();
    (calls.at(-1) as SsoCall).returned = accessToken;
    json(res, 200, {
      accessToken,
      tokenType: "Bearer",
      expiresIn: behaviour.expiresIn,
      refreshToken,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    let body: Record<string, unknown> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {}
    const bearer = req.headers["x-amz-sso_bearer_token"];
    calls.push({
      method: req.method ?? "",
      path: url.pathname,
      bearer: typeof bearer === "string" ? bearer : undefined,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /federation/credentials") {
      if (behaviour.portal === "hang") {
        hanging.add(res);
        return;
      }
      if (behaviour.portal === 500)
        return json(res, 500, { message: `stand-in failure for token ${bearer}` }, "InternalServerException");
      if (behaviour.portal === 403) return json(res, 403, { message: "No access" }, "ForbiddenException");
      if (behaviour.portal === 401 || typeof bearer !== "string" || !behaviour.validTokens.has(bearer)) {
        return json(res, 401, { message: "Session token not found or invalid" }, "UnauthorizedException");
      }
      const accessKeyId = id("ASIASSO");
      (calls.at(-1) as SsoCall).returned = accessKeyId;
      return json(res, 200, {
        roleCredentials: {
          accessKeyId,
          secretAccessKey: id("ssoSecret/+="),
          sessionToken: id("ssoSessionToken"),
          expiration: Math.floor((Date.now() + behaviour.roleLifetimeMs) / 1000) * 1000,
        },
      });
    }
    if (route === "POST /client/register") {
      const clientId = id("client");
      const clientSecret = id("clientSecret");
      clients.set(clientId, {
        secret: clientSecret,
        redirectUris: Array.isArray(body.redirectUris) ? (body.redirectUris as string[]) : [],
      });
      return json(res, 200, {
        clientId,
        clientSecret,
        clientIdIssuedAt: Math.floor(Date.now() / 1000),
        clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 90 * 86400,
      });
    }
    const client = clients.get(String(body.clientId));
    const authenticated = client !== undefined && client.secret === body.clientSecret;
    if (route === "POST /device_authorization") {
      if (!authenticated) return oidcError(res, "invalid_client", "InvalidClientException");
      const deviceCode = id("device");
      devices.set(deviceCode, {
        clientId: String(body.clientId),
        expires: Date.now() + behaviour.deviceExpiresIn * 1000,
      });
      const userCode = "ABCD-EFGH";
      return json(res, 200, {
        deviceCode,
        userCode,
        verificationUri: `http://${req.headers.host}/device`,
        verificationUriComplete: `http://${req.headers.host}/device?user_code=${userCode}`,
        expiresIn: behaviour.deviceExpiresIn,
        interval: behaviour.interval,
      });
    }
    if (route === "POST /token") {
      if (body.grantType === "refresh_token" && behaviour.refresh === "hang") {
        hanging.add(res);
        return;
      }
      if (!authenticated) return oidcError(res, "invalid_client", "InvalidClientException");
      const grant = body.grantType;
      if (grant === "urn:ietf:params:oauth:grant-type:device_code") {
        if (behaviour.deviceTokenDelayMs > 0) await new Promise((r) => setTimeout(r, behaviour.deviceTokenDelayMs));
        const device = devices.get(String(body.deviceCode));
        if (!device) return oidcError(res, "invalid_grant", "InvalidGrantException");
        if (Date.now() > device.expires) return oidcError(res, "expired_token", "ExpiredTokenException");
        const next = behaviour.devicePending.shift();
        if (next === "authorization_pending") return oidcError(res, next, "AuthorizationPendingException");
        if (next === "slow_down") return oidcError(res, next, "SlowDownException");
        if (behaviour.deviceEnd === "expired_token") return oidcError(res, "expired_token", "ExpiredTokenException");
        if (behaviour.deviceEnd === "access_denied") return oidcError(res, "access_denied", "AccessDeniedException");
        devices.delete(String(body.deviceCode));
        return tokenAnswer(res, device.clientId);
      }
      if (grant === "authorization_code") {
        const code = codes.get(String(body.code));
        const verifier = String(body.codeVerifier ?? "");
        const challenge = createHash("sha256").update(verifier).digest("base64url");
        if (!code || code.clientId !== body.clientId || code.challenge !== challenge) {
          return oidcError(res, "invalid_grant", "InvalidGrantException");
        }
        if (code.redirectUri !== body.redirectUri) return oidcError(res, "invalid_grant", "InvalidGrantException");
        codes.delete(String(body.code));
        return tokenAnswer(res, code.clientId);
      }
      if (grant === "refresh_token") {
        const owner = refreshTokens.get(String(body.refreshToken));
        if (behaviour.refresh === "invalid_grant" || owner !== body.clientId) {
          // A service that echoes what it was sent: no message may carry it on.
          return json(
            res,
            400,
            { error: "invalid_grant", error_description: `refresh token ${body.refreshToken} of ${body.clientSecret}` },
            "InvalidGrantException",
          );
        }
        const accessToken = issueToken();
        (calls.at(-1) as SsoCall).returned = accessToken;
        const answer: Record<string, unknown> = {
          accessToken,
          tokenType: "Bearer",
          expiresIn: behaviour.expiresIn,
        };
        if (behaviour.refresh === "rotate") {
          const rotated = id("aorAAA");
          refreshTokens.set(rotated, owner as string);
          answer.refreshToken = rotated;
        }
        return json(res, 200, answer);
      }
      return oidcError(res, "unsupported_grant_type", "UnsupportedGrantTypeException");
    }
    if (route === "GET /authorize") {
      const q = url.searchParams;
      const redirect = new URL(q.get("redirect_uri") ?? "");
      const registered = clients.get(q.get("client_id") ?? "");
      // A loopback redirect is registered without its port, and any port is accepted (RFC 8252, 7.3).
      const portless = (uri: string) => uri.replace(/^(http:\/\/127\.0\.0\.1):\d+/, "$1");
      if (!registered?.redirectUris.some((uri) => portless(q.get("redirect_uri") ?? "") === uri)) {
        res.writeHead(400);
        return res.end("unknown client or redirect_uri");
      }
      if (behaviour.authorize === "access_denied") redirect.searchParams.set("error", "access_denied");
      else {
        const code = id("code");
        codes.set(code, {
          clientId: q.get("client_id") ?? "",
          challenge: q.get("code_challenge") ?? "",
          redirectUri: q.get("redirect_uri") ?? "",
        });
        redirect.searchParams.set("code", code);
      }
      redirect.searchParams.set("state", q.get("state") ?? "");
      res.writeHead(302, { location: redirect.href });
      return res.end();
    }
    json(res, 404, { message: `stand-in has no ${route}` });
  };

  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8").on("data", (d: string) => {
      text += d;
    });
    req.on("end", () => handle(req, res, text));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  const url = `http://127.0.0.1:${address.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  setTimeout(stop, lifetimeMs).unref();
  server.unref();
  return {
    url,
    env: { AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url },
    calls,
    behaviour,
    issueToken,
    stop,
  };
}
