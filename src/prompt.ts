import { closeSync, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import { InterruptedError, UsageError } from "./errors.js";

/**
 * Asks on the terminal itself, never on stdout, so it works inside `eval "$(awsrole …)"` and
 * `| Invoke-Expression`: /dev/tty on POSIX, CONIN$/CONOUT$ on Windows. What is typed is not
 * echoed (like the AWS CLI's "Enter MFA code"); Ctrl-C is an InterruptedError (exit 130).
 * Returns undefined when there is no terminal (CI, cron, setsid), so the caller fails at once
 * instead of waiting for input that cannot come.
 */
export function askOnTerminal(message: string, platform: string): Promise<string | undefined> {
  const [inPath, outPath] = platform === "win32" ? ["CONIN$", "CONOUT$"] : ["/dev/tty", "/dev/tty"];
  let input: number;
  let output: number;
  try {
    input = openSync(inPath, "r");
    output = openSync(outPath, "w");
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const stream = new ReadStream(input);
    stream.setRawMode(true);
    writeSync(output, message);
    let typed = "";
    const finish = (error?: Error) => {
      stream.setRawMode(false);
      stream.destroy();
      writeSync(output, "\n");
      closeSync(output);
      if (error) reject(error);
      else resolve(typed);
    };
    stream.on("data", (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\u0003") return finish(new InterruptedError("interrupted."));
        // Ctrl-D: end of input, as a cooked terminal would report it; the person gave up.
        if (ch === "\u0004") {
          return finish(
            new UsageError("no MFA code was entered (Ctrl-D). Run again and type it, or pass --token-code CODE."),
          );
        }
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch >= " ") typed += ch;
      }
    });
  });
}
