import {
  COMMANDS,
  type Command,
  commandReads,
  FLAGS,
  isCommand,
  type Name,
  OPTIONS,
  type OptionSpec,
} from "../args/options.js";
import { FORMATS } from "../formats/index.js";
import { INIT_SHELLS } from "./init.js";

/**
 * The formats each command takes with --format (list.ts and status.ts refuse the others); the
 * assume path takes them all. exec and console read no --format at all (commandReads).
 */
const COMMAND_FORMATS: Partial<Record<Command, readonly string[]>> = {
  list: ["json", "names"],
  status: ["json"],
};

/** The option a flag's spelling names (`-t`, `--no-cache`), as the parser reads it. */
const optionOf = (flag: string): Name | undefined => FLAGS.get(flag)?.name;

/** Where the cursor is, after the words before it, read as parseArgs reads them (never throwing). */
interface Place {
  command: Command | undefined;
  /** Words before the cursor that are neither flags nor their values, after the subcommand. */
  args: number;
  /** After `--`: every word is the command of exec, else a profile (`awsrole -- list`). */
  afterDashes: boolean;
  /** A flag whose value the word at the cursor is. */
  pending: Name | undefined;
}

function place(words: readonly string[]): Place {
  let command: Command | undefined;
  let positionals = 0;
  let pending: Name | undefined;
  let listOpen = false;
  let afterDashes = false;
  for (const word of words) {
    if (afterDashes) positionals++;
    else if (pending !== undefined) {
      listOpen = pending === "policy-arns";
      pending = undefined;
    } else if (word === "--") afterDashes = true;
    else if (!word.startsWith("-") || word === "-") {
      if (listOpen && /^arn[=:]/.test(word)) continue;
      listOpen = false;
      if (positionals === 0 && isCommand(word)) command = word;
      positionals++;
    } else {
      listOpen = false;
      pending = valueAwaited(word);
    }
  }
  return { command, args: command ? positionals - 1 : positionals, afterDashes, pending };
}

/** The flag of a word (`--format`, `-qf`) whose value is the next word, if any. */
function valueAwaited(word: string): Name | undefined {
  if (word.startsWith("--")) {
    const name = optionOf(word);
    // An optional flag's value is taken only when it is one of its choices: offered, not awaited.
    return name !== undefined && !word.includes("=") && ["string", "array"].includes(OPTIONS[name].type)
      ? name
      : undefined;
  }
  for (let at = 1; at < word.length; at++) {
    const name = optionOf(`-${word[at]}`);
    if (name === undefined) return undefined;
    if (OPTIONS[name].type !== "boolean") return at === word.length - 1 ? name : undefined;
  }
  return undefined;
}

/** The values completion knows for a flag; none for free text (ARNs, codes, files). */
function values(name: Name, command: Command | undefined, profiles: () => string[]): string[] {
  if (name === "format") return [...((command && COMMAND_FORMATS[command]) ?? Object.keys(FORMATS))];
  if (name === "source-profile") return profiles();
  const choices = (OPTIONS[name] as OptionSpec).choices;
  return choices ? [...choices] : [];
}

/**
 * The flags a command reads, as its --help lists them, with their long aliases; before any
 * subcommand or profile (`awsrole -q status` is a command too), every flag, as the general help.
 */
function flagsOf(command: Command | undefined, beforeAny: boolean): string[] {
  return (Object.entries(OPTIONS) as [Name, OptionSpec][])
    .filter(([name]) => beforeAny || commandReads(command, name))
    .flatMap(([name, spec]) => [
      `--${name}`,
      ...(spec.alias ?? []).filter((alias) => alias.length > 1).map((alias) => `--${alias}`),
      // The negations users type (--no-cache); --no-quiet and the like change nothing.
      ...(spec.negatable ? [`--no-${name}`] : []),
    ]);
}

/**
 * What may stand in the word at the cursor (`current`, as typed so far) after `words`: values
 * after a flag that takes them (formats, shells, profiles), the flags the command reads (the
 * same table its --help is built from), profile names and subcommands where a profile or a
 * subcommand goes, else nothing. Unfiltered: each shell matches the word itself, by its own rules.
 */
export function completions(words: readonly string[], current: string, profiles: () => string[]): string[] {
  const { command, args, afterDashes, pending } = place(words);
  if (afterDashes) {
    if (command === "exec" || args > 0) return [];
    return command === undefined ? profiles() : slot(command, profiles);
  }
  if (pending !== undefined && !(current.startsWith("-") && current.length > 1))
    return commandReads(command, pending) ? values(pending, command, profiles) : [];
  if (current.startsWith("--") && current.includes("=")) {
    const flag = current.slice(0, current.indexOf("="));
    const name = optionOf(flag);
    if (name === undefined || OPTIONS[name].type === "boolean" || !commandReads(command, name)) return [];
    return values(name, command, profiles).map((value) => `${flag}=${value}`);
  }
  if (/^-[^-]/.test(current)) {
    // A bundle that ends in a flag taking a value (`-qf`, `-fjs`): its values attached.
    for (let at = 1; at < current.length; at++) {
      const name = optionOf(`-${current[at]}`);
      if (name === undefined || !commandReads(command, name)) return [];
      if (OPTIONS[name].type !== "boolean")
        return values(name, command, profiles).map((value) => `${current.slice(0, at + 1)}${value}`);
    }
    return [];
  }
  if (current.startsWith("-")) return flagsOf(command, command === undefined && args === 0);
  // After a flag that may take a value (--web-identity [SOURCE]): its values, or what comes anyway.
  const optional = optionOf(words.at(-1) ?? "");
  const choices =
    optional !== undefined && commandReads(command, optional) ? (OPTIONS[optional] as OptionSpec).choices : [];
  if (args > 0) return [...(choices ?? [])];
  if (command !== undefined) return [...(choices ?? []), ...slot(command, profiles)];
  // A profile named like a subcommand (console) or a flag (-v) would be read as that here: it is
  // offered after `--` only (`awsrole -- console`), where every profile is.
  const plain = profiles().filter((name) => !isCommand(name) && !name.startsWith("-"));
  return [...(choices ?? []), ...plain, ...COMMANDS];
}

/** What a subcommand takes as its first word. */
function slot(command: Command, profiles: () => string[]): string[] {
  if (command === "init") return [...INIT_SHELLS];
  return command === "list" || command === "status" ? [] : profiles();
}
