// A stand-in STS whose sessions expire in seconds: moto (whose shortest session is 900 s) behind a
// proxy that rewrites Expiration and refuses, as STS does, a call signed with an expired session.
// Shared by test/exec-server.test.ts and test/refresh.test.ts.
import { createServer, request } from "node:http";

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

/**
 * A proxy in front of moto that rewrites the Expiration of the actions named in `lifetimes` to
 * that many seconds from now, and answers ExpiredToken to any call signed with keys it handed out
 * once they have expired: the clients meet real expiries.
 */
export async function expiringSts(motoPort: number) {
  const calls: Call[] = [];
  const expiry = new Map<string, number>();
  /** Seconds by action; a list gives one per call, in order, then moto's own expiry. */
  const lifetimes: Record<string, number | number[]> = {};
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(body.toString());
      const agent = String(req.headers["user-agent"] ?? "");
      const call: Call = {
        action: params.get("Action") ?? "",
        signer: /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "",
        // awsrole's own calls use the SDK too: they are the ones that hand out credentials.
        client: /aws-cli/.test(agent) ? "cli" : params.get("Action") === "GetCallerIdentity" ? "js" : "awsrole",
        at: Date.now(),
        tokenCode: params.get("TokenCode") ?? undefined,
        signerToken: req.headers["x-amz-security-token"] as string | undefined,
      };
      calls.push(call);
      // By session token: moto's GetSessionToken answers with the static key's id.
      const expires = expiry.get(call.signerToken ?? "");
      if (expires !== undefined && Date.now() >= expires) {
        call.rejected = true;
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(
          "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>",
        );
        return;
      }
      const upstream = request(
        { host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const answer: Buffer[] = [];
          up.on("data", (c: Buffer) => answer.push(c));
          up.on("end", () => {
            let text = Buffer.concat(answer).toString();
            call.issued = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
            call.issuedToken = /<SessionToken>([^<]+)<\/SessionToken>/.exec(text)?.[1];
            const given = lifetimes[call.action];
            const life = Array.isArray(given) ? given.shift() : given;
            // moto hands out the same MFA session every time: issued again, it lives again.
            if (call.issuedToken) expiry.delete(call.issuedToken);
            if (life !== undefined && call.issuedToken) {
              const at = Date.now() + life * 1000;
              expiry.set(call.issuedToken, at);
              text = text.replace(
                /<Expiration>[^<]*<\/Expiration>/,
                `<Expiration>${new Date(at).toISOString()}</Expiration>`,
              );
            }
            const headers = { ...up.headers };
            delete headers["content-length"];
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
    calls,
    lifetimes,
    stop: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}
