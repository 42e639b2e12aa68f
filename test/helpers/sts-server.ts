import { type ChildProcess, spawn } from "node:child_process";
import { createServer, request } from "node:http";
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

/**
 * Starts moto's server on a free loopback port (it speaks the real STS Query protocol) behind a
 * small proxy that records each request's parameters. moto runs under `timeout`, so it stops by
 * itself even if the test process dies.
 */
export async function startStsServer(env: Record<string, string> = {}): Promise<StsServer> {
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
  const { url, requests, stop: stopProxy } = await recordingProxy(motoPort);
  return {
    url,
    motoPort,
    motoUrl,
    requests,
    stop: async () => {
      moto.kill();
      await stopProxy();
    },
  };
}

/** A proxy in front of moto that records each request: several can share one moto. */
export async function recordingProxy(
  motoPort: number,
): Promise<{ url: string; requests: StsRequest[]; stop: () => Promise<void> }> {
  const requests: StsRequest[] = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const entry: StsRequest = Object.fromEntries(new URLSearchParams(body.toString()));
      entry.$signer = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
      requests.push(entry);
      const upstream = request(
        { host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const answer: Buffer[] = [];
          up.on("data", (c: Buffer) => answer.push(c));
          up.on("end", () => {
            const text = Buffer.concat(answer);
            entry.$returned = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text.toString())?.[1] ?? "";
            entry.$returnedSecret = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(text.toString())?.[1] ?? "";
            entry.$returnedToken = /<SessionToken>([^<]+)<\/SessionToken>/.exec(text.toString())?.[1] ?? "";
            res.writeHead(up.statusCode ?? 502, up.headers);
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
    requests,
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
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
