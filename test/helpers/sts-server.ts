// STS for the tests: moto's server (it speaks the real STS Query protocol) behind a proxy of ours,
// either one that records each request (startStsServer, recordingProxy) or one whose sessions
// expire in seconds (startExpiringSts).
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingHttpHeaders, request } from "node:http";
import { createServer as createNetServer } from "node:net";

/**
 * One request as STS received it: the Action and its form parameters, plus who signed it
 * (`$signer`, the access key in the Authorization header) and the access key it handed out
 * (`$returned`, for a call that answers with credentials).
 */
export type StsRequest = Record<string, string>;

export interface StsServer {
  /** Where awsrole should call: a recording proxy in front of moto. */
  url: string;
  motoPort: number;
  /** moto itself, for setup calls that should not be recorded. */
  motoUrl: string;
  requests: StsRequest[];
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

/** moto on a free loopback port, with nothing in front of it. */
interface Moto {
  motoPort: number;
  motoUrl: string;
  stop: () => void;
}

/** Starts moto under `timeout`, so that it stops by itself even if the test process dies. */
async function startMoto(env: Record<string, string>): Promise<Moto> {
  const motoPort = await freePort();
  const moto: ChildProcess = spawn(
    "timeout",
    ["900", "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(motoPort)],
    { stdio: "ignore", env: { ...process.env, ...env } },
  );
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${motoUrl}/moto-api/`);
      break;
    } catch {
      if (i > 150 || moto.exitCode !== null) throw new Error("moto server did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { motoPort, motoUrl, stop: () => moto.kill() };
}

/** moto behind a proxy that records each request's parameters. */
export async function startStsServer(env: Record<string, string> = {}): Promise<StsServer> {
  const moto = await startMoto(env);
  const proxy = await recordingProxy(moto.motoPort);
  return { ...moto, ...proxy, stop: () => stopBoth(moto, proxy) };
}

/** moto behind a proxy whose sessions expire when a test says (expiringProxy). */
export async function startExpiringSts(): Promise<ExpiringSts> {
  const moto = await startMoto({});
  const proxy = await expiringProxy(moto.motoPort);
  return { ...proxy, stop: () => stopBoth(moto, proxy) };
}

async function stopBoth(moto: Moto, proxy: { stop: () => Promise<void> }): Promise<void> {
  moto.stop();
  await proxy.stop();
}

/**
 * What a proxy does with one request, told its form parameters and headers: answer in moto's
 * place, or pass it on and give moto's answer to a function that returns the text to send back.
 */
type Handler = (
  params: URLSearchParams,
  headers: IncomingHttpHeaders,
) => { status: number; body: string } | ((answer: string) => string);

/** A proxy on a free loopback port in front of moto: the one both kinds below are made of. */
async function motoProxy(motoPort: number, handle: Handler): Promise<{ url: string; stop: () => Promise<void> }> {
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const handling = handle(new URLSearchParams(body.toString()), req.headers);
      if (typeof handling !== "function") {
        res.writeHead(handling.status, { "content-type": "text/xml" });
        res.end(handling.body);
        return;
      }
      const upstream = request(
        { host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const answer: Buffer[] = [];
          up.on("data", (c: Buffer) => answer.push(c));
          up.on("end", () => {
            const text = handling(Buffer.concat(answer).toString());
            const headers = { ...up.headers };
            if (headers["content-length"] !== undefined) headers["content-length"] = String(Buffer.byteLength(text));
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  if (typeof address !== "object" || address === null) throw new Error("no proxy port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/** The access key that signed a request (the Authorization header's credential scope). */
const signerOf = (headers: IncomingHttpHeaders) =>
  /Credential=([^/]+)\//.exec(String(headers.authorization ?? ""))?.[1] ?? "";

/** The text of an answer's first <name> element. */
const element = (answer: string, name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(answer)?.[1];

/** A proxy in front of moto that records each request: several can share one moto. */
export async function recordingProxy(
  motoPort: number,
): Promise<{ url: string; requests: StsRequest[]; stop: () => Promise<void> }> {
  const requests: StsRequest[] = [];
  const proxy = await motoProxy(motoPort, (params, headers) => {
    const entry: StsRequest = Object.fromEntries(params);
    entry.$signer = signerOf(headers);
    requests.push(entry);
    return (answer) => {
      entry.$returned = element(answer, "AccessKeyId") ?? "";
      entry.$returnedSecret = element(answer, "SecretAccessKey") ?? "";
      entry.$returnedToken = element(answer, "SessionToken") ?? "";
      return answer;
    };
  });
  return { ...proxy, requests };
}

/** One call as the expiring proxy saw it. */
export interface Call {
  action: string;
  signer: string;
  client: "cli" | "js" | "awsrole";
  at: number;
  tokenCode?: string;
  /** The session token it was signed with (X-Amz-Security-Token). */
  signerToken?: string;
  /** The access key and session token a call that hands out credentials returned. */
  issued?: string;
  issuedToken?: string;
  rejected?: boolean;
}

export interface ExpiringSts {
  url: string;
  calls: Call[];
  /** Seconds by action; a list gives one per call, in order, then moto's own expiry. */
  lifetimes: Record<string, number | number[]>;
  stop: () => Promise<void>;
}

const EXPIRED =
  "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>";

/**
 * Sessions that expire in seconds (moto's shortest is 900 s): a proxy in front of moto that
 * rewrites the Expiration of the actions named in `lifetimes` to that many seconds from now, and
 * answers ExpiredToken, as STS does, to any call signed with keys it handed out once they have
 * expired: the clients meet real expiries.
 */
async function expiringProxy(motoPort: number): Promise<ExpiringSts> {
  const calls: Call[] = [];
  const expiry = new Map<string, number>();
  const lifetimes: ExpiringSts["lifetimes"] = {};
  const proxy = await motoProxy(motoPort, (params, headers) => {
    const call: Call = {
      action: params.get("Action") ?? "",
      signer: signerOf(headers),
      // awsrole's own calls use the SDK too: they are the ones that hand out credentials.
      client: /aws-cli/.test(String(headers["user-agent"] ?? ""))
        ? "cli"
        : params.get("Action") === "GetCallerIdentity"
          ? "js"
          : "awsrole",
      at: Date.now(),
      tokenCode: params.get("TokenCode") ?? undefined,
      signerToken: headers["x-amz-security-token"] as string | undefined,
    };
    calls.push(call);
    // By session token: moto's GetSessionToken answers with the static key's id.
    const expires = expiry.get(call.signerToken ?? "");
    if (expires !== undefined && Date.now() >= expires) {
      call.rejected = true;
      return { status: 403, body: EXPIRED };
    }
    return (answer) => {
      call.issued = element(answer, "AccessKeyId");
      call.issuedToken = element(answer, "SessionToken");
      const given = lifetimes[call.action];
      const life = Array.isArray(given) ? given.shift() : given;
      // moto hands out the same MFA session every time: issued again, it lives again.
      if (call.issuedToken) expiry.delete(call.issuedToken);
      if (life === undefined || !call.issuedToken) return answer;
      const at = Date.now() + life * 1000;
      expiry.set(call.issuedToken, at);
      return answer.replace(
        /<Expiration>[^<]*<\/Expiration>/,
        `<Expiration>${new Date(at).toISOString()}</Expiration>`,
      );
    };
  });
  return { ...proxy, calls, lifetimes };
}

/**
 * A Query API call to moto for test setup (IAM users, roles, keys). With IAM auth off moto does
 * not check the signature, only the service named in the credential scope.
 */
export async function motoCall(
  motoUrl: string,
  service: "iam" | "sts",
  params: Record<string, string>,
  accessKey = "AKIAIOSFODNN7EXAMPLE",
): Promise<string> {
  const version = service === "iam" ? "2010-05-08" : "2011-06-15";
  const response = await fetch(motoUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: version, ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${params.Action} failed: ${text}`);
  return text;
}
