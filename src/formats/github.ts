import { shown, UsageError } from "../system/errors.js";
import type { Change } from "./changes.js";
import { type Format, type SideEffects, throwRefusal } from "./format.js";

/**
 * GitHub Actions: the variables go to the file named by $GITHUB_ENV, each in the runner's
 * multi-line form (`NAME<<DELIMITER`, value, `DELIMITER`) with a random delimiter, so no value can
 * end its entry early; stdout gets `::add-mask::` for the secret and the token, so the runner
 * hides them in every later log line.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-environment-variable
 */
export const github: Format = {
  shell: false,
  description: "GitHub Actions: append to $GITHUB_ENV, print ::add-mask:: lines",
  // $GITHUB_ENV only adds variables; the job's later steps get the keys themselves.
  removes: false,
  pointsAtProfile: false,
  refuse,
  render: (changes, side) => {
    throwRefusal(refuse(changes, side));
    // Both there: refuse checked them.
    const { githubEnv, appendFile, randomId } = side as Required<SideEffects>;
    const delimiter = `ghadelimiter_${randomId()}`;
    // $GITHUB_ENV cannot remove a variable, but a session of unknown expiry must not keep an
    // earlier step's AWS_CREDENTIAL_EXPIRATION: it is written empty (`K<<D`, `D`: the runner sets
    // ""), which botocore and the JS SDK read as no expiry.
    const entries = changes
      .filter((c) => c.value !== null || c.key === "AWS_CREDENTIAL_EXPIRATION")
      .map((c) => ({ key: c.key, value: c.value ?? "" }));
    if (entries.some((c) => c.value.includes(delimiter)))
      throw new UsageError("a value contains the delimiter; run again.");
    appendFile(
      githubEnv,
      entries.map((c) => `${c.key}<<${delimiter}\n${c.value === "" ? "" : `${c.value}\n`}${delimiter}\n`).join(""),
    );
    const secrets = entries.filter((c) => c.key === "AWS_SECRET_ACCESS_KEY" || c.key === "AWS_SESSION_TOKEN");
    return secrets.map((c) => `::add-mask::${c.value}\n`).join("") || "\n";
  },
};

/** No $GITHUB_ENV, or one that cannot be written (tried with an empty append), or a removal. */
function refuse(changes: readonly Change[], side?: SideEffects): string | undefined {
  const path = side?.githubEnv;
  if (!path)
    return "--format github needs GITHUB_ENV, which GitHub Actions sets in each step. Run it in a workflow step.";
  if (changes.some((c) => c.value === null && c.key === "AWS_ACCESS_KEY_ID"))
    return "--format github cannot unset variables: $GITHUB_ENV only adds them.";
  try {
    side.appendFile(path, "");
  } catch (error) {
    return `GITHUB_ENV ${shown(path)} cannot be written (${(error as NodeJS.ErrnoException).code}). Run this in a GitHub Actions step, or point GITHUB_ENV at a file you can write.`;
  }
  return undefined;
}
