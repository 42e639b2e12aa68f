import { closeSync, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import { InterruptedError, UsageError } from "./errors.js";

/**
 * Asks on the terminal itself, never on stdout, so it works inside `eval "$(awsrole …)"` and
 * `| Invoke-Expression`: /dev/tty on POSIX, the console's devices on Windows. What is typed is not
 * echoed (like the AWS CLI's "Enter MFA code"); Ctrl-C is an InterruptedError (exit 130).
 * Returns undefined when there is no terminal (CI, cron, setsid), so the caller fails at once
 * instead of waiting for input that cannot come.
 */
export function askOnTerminal(message: string, platform: string): Promise<string | undefined> {
  const terminal = terminalDevices(platform);
  let input: number | undefined;
  let output: number | undefined;
  let stream: ReadStream | undefined;
  try {
    input = openSync(terminal.input, terminal.inputMode);
    output = openSync(terminal.output, terminal.outputMode);
    stream = new ReadStream(input);
    stream.setRawMode(true);
  } catch {
    // No terminal, or a device that is not one: nothing may stay open to hold the process.
    if (stream) stream.destroy();
    else if (input !== undefined) closeSync(input);
    if (output !== undefined) closeSync(output);
    return Promise.resolve(undefined);
  }
  const tty = stream;
  const out = output;
  return new Promise((resolve, reject) => {
    writeSync(out, message);
    let typed = "";
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      try {
        tty.setRawMode(false);
      } catch {
        // A console that failed (below) has nothing left to restore.
      }
      tty.destroy();
      writeSync(out, "\n");
      closeSync(out);
      if (error) reject(error);
      else resolve(typed);
    };
    // A console that fails mid-read ends the prompt with a message instead of crashing awsrole.
    tty.on("error", (error: NodeJS.ErrnoException) =>
      finish(new UsageError(`the terminal could not be read (${error.code}). Pass --token-code CODE.`)),
    );
    tty.on("data", (chunk: Buffer) => {
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

/**
 * Windows names the console by device names: a bare `CONIN$` is resolved by Node against the
 * current folder (`\\?\C:\folder\CONIN$`, an ordinary file), while `\\.\CONIN$` is the device.
 * Both are opened read-write, as the Win32 console API opens them: a console input handle opened
 * for reading only cannot have its mode set (setRawMode failed with EBADF under wine).
 * https://learn.microsoft.com/windows/console/console-handles
 */
export function terminalDevices(platform: string) {
  return platform === "win32"
    ? { input: "\\\\.\\CONIN$", inputMode: "r+", output: "\\\\.\\CONOUT$", outputMode: "r+" }
    : { input: "/dev/tty", inputMode: "r", output: "/dev/tty", outputMode: "w" };
}
