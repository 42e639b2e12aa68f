// No part of a secret on stderr: text is redacted before it is cut, and any run of 16 characters
// of a known secret, in each form the redactor knows, is the secret.
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secrets } from "../src/system/secrets.js";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";

/** Every form of a secret the redactor handles. */
const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
  JSON.stringify(secret).slice(1, -1),
  JSON.stringify(JSON.stringify(secret)).slice(3, -3),
];

/** The first run of 16 characters of any form of the secret found in the text, if any. */
function leak(text: string, secret: string): string | undefined {
  for (const form of forms(secret))
    for (let i = 0; i + 16 <= form.length; i++) if (text.includes(form.slice(i, i + 16))) return form.slice(i, i + 16);
  return undefined;
}

/** A web identity token as CI systems issue them: a JWT of ~900 characters. */
const TOKEN = [
  Buffer.from('{"alg":"RS256","kid":"k1"}').toString("base64url"),
  randomBytes(450).toString("base64url"),
  randomBytes(256).toString("base64url"),
].join(".");
/** A secret with characters each encoding writes differently. */
const ODD = `${randomBytes(30).toString("base64")}+/="\\é\n${randomBytes(30).toString("base64")}`;

describe("Secrets.redact", () => {
  const secrets = new Secrets().add(TOKEN).add(ODD).add("short1");

  it.each(forms(TOKEN).map((form, i) => [i, form]))("hides every run of 16 characters of form %i", (_, form) => {
    for (const [from, to] of [
      [0, 16],
      [0, 147],
      [300, 316],
      [form.length - 16, form.length],
      [100, form.length - 100],
    ] as const) {
      const text = `before ${form.slice(from, to)} after`;
      expect(secrets.redact(text)).toBe("before [redacted] after");
    }
  });

  it.each(forms(ODD).map((form, i) => [i, form]))(
    "and of a secret with quotes, slashes, é and a line break, form %i",
    (_, form) => {
      expect(leak(secrets.redact(`x${form.slice(3, 40)}y ${form}`), ODD)).toBeUndefined();
    },
  );

  it("keeps shorter pieces and other text; a short secret only whole", () => {
    expect(secrets.redact(`a ${TOKEN.slice(20, 35)} b`)).toBe(`a ${TOKEN.slice(20, 35)} b`);
    expect(secrets.redact("the short1 key, not short")).toBe("the [redacted] key, not short");
    expect(secrets.redact("nothing secret here at all, not even a little")).toBe(
      "nothing secret here at all, not even a little",
    );
  });

  it("excerpt redacts, then cuts: no piece of a secret that crosses the cut", () => {
    for (let at = 0; at < 60; at++) {
      const text = `${"x".repeat(at)}${TOKEN} and more`;
      const out = new Secrets().add(TOKEN).excerpt(text, 50);
      expect(out).toBe(`${"x".repeat(at)}[redacted] and more`.slice(0, 50) + (at + 19 > 50 ? "…" : ""));
      expect(leak(out, TOKEN)).toBeUndefined();
    }
  });
});

describe("an STS that echoes the request: no piece of the web identity token on stderr", () => {
  let home: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    home = makeHome("");
    writeFileSync(
      join(home, ".aws", "config"),
      `[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nweb_identity_token_file = ${join(home, "token")}\n`,
    );
    writeFileSync(join(home, "token"), `${TOKEN}\n`);
    // Answers /CODE/PAD with that error code, its message holding the request (and the token
    // decoded, and as JSON) after PAD characters, so that a cut at 300 falls inside the token.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        const [, code, pad] = (req.url ?? "").split("/");
        const padding = "p".repeat(Number(pad));
        const decoded = new URLSearchParams(body).get("WebIdentityToken") ?? "";
        const message = `${padding} the request was ${body} with token ${decoded} as JSON ${JSON.stringify({ t: decoded })}`;
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it.each(["InvalidIdentityToken", "ValidationError"])("STS answers %s", async (code) => {
    for (const pad of [0, 37, 120, 250]) {
      const r = await awsrole(["ci", "-f", "json", "--no-cache"], {
        ...cleanEnv(home),
        AWS_ENDPOINT_URL_STS: `${url}/${code}/${pad}`,
        AWS_DEFAULT_REGION: "us-east-1",
        AWSROLE_TIMEOUT: "5",
      });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr, `pad ${pad}`).toContain(code);
      // The token starts inside the first 300 characters with little padding: there, it was cut.
      if (pad < 120) expect(r.stderr, `pad ${pad}`).toContain("[redacted]");
      expect(leak(r.stderr, TOKEN), `pad ${pad}: ${r.stderr}`).toBeUndefined();
    }
  });
});
