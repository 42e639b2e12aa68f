/**
 * A test knob from the environment (ORACLE_CASES=100): a whole number, or the default when unset.
 * Anything else stops the test file with a message naming the knob, rather than running with NaN.
 */
export function knob(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text.trim()))
    throw new Error(
      `${name}=${JSON.stringify(text)} is not a whole number: set it like ${name}=${fallback}, or unset it.`,
    );
  return Number(text);
}
