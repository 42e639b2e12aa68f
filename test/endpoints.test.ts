// Which STS awsrole calls, and how it names it: an answer that is not STS's (a captive portal, a
// proxy's error page) is said as such with the endpoint, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
// sets every endpoint variable aside, as the AWS CLI does.
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG as CONFIG_PATH, CREDENTIALS as CREDENTIALS_PATH, runCli, stsError } from "./helpers/fake-io.js";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";

const CONFIG = `[profile nomfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
`;
const CREDENTIALS =
  "[user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/** A loopback "STS" that answers every request with this status and HTML body, as a portal or proxy does. */
function htmlServer(status: number, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(status, { "content-type": "text/html" }).end(body));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, server });
    }),
  );
}

let home: string;
const servers: Server[] = [];
beforeAll(() => {
  home = makeHome(CONFIG, CREDENTIALS);
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(home, { recursive: true, force: true });
});

describe("an HTTP answer that is not STS's is said as such (exit 1, naming the endpoint)", () => {
  const pages: [number, string][] = [
    [200, "<html><body>Welcome to the hotel wifi</body></html>"],
    [502, "<html><body>bad gateway"],
    [403, "<html><body>forbidden</body></html>"],
  ];
  it.each(pages)("status, HTTP %i", async (status, body) => {
    const { url, server } = await htmlServer(status, body);
    servers.push(server);
    const env = cleanEnv(home, {
      AWS_ENDPOINT_URL_STS: url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    const r = await awsrole(["status"], env);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `awsrole: STS at ${url} answered something that is not an STS response (HTTP ${status}${status === 200 ? ", no Arn or Account" : ""}). Check AWS_ENDPOINT_URL_STS (or AWS_ENDPOINT_URL) and any proxy (HTTPS_PROXY) or captive portal between here and STS.\n`,
    );
    expect(r.status).toBe(1);
  });

  it.each(pages)("assume, HTTP %i", async (status, body) => {
    const { url, server } = await htmlServer(status, body);
    servers.push(server);
    const r = await awsrole(["nomfa", "-f", "json", "--no-cache"], cleanEnv(home, { AWS_ENDPOINT_URL_STS: url }));
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(`^awsrole: STS at ${url} answered something that is not an STS response \\(HTTP ${status}[^\\n]*\\n$`),
    );
    expect(r.stderr).not.toMatch(/Deserialization|XML parse|Unknown/);
    expect(r.status).toBe(1);
  });
});

const files = { [CONFIG_PATH]: CONFIG, [CREDENTIALS_PATH]: CREDENTIALS };

describe("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the endpoint variables everywhere", () => {
  const ignored = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL_STS: "http://[::1" };
  const unreachable = () => stsError("TimeoutError", "connect ETIMEDOUT", true, "ETIMEDOUT");

  it("an ignored malformed URL is not refused, and a failure names the endpoint really called", async () => {
    const r = await runCli(["nomfa", "-f", "json", "--no-cache"], { files, env: ignored, fail: unreachable });
    expect(r.stderr).toMatch(/^awsrole: could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com /);
    expect(r.code).toBe(1);
  });

  it("status names the endpoint really called", async () => {
    const env = {
      ...ignored,
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:1",
      AWS_ACCESS_KEY_ID: "AKIAX",
      AWS_SECRET_ACCESS_KEY: "x",
    };
    const r = await runCli(["status"], { files, env, fail: unreachable });
    expect(r.stderr).toMatch(/^awsrole: could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com /);
    expect(r.code).toBe(1);
  });

  it("console does not use an ignored AWS_ENDPOINT_URL_SIGNIN", async () => {
    const r = await runCli(["console", "nomfa"], {
      files,
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL_SIGNIN: "http://[::1" },
    });
    // (The stand-in sign-in endpoint answers no token: exit 1, but not the refusal of the URL.)
    expect(r.stderr).not.toMatch(/AWS_ENDPOINT_URL_SIGNIN|::1/);
    expect(r.code).not.toBe(2);
  });
});
