// Python's ntpath.expanduser and expandvars (3.8 and later), which botocore runs as os.path on
// Windows: the AWS CLI there finds `~` from USERPROFILE and never reads HOME. Tested against
// python3's ntpath on generated inputs (test/ntpath.test.ts).

/** A variable as Windows looks it up: names ignore case (Python upper-cases os.environ's keys there). */
export function windowsEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value !== undefined) return value;
  const upper = name.toUpperCase();
  for (const key of Object.keys(env)) if (key.toUpperCase() === upper) return env[key];
  return undefined;
}

/** What `~` is on Windows: USERPROFILE, else HOMEDRIVE + HOMEPATH; undefined when none is set. */
export function windowsHome(env: NodeJS.ProcessEnv): string | undefined {
  const profile = windowsEnv(env, "USERPROFILE");
  if (profile !== undefined) return profile;
  const homePath = windowsEnv(env, "HOMEPATH");
  return homePath === undefined ? undefined : join(windowsEnv(env, "HOMEDRIVE") ?? "", homePath);
}

const isSep = (c: string | undefined) => c === "\\" || c === "/";

/** ntpath.expanduser: `~` and `~user` at the start; the path as written when no home is known. */
export function expandUser(path: string, env: NodeJS.ProcessEnv): string {
  if (!path.startsWith("~")) return path;
  let end = 1;
  while (end < path.length && !isSep(path[end])) end++;
  let home = windowsHome(env);
  if (home === undefined) return path;
  if (end !== 1) {
    // ~user: a guess, as Python's: the other user's folder beside this user's own profile folder.
    const user = path.slice(1, end);
    const current = windowsEnv(env, "USERNAME");
    if (user !== current) {
      const [head, tail] = split(home);
      if (current !== tail) return path;
      home = join(head, user);
    }
  }
  return home + path.slice(end);
}

/**
 * ntpath.expandvars: `%NAME%`, `$NAME` (letters, digits, `_`, `-`) and `${NAME}`; `%%` and `$$`
 * are one `%` or `$`; nothing inside single quotes is expanded; an unknown variable stays as written.
 */
export function expandVars(path: string, env: NodeJS.ProcessEnv): string {
  if (!path.includes("$") && !path.includes("%")) return path;
  const lookup = (name: string, asWritten: string) => windowsEnv(env, name) ?? asWritten;
  let out = "";
  let i = 0;
  while (i < path.length) {
    const c = path[i] as string;
    const next = path[i + 1];
    if (c === "'") {
      const close = path.indexOf("'", i + 1);
      const end = close === -1 ? path.length : close + 1;
      out += path.slice(i, end);
      i = end;
    } else if (c === "%" && next === "%") {
      out += "%";
      i += 2;
    } else if (c === "%") {
      const close = path.indexOf("%", i + 1);
      if (close === -1) return out + path.slice(i);
      const name = path.slice(i + 1, close);
      out += lookup(name, `%${name}%`);
      i = close + 1;
    } else if (c === "$" && next === "$") {
      out += "$";
      i += 2;
    } else if (c === "$" && next === "{") {
      const close = path.indexOf("}", i + 2);
      if (close === -1) return out + path.slice(i);
      const name = path.slice(i + 2, close);
      out += lookup(name, `\${${name}}`);
      i = close + 1;
    } else if (c === "$") {
      let end = i + 1;
      while (end < path.length && /[A-Za-z0-9_-]/.test(path[end] as string)) end++;
      const name = path.slice(i + 1, end);
      out += lookup(name, `$${name}`);
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** ntpath.splitdrive (3.11): a drive (`C:`) or UNC share (`\\server\share`) at the start of a path. */
function splitDrive(path: string): [string, string] {
  const norm = path.replaceAll("/", "\\");
  if (norm.startsWith("\\\\")) {
    const start = norm.slice(0, 8).toUpperCase() === "\\\\?\\UNC\\" ? 8 : 2;
    const server = norm.indexOf("\\", start);
    const share = server === -1 ? -1 : norm.indexOf("\\", server + 1);
    if (share === -1) return [path, ""];
    return [path.slice(0, share), path.slice(share)];
  }
  if (path.length >= 2 && path[1] === ":") return [path.slice(0, 2), path.slice(2)];
  return ["", path];
}

/** ntpath.split: the head (without its trailing separators, unless it is the root) and the last part. */
function split(path: string): [string, string] {
  const [drive, rest] = splitDrive(path);
  let i = rest.length;
  while (i > 0 && !isSep(rest[i - 1])) i--;
  const tail = rest.slice(i);
  let head = rest.slice(0, i);
  const stripped = head.replace(/[\\/]+$/, "");
  if (stripped !== "") head = stripped;
  return [drive + head, tail];
}

/** ntpath.join of two parts, the second a relative or rooted path without a drive of its own. */
function join(first: string, second: string): string {
  if (isSep(second[0])) return splitDrive(first)[0] + second;
  if (first === "" || isSep(first.at(-1)) || (first.length === 2 && first[1] === ":")) return first + second;
  return `${first}\\${second}`;
}
