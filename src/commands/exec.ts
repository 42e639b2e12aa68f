import type { Flags } from "../args/options.js";
import { sessionChanges } from "../formats/changes.js";
import type { Plan } from "../plan/plan.js";
import { cut, shown, UsageError } from "../system/errors.js";
import type { Io } from "../system/io.js";
import type { Secrets } from "../system/secrets.js";
import { assume, renewable } from "./role-session.js";

/** `awsrole exec PROFILE -- CMD ARGS`: the credentials in CMD's environment, CMD's exit status. */
export async function execCommand(
  io: Io,
  profile: string[],
  command: string[],
  flags: Flags,
  secrets: Secrets,
): Promise<number> {
  if (profile.length > 1)
    throw new UsageError(
      cut(
        `exec takes one profile; put the command after --: awsrole exec ${profile[0]} -- ${profile.slice(1).join(" ")}`,
        300,
        "",
      ),
    );
  if (flags["write-profile"] !== undefined || flags.unset || flags.format !== undefined) {
    throw new UsageError(
      "exec puts the role in the command's environment; it takes no --write-profile, --unset or --format.",
    );
  }
  const [program, ...args] = command;
  if (!program) throw new UsageError("exec needs a command after --: awsrole exec PROFILE -- aws s3 ls.");
  // A typo (`terrafrom`) is found before an MFA code is asked for or STS is called.
  if (!io.findProgram(program))
    throw new UsageError(
      `cannot run ${shown(program)}: ${program.includes("/") || (io.platform === "win32" && program.includes("\\")) ? "no such program file (or it is not executable)" : "no such command on PATH"}. Check the command after --.`,
    );
  const assumed = await assume(io, profile[0], flags, secrets, flags.server ? checkServable : undefined);
  const { plan, session } = assumed;
  // The role's variables, and nothing of awsrole's own: a code given for this run is not the child's.
  const env: NodeJS.ProcessEnv = { ...io.env };
  // Windows variable names ignore case: there `aws_profile` is AWS_PROFILE, so every spelling goes.
  const remove = (key: string) => {
    for (const name of Object.keys(env))
      if (name === key || (io.platform === "win32" && name.toUpperCase() === key)) delete env[name];
  };
  remove("AWSROLE_TOKEN_CODE");
  for (const { key, value } of sessionChanges(session.credentials, plan.label, plan.region, renewable(flags))) {
    remove(key);
    if (value !== null) env[key] = value;
  }
  // --server: the keys are served (renewed) to CMD instead of written into its environment.
  let server: { close: () => Promise<void> } | undefined;
  if (flags.server) {
    const { serveCredentials } = await import("./exec-server.js");
    server = await serveCredentials(io, assumed, { env, remove, command: program }, secrets, flags.verbose === true);
  }
  const end = await io.runChild(program, args, env).finally(() => server?.close());
  if ("code" in end) return end.code;
  // Killed by a signal: die by the same one, so a shell loop around awsrole stops as it would.
  io.dieBy(end.signal);
  // (node:os on demand: importing it costs every run start-up time.)
  return 128 + (process.getBuiltinModule("node:os").constants.signals[end.signal] ?? 0);
}

/** exec --server renews the session it serves: keys that are already a session (no expiry) cannot be. */
function checkServable(plan: Plan): void {
  if (plan.action === "GetSessionToken" && plan.source.kind === "static" && plan.source.sessionToken) {
    throw new UsageError(
      `--server serves a session it can renew, but profile ${shown(plan.label)} holds keys that are already a session (aws_session_token). Run exec without --server.`,
    );
  }
}
