// Safe at run time: every call ends by its deadline whatever the endpoint does, no secret reaches
// stderr in any form, nothing is written outside the user's cache and ~/.aws, and the code cache
// runs nothing it did not make.
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";

const CONFIG = `[profile target1]
role_arn = arn:aws:iam::333344445555:role/target1-role
source_profile = foo

[profile mfa]
role_arn = arn:aws:iam::333344445555:role/mfa-role
source_profile = foo
mfa_serial = arn:aws:iam::111122223333:mfa/foo

[profile chained]
role_arn = arn:aws:iam::333344445555:role/second
source_profile = target1
`;
const SOURCE_SECRET = "xxxxSOURCExSECRETxxxxxxxxxxxxxxxxxxxxxxxx";
const CREDENTIALS = `[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = ${SOURCE_SECRET}\n`;
const TIMEOUT = 2;

/** A loopback server that misbehaves in one way; it stops with the test file. */
type Behaviour = "reset" | "silent" | "trickle" | "garbage" | "slow-headers";
function misbehaving(behaviour: Behaviour): Promise<{ url: string; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", () => {
      if (behaviour === "reset") socket.resetAndDestroy();
      if (behaviour === "garbage") socket.end("\x00\xffNOT HTTP AT ALL\r\n\r\n");
      if (behaviour === "slow-headers" || behaviour === "trickle") {
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n");
        if (behaviour === "trickle") socket.write("\r\n");
        const drip = setInterval(() => socket.write(behaviour === "trickle" ? "<" : "X-A: b\r\n"), 400);
        socket.on("close", () => clearInterval(drip));
      }
      // "silent": accept, read, never answer.
    });
  });
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address !== "object" || address === null) throw new Error("no port");
      done({ url: `http://127.0.0.1:${address.port}`, server });
    }),
  );
}

/** A server whose listen queue is full: connections are neither accepted nor refused (dropped). */
async function dropping(): Promise<{ url: string; close: () => void }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen({ port: 0, host: "127.0.0.1", backlog: 0 }, done));
  server.on("connection", () => {});
  // Stop accepting, then fill the queue: later SYNs are dropped by the kernel.
  const { port } = server.address() as { port: number };
  const { connect } = await import("node:net");
  const fillers: Socket[] = [];
  (server as unknown as { _handle: { onconnection: unknown } })._handle.onconnection = () => {};
  for (let i = 0; i < 8; i++) fillers.push(connect(port, "127.0.0.1").on("error", () => {}));
  await new Promise((r) => setTimeout(r, 200));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const f of fillers) f.destroy();
      server.close();
    },
  };
}

describe("every call ends by its deadline", () => {
  const servers: Server[] = [];
  let home: string;
  beforeAll(() => {
    home = makeHome(CONFIG, CREDENTIALS);
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  const cases: [string, string[]][] = [
    ["AssumeRole", ["target1", "--no-cache", "-f", "bash"]],
    ["the MFA path (GetSessionToken)", ["mfa", "--no-cache", "-t", "123456", "-f", "bash"]],
    ["status", ["status"]],
  ];
  it.each(["reset", "silent", "trickle", "garbage", "slow-headers"] as const)(
    "an endpoint that answers with %s: exit 1 within the deadline, one line naming it",
    async (behaviour) => {
      const { url, server } = await misbehaving(behaviour);
      servers.push(server);
      for (const [what, args] of cases) {
        const started = Date.now();
        const r = await awsrole(args, {
          ...cleanEnv(home),
          AWS_ENDPOINT_URL_STS: url,
          AWSROLE_TIMEOUT: String(TIMEOUT),
          AWS_ACCESS_KEY_ID: "AKIAENVIRONMENT00000",
          AWS_SECRET_ACCESS_KEY: "environmentsecretenvironmentsecret",
        });
        const took = Date.now() - started;
        expect(r.stdout, what).toBe("");
        expect(r.status, `${what}: ${r.stderr}`).toBe(1);
        expect(r.stderr.trim().split("\n"), what).toHaveLength(1);
        expect(r.stderr, what).toContain(url.replace("http://", ""));
        expect(took, what).toBeLessThan(TIMEOUT * 1000 + 1500);
      }
    },
  );

  it("an endpoint that drops the connection: exit 1 within the deadline", async () => {
    const { url, close } = await dropping();
    try {
      const started = Date.now();
      const r = await awsrole(["target1", "--no-cache", "-f", "bash"], {
        ...cleanEnv(home),
        AWS_ENDPOINT_URL_STS: url,
        AWSROLE_TIMEOUT: String(TIMEOUT),
      });
      expect(r).toMatchObject({ status: 1, stdout: "" });
      expect(Date.now() - started).toBeLessThan(TIMEOUT * 1000 + 1500);
    } finally {
      close();
    }
  });

  it("the console's sign-in endpoint too, and a malformed one is refused before any call", async () => {
    const sts = await startStsServer();
    const { url, server } = await misbehaving("silent");
    servers.push(server);
    try {
      const env = { ...cleanEnv(home), AWS_ENDPOINT_URL_STS: sts.url, AWSROLE_TIMEOUT: String(TIMEOUT) };
      const started = Date.now();
      const r = await awsrole(["console", "target1"], { ...env, AWS_ENDPOINT_URL_SIGNIN: url });
      expect(r).toMatchObject({ status: 1, stdout: "" });
      expect(r.stderr).toContain(`the sign-in endpoint ${url}/federation did not answer within ${TIMEOUT} s`);
      expect(Date.now() - started).toBeLessThan(TIMEOUT * 1000 + 3000);
      const from = sts.requests.length;
      const bad = await awsrole(["console", "target1"], { ...env, AWS_ENDPOINT_URL_SIGNIN: "ht!tp://x y" });
      expect(bad).toMatchObject({ status: 2, stdout: "" });
      expect(sts.requests.length).toBe(from);
    } finally {
      await sts.stop();
    }
  });

  it("refuses a malformed AWSROLE_TIMEOUT (exit 2)", async () => {
    const r = await awsrole(["target1", "-f", "bash"], { ...cleanEnv(home), AWSROLE_TIMEOUT: "soon" });
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/AWSROLE_TIMEOUT "soon" is not valid/);
  });
});

/** Every form a secret could take in a message. */
const forms = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
  JSON.stringify(secret).slice(1, -1),
  Buffer.from(secret).toString("base64"),
];

describe("no secret on stderr, in any form", () => {
  let sts: StsServer;
  let echo: Server;
  let echoUrl: string;
  beforeAll(async () => {
    sts = await startStsServer();
    // An STS that answers the first hop as moto does and then fails, echoing the whole request
    // (headers with x-amz-security-token, and the body) in its error, as some proxies do.
    let calls = 0;
    echo = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const body = Buffer.concat(chunks).toString();
        if (calls++ % 2 === 0) {
          const upstream = await fetch(sts.url, {
            method: "POST",
            headers: req.headers as Record<string, string>,
            body,
          });
          res.writeHead(upstream.status, { "content-type": "text/xml" });
          res.end(await upstream.text());
          return;
        }
        const echoed = JSON.stringify({ headers: req.headers, body });
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad request ${echoed} ${encodeURIComponent(echoed)}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
      });
    });
    await new Promise<void>((done) => echo.listen(0, "127.0.0.1", done));
    echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    echo.close();
    await sts?.stop();
  });

  it("scans stderr of every error path it can provoke for every secret awsrole held", async () => {
    const home = makeHome(CONFIG, CREDENTIALS);
    const paths: [string, string[], Record<string, string>][] = [
      [
        "a chain whose second hop fails, echoing the first hop's token",
        ["chained", "--no-cache", "-f", "bash"],
        { AWS_ENDPOINT_URL_STS: echoUrl },
      ],
      [
        "the MFA session echoed by AssumeRole",
        ["mfa", "--no-cache", "-t", "123456", "-f", "bash"],
        { AWS_ENDPOINT_URL_STS: echoUrl },
      ],
      [
        "the same with AWSROLE_DEBUG=1",
        ["chained", "--no-cache", "-f", "bash"],
        { AWS_ENDPOINT_URL_STS: echoUrl, AWSROLE_DEBUG: "1" },
      ],
      [
        "an unreachable endpoint with AWSROLE_DEBUG=1",
        ["target1", "--no-cache", "-f", "bash"],
        { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9", AWSROLE_DEBUG: "1" },
      ],
      [
        "an unreachable sign-in endpoint",
        ["console", "target1", "--no-cache"],
        { AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9", AWSROLE_DEBUG: "1" },
      ],
      [
        "status with keys STS cannot check",
        ["status"],
        {
          AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9",
          AWS_ACCESS_KEY_ID: "AKIAENVIRONMENT00000",
          AWS_SECRET_ACCESS_KEY: "environmentxsecretxenvironmentxsecret",
          AWS_SESSION_TOKEN: "environmentxtokenxenvironmentxtoken",
          AWSROLE_DEBUG: "1",
        },
      ],
    ];
    const secrets = new Set([
      SOURCE_SECRET,
      "environmentxsecretxenvironmentxsecret",
      "environmentxtokenxenvironmentxtoken",
    ]);
    const stderrs: [string, string][] = [];
    for (const [what, args, extra] of paths) {
      const from = sts.requests.length;
      const r = await awsrole(args, { ...cleanEnv(home), AWSROLE_TIMEOUT: "3", ...extra });
      expect(r.status, `${what}: ${r.stderr}`).not.toBe(0);
      expect(r.stdout, what).toBe("");
      for (const request of sts.requests.slice(from)) {
        if (request.$returnedSecret) secrets.add(request.$returnedSecret);
        if (request.$returnedToken) secrets.add(request.$returnedToken);
      }
      stderrs.push([what, r.stderr]);
    }
    // The echo really echoed: the paths above saw sessions that a careless message would print.
    expect(secrets.size).toBeGreaterThan(4);
    for (const [what, stderr] of stderrs) {
      for (const secret of secrets)
        for (const form of forms(secret)) expect(stderr, `${what} printed a secret`).not.toContain(form);
    }
  });
});

describe("no file from the wrong place", () => {
  let sts: StsServer;
  beforeAll(async () => {
    sts = await startStsServer();
  });
  afterAll(() => sts?.stop());

  it.each([
    ["empty", ""],
    ["relative", "rel"],
  ])(
    "with HOME %s: works uncached, writes nothing in the current directory, says where it looked",
    async (_, value) => {
      const cwd = mkdtempSync(join(tmpdir(), "awsrole-cwd-"));
      const files = makeHome(CONFIG, CREDENTIALS);
      const env = {
        ...cleanEnv(files),
        HOME: value,
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_CONFIG_FILE: join(files, ".aws", "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(files, ".aws", "credentials"),
      };
      const r = await run("sh", ["-c", `cd '${cwd}' && exec node '${CLI}' target1 -f json -q`], env);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const again = await run("sh", ["-c", `cd '${cwd}' && exec node '${CLI}' target1 -f json -q`], env);
      expect(JSON.parse(again.stdout).AWS_ACCESS_KEY_ID).not.toBe(JSON.parse(r.stdout).AWS_ACCESS_KEY_ID);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(join(files, ".aws", "cli"))).toBe(false);
      const missing = await run("sh", ["-c", `cd '${cwd}' && exec node '${CLI}' target1 -f json`], {
        ...cleanEnv(files),
        HOME: "",
      });
      expect(missing).toMatchObject({ status: 2, stdout: "" });
      expect(missing.stderr).toContain(
        "/.aws/config or /.aws/credentials (HOME is empty or unset; set it, or AWS_CONFIG_FILE)",
      );
    },
  );
});

describe("the code cache trusts nothing it did not make", () => {
  // A copy of the build whose main.cjs says HACKED instead of assumed: same length, so V8 takes
  // its code cache for the real one (it checks only the length).
  const build = mkdtempSync(join(tmpdir(), "awsrole-build-"));
  const real = resolve("dist");
  cpSync(real, join(build, "dist"), { recursive: true });
  cpSync(resolve("shell"), join(build, "shell"), { recursive: true });
  const original = readFileSync(join(real, "main.cjs"), "utf8");
  writeFileSync(join(build, "dist", "main.cjs"), original.replaceAll("assumed ", "HACKED! "));
  const hash = createHash("sha256").update(original).digest("hex").slice(0, 16);
  const home = makeHome(CONFIG, CREDENTIALS);
  let sts: StsServer;
  beforeAll(async () => {
    sts = await startStsServer();
  });
  afterAll(() => sts?.stop());

  const runWith = (cli: string, xdg: string, extra: Record<string, string> = {}) =>
    run("node", [cli, "target1", "-f", "json"], {
      ...cleanEnv(home),
      AWS_ENDPOINT_URL_STS: sts.url,
      XDG_CACHE_HOME: xdg,
      ...extra,
    });
  /** A cache folder holding the tampered build's compiled code under the real build's name. */
  async function planted(): Promise<{ xdg: string; file: string }> {
    const xdg = mkdtempSync(join(tmpdir(), "awsrole-xdg-"));
    await runWith(join(build, "dist", "cli.cjs"), xdg);
    await runWith(join(build, "dist", "cli.cjs"), xdg);
    const folder = join(xdg, "awsrole");
    const [file] = readdirSync(folder);
    expect(file).toContain(hash);
    return { xdg, file: join(folder, file as string) };
  }

  it("names the cache file by the bundle's content hash, and runs a file the user made (so a planted one would run but for the checks below)", async () => {
    const { xdg } = await planted();
    // V8 checks only the source's length: the real build runs the tampered build's code.
    const own = await runWith(CLI, xdg);
    expect(own.stderr).toContain("HACKED!");
  });

  describe("a planted file", () => {
    it.each([
      ["owned by another user", (file: string) => chownSync(file, 65534, 65534)],
      ["writable by others", (file: string) => chmodSync(file, 0o666)],
      ["in a folder writable by others", (file: string) => chmodSync(join(file, ".."), 0o777)],
      [
        "a link to the real file",
        (file: string) => {
          const target = `${file}.target`;
          cpSync(file, target);
          rmSync(file);
          symlinkSync(target, file);
        },
      ],
    ])("is ignored when %s", async (_, plant) => {
      const { xdg, file } = await planted();
      plant(file);
      const r = await runWith(CLI, xdg);
      expect(r.status).toBe(0);
      expect(r.stderr).not.toContain("HACKED!");
      expect(r.stderr).toContain("assumed target1-role");
    });
  });

  it("never writes through a planted link (it would have replaced ~/.bashrc)", async () => {
    const xdg = mkdtempSync(join(tmpdir(), "awsrole-xdg-"));
    const bashrc = join(home, ".bashrc");
    writeFileSync(bashrc, "# my rc\n");
    mkdirSync(join(xdg, "awsrole"), { mode: 0o700 });
    symlinkSync(bashrc, join(xdg, "awsrole", `main.cjs.${hash}.assume.${process.version}.v8cache`));
    await runWith(CLI, xdg);
    expect(readFileSync(bashrc, "utf8")).toBe("# my rc\n");
    // The planted link was replaced by a cache file, not written through and not left in place.
    const links = readdirSync(join(xdg, "awsrole")).filter((entry) =>
      lstatSync(join(xdg, "awsrole", entry)).isSymbolicLink(),
    );
    expect(links).toEqual([]);
  });

  it("keeps the AWS SDK's bundle compiled too, after a run that called STS, under its own hash", async () => {
    const xdg = mkdtempSync(join(tmpdir(), "awsrole-xdg-"));
    const sdkHash = createHash("sha256")
      .update(readFileSync(join(real, "sts.cjs")))
      .digest("hex")
      .slice(0, 16);
    const name = `sts.cjs.${sdkHash}.call.${process.version}.v8cache`;
    const call = () =>
      run("node", [CLI, "target1", "-f", "json", "--no-cache"], {
        ...cleanEnv(home),
        AWS_ENDPOINT_URL_STS: sts.url,
        XDG_CACHE_HOME: xdg,
      });
    expect((await call()).status).toBe(0);
    expect(readdirSync(join(xdg, "awsrole"))).toContain(name);
    expect(statSync(join(xdg, "awsrole", name)).mode & 0o777).toBe(0o600);
    const written = statSync(join(xdg, "awsrole", name)).mtimeMs;
    const second = await call();
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(statSync(join(xdg, "awsrole", name)).mtimeMs).toBe(written);
  });

  it("ignores a relative XDG_CACHE_HOME (the XDG rules say so) and writes nothing in the current directory", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "awsrole-cwd-"));
    const r = await run("sh", ["-c", `cd '${cwd}' && exec node '${CLI}' target1 -f json -q`], {
      ...cleanEnv(home),
      AWS_ENDPOINT_URL_STS: sts.url,
      XDG_CACHE_HOME: "cache",
    });
    expect(r.status).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(statSync(join(home, ".cache", "awsrole")).mode & 0o777).toBe(0o700);
  });
});
