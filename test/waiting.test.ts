// A slow STS is not silence: on a terminal, after about a second, one line on stderr says what
// awsrole waits for and for how long, and it is erased when the answer (or the time-out) comes.
// Not on a pipe. Tested in a real terminal (tmux) against local servers that answer late or never.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { hasTool } from "./helpers/tools.js";

const haveTmux = hasTool("tmux", ["-V"]);

const ANSWER = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAEXAMPLEEXAMPLE12</AccessKeyId><SecretAccessKey>secretsecretsecretsecret</SecretAccessKey>
<SessionToken>tokentokentoken</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/admin/x</Arn><AssumedRoleId>AROAX:x</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`;

/** An STS that answers after `delayMs`, or never (undefined). */
async function slowSts(delayMs: number | undefined): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    if (delayMs === undefined) return;
    setTimeout(() => res.writeHead(200, { "content-type": "text/xml" }).end(ANSWER), delayMs);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const servers: Server[] = [];
let home: string;
let late: string;
let never: string;
beforeAll(async () => {
  home = makeHome(
    "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = u\n",
    "[u]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
  );
  const a = await slowSts(2500);
  const b = await slowSts(undefined);
  servers.push(a.server, b.server);
  late = a.url;
  never = b.url;
});
afterAll(() => {
  for (const server of servers) server.closeAllConnections();
  for (const server of servers) server.close();
});

describe.runIf(haveTmux)("on a terminal", () => {
  const socket = `awsrole-wait-${process.pid}`;
  const tmuxEnv = () => ({ PATH: process.env.PATH ?? "", TERM: "xterm", TMUX_TMPDIR: tmpdir() });
  afterAll(() => run("tmux", ["-L", socket, "kill-server"], tmuxEnv()));

  /** Runs awsrole in a tmux pane (stderr the terminal, stdout a file); the screen while and after. */
  async function inTerminal(name: string, url: string) {
    const done = join(home, `${name}.rc`);
    const env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: url, AWSROLE_TIMEOUT: "4", TERM: "xterm" });
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v}'`)
      .join("\n");
    const script = join(home, `${name}.sh`);
    writeFileSync(
      script,
      `${exports}\nnode ${CLI} p -f json --no-cache > ${home}/${name}.out\necho $? > ${done}\nsleep 30\n`,
    );
    const start = await run(
      "tmux",
      ["-L", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "20", `bash --norc --noprofile ${script}`],
      tmuxEnv(),
    );
    expect(start.status).toBe(0);
    const screen = async () => (await run("tmux", ["-L", socket, "capture-pane", "-p", "-t", name], tmuxEnv())).stdout;
    const seen: string[] = [];
    for (let i = 0; i < 100 && !existsSync(done); i++) {
      seen.push(await screen());
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 200));
    return { seen, after: await screen(), status: readFileSync(done, "utf8").trim() };
  }

  it("says what it waits for after a second, and erases it when the answer comes", async () => {
    const { seen, after, status } = await inTerminal("late", late);
    expect(status).toBe("0");
    const port = late.split(":").at(-1);
    expect(seen.join("\n")).toMatch(
      new RegExp(`^awsrole: waiting for STS at http://127\\.0\\.0\\.1:${port} \\(2s; gives up after 4s\\)`, "m"),
    );
    expect(after).not.toMatch(/waiting for/);
    expect(after).toMatch(/^awsrole: assumed admin in 123456789012 as p, until/m);
  });

  it("erases it before the time-out's error line", async () => {
    const { seen, after, status } = await inTerminal("never", never);
    expect(status).toBe("1");
    expect(seen.join("\n")).toMatch(/^awsrole: waiting for STS at \S+ \(3s; gives up after 4s\)/m);
    expect(after).not.toMatch(/waiting for/);
    expect(after).toMatch(/^awsrole: STS at \S+ did not answer within 4 s/m);
  });
});

describe("not on a terminal", () => {
  it("says nothing while waiting: stderr holds the success line alone", async () => {
    const r = await run("node", [CLI, "p", "-f", "json", "--no-cache"], cleanEnv(home, { AWS_ENDPOINT_URL_STS: late }));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^awsrole: assumed admin in 123456789012 as p, until [^\n]+\n$/);
  });
});
