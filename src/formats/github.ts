import { UsageError } from "../system/errors.js";
import type { Format } from "./format.js";

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
  render: (changes, side) => {
    if (!side?.githubEnv) {
      throw new UsageError(
        "--format github needs GITHUB_ENV, which GitHub Actions sets in each step. Run it in a workflow step.",
      );
    }
    if (changes.some((c) => c.value === null && c.key === "AWS_ACCESS_KEY_ID")) {
      throw new UsageError("--format github cannot unset variables: $GITHUB_ENV only adds them.");
    }
    const delimiter = `ghadelimiter_${side.randomId()}`;
    // $GITHUB_ENV cannot remove a variable, but a session of unknown expiry must not keep an
    // earlier step's AWS_CREDENTIAL_EXPIRATION: it is written empty (`K<<D`, `D`: the runner sets
    // ""), which botocore and the JS SDK read as no expiry.
    const entries = changes
      .filter((c) => c.value !== null || c.key === "AWS_CREDENTIAL_EXPIRATION")
      .map((c) => ({ key: c.key, value: c.value ?? "" }));
    if (entries.some((c) => c.value.includes(delimiter)))
      throw new UsageError("a value contains the delimiter; run again.");
    side.appendFile(
      side.githubEnv,
      entries.map((c) => `${c.key}<<${delimiter}\n${c.value === "" ? "" : `${c.value}\n`}${delimiter}\n`).join(""),
    );
    const secrets = entries.filter((c) => c.key === "AWS_SECRET_ACCESS_KEY" || c.key === "AWS_SESSION_TOKEN");
    return secrets.map((c) => `::add-mask::${c.value}\n`).join("") || "\n";
  },
};
