// Loaded only when stderr is a terminal (and NO_COLOR is unset): chalk pulls in tty and os
// detection that costs a pipe-fed run a noticeable part of Node's start-up.
import { Chalk } from "chalk";

export interface Paint {
  red: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
}

const chalk = new Chalk({ level: 1 });
export const color: Paint = { red: chalk.red, green: chalk.green, yellow: chalk.yellow };
