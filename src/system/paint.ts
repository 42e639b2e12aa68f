import type { Paint } from "./color.js";

export type { Paint };

const plain: Paint = { red: String, green: String, yellow: String };

/** Colour only on a terminal, and not with NO_COLOR (https://no-color.org); chalk loads only then. */
export async function paint(io: { stderrIsTTY: () => boolean; env: NodeJS.ProcessEnv }): Promise<Paint> {
  if (!io.stderrIsTTY() || io.env.NO_COLOR) return plain;
  const { color } = await import("./color.js");
  return color;
}
