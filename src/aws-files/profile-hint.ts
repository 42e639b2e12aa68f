import { COMMANDS } from "../args/options.js";
import { closest } from "../system/nearest.js";
import type { ProfileFiles } from "./profiles.js";

/**
 * What to say when a profile is not in the files, for the usual mistakes: a config section
 * written as in the credentials file (`[myrole]`, which the AWS CLI reads as no profile), the
 * reverse, or a typo of a profile that exists. Undefined when none fits.
 */
export function missingProfileHint(files: ProfileFiles, name: string): string | undefined {
  if (files.config?.sections.some((section) => section.name === name)) {
    return `${files.configPath} has [${name}], but in the config file a profile's section is [profile ${name}]: write [profile ${name}].`;
  }
  if (files.credentials?.sections.some((section) => section.name === `profile ${name}`)) {
    return `${files.credentialsPath} has [profile ${name}], but in the credentials file a profile's section is its plain name: write [${name}].`;
  }
  const near = closest(name, files.names());
  if (near !== undefined) return `Did you mean ${JSON.stringify(near)}?`;
  // A mistyped command (`awsrole lgoin`) reads as a profile name.
  const command = closest(name, COMMANDS);
  return command === undefined ? undefined : `Did you mean the command ${command} (awsrole ${command})?`;
}
