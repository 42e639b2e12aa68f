// A vitest globalSetup: the whole run writes its temporary files under one folder that this
// removes at the end, and sees a decoy HOME of its own, so a test that forgets to give a child
// its own HOME (e.g. `init powershell` run with the inherited environment) writes there and not
// in the real one. The run fails when anything landed in the decoy HOME. What appeared meanwhile
// in the real home's folders that awsrole and its tests write is reported too: a failure under
// CI=true; locally a loud warning only, since other runs on the same machine write there as well.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * What awsrole (~/.aws, ~/.cache/awsrole) and the PowerShell engine write in a home. The code
 * cache's file names carry the build's hash, so a run that writes there shows a new name even
 * where an earlier run left the folder.
 */
const WATCHED = ["", ".aws", ".aws/cli/cache", ".cache", ".cache/awsrole", ".local/share", ".config"];

function listing(home: string): Set<string> {
  const names = new Set<string>();
  for (const folder of WATCHED) {
    const path = join(home, folder);
    if (existsSync(path)) for (const name of readdirSync(path)) names.add(join(folder, name));
  }
  return names;
}

export default function setup(): () => void {
  const realHome = process.env.HOME ?? "";
  const before = listing(realHome);
  const root = mkdtempSync(join(tmpdir(), "awsrole-test-"));
  // Open to other users, as /tmp is: tests that run awsrole as another user (setpriv) reach their files.
  chmodSync(root, 0o755);
  const decoyHome = join(root, "home");
  mkdirSync(decoyHome);
  const tmp = join(root, "tmp");
  mkdirSync(tmp);
  // Inherited by the test workers (started after this) and by every child that keeps the environment.
  process.env.TMPDIR = tmp;
  // tmux keeps its sockets under TMUX_TMPDIR (else /tmp/tmux-UID), not TMPDIR.
  process.env.TMUX_TMPDIR = tmp;
  process.env.HOME = decoyHome;
  return () => {
    const leftInDecoy: string[] = readdirSync(decoyHome, { recursive: true, encoding: "utf8" });
    const newInHome = [...listing(realHome)].filter((name) => !before.has(name));
    rmSync(root, { recursive: true, force: true });
    if (newInHome.length) {
      const message = `appeared in the real home during the run: ${newInHome.map((name) => `~/${name}`).join(", ")}`;
      if (process.env.CI === "true") leftInDecoy.push(message);
      else process.stderr.write(`\n!!! WARNING: ${message} (a test, or another run on this machine)\n\n`);
    }
    if (leftInDecoy.length) {
      // vitest reports an error thrown here but still exits 0; the exit code is what CI reads.
      process.exitCode = 1;
      throw new Error(`the tests wrote in the HOME they inherited: ${leftInDecoy.join(", ")}`);
    }
  };
}
