// The endpoint of `exec --server`: the role's credentials served the way ECS serves a task's, so
// every SDK and the AWS CLI inside the command fetch them (and fetch again near expiry) from
// AWS_CONTAINER_CREDENTIALS_FULL_URI, sending AWS_CONTAINER_AUTHORIZATION_TOKEN as the
// Authorization header. The answer is the JSON both botocore's ContainerProvider and the JS SDK's
// fromHttp require: AccessKeyId, SecretAccessKey, Token, Expiration (RFC 3339).
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
// A bundle of its own: node:http is loaded only by `exec --server`.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isoSeconds } from "../system/expiry.js";
import type { SessionCredentials } from "./caller.js";

export interface CredentialServer {
  /** For AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  url: string;
  /** For AWS_CONTAINER_AUTHORIZATION_TOKEN: new for every server, never written anywhere else. */
  token: string;
  close: () => Promise<void>;
}

/** The session to answer with; rejects with why there is none (the message goes to the SDK). */
export type CurrentSession = () => Promise<SessionCredentials>;

const PATH = "/";

/**
 * Listens on 127.0.0.1 only, on a port the kernel picks. Whoever else can reach the port (another
 * user of the machine, a web page through the browser) gets nothing: the token is compared in
 * constant time, and the Host header must be this address and port, so a page whose name was
 * rebound to 127.0.0.1 (DNS rebinding) is refused even before the token is looked at. No CORS
 * header is ever sent, so a browser shows a page none of the answers.
 */
export async function startCredentialServer(
  credentials: CurrentSession,
  errorMessage: (error: unknown) => string,
): Promise<CredentialServer> {
  const token = randomBytes(32).toString("base64url");
  const expected = digest(token);
  let host = "";
  const server = createServer((request, response) => {
    answer(request, response).catch(() => response.destroy());
  });
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers.host !== host) return reply(response, 403, { Code: "Forbidden", Message: "Wrong Host." });
    const given = request.headers.authorization;
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return reply(response, 401, { Code: "Unauthorized", Message: "Missing or wrong authorization token." });
    }
    if (request.method !== "GET") {
      response.setHeader("Allow", "GET");
      return reply(response, 405, { Code: "MethodNotAllowed", Message: "Only GET." });
    }
    if (request.url !== PATH) return reply(response, 404, { Code: "NotFound", Message: "No such path." });
    let session: SessionCredentials;
    try {
      session = await credentials();
    } catch (error) {
      // 503: the request was right, the credentials cannot be had now. Both SDKs report the
      // status; botocore prints the body, which says why.
      return reply(response, 503, { Code: "CredentialsUnavailable", Message: errorMessage(error) });
    }
    reply(response, 200, {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      Token: session.sessionToken,
      Expiration: isoSeconds(session.expiration as Date),
    });
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the credential server has no port");
  host = `127.0.0.1:${address.port}`;
  return {
    url: `http://${host}${PATH}`,
    token,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Both sides hashed first, so the comparison takes the same time whatever the length given. */
const digest = (text: string) => createHash("sha256").update(text).digest();

function reply(response: ServerResponse, status: number, body: Record<string, string>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  response.end(text);
}
