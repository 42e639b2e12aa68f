import { cut } from "./errors.js";

/**
 * A run of this many characters of a known secret is taken for the secret: 16 characters of a
 * key or token are 96 bits or more of it, and ordinary text practically never holds such a run of
 * a random secret.
 */
const RUN = 16;

/**
 * Every secret awsrole holds during a run — keys read from the files, a credential_process's
 * answer, the MFA session, each hop of a chain, the final session, a web identity token, a
 * sign-in token — joins this set the moment it exists, so that no message can carry one. A
 * secret can reach a message raw, URL-encoded (a request echoed in an error, a sign-in URL) or
 * JSON-escaped (a response body), so each form is redacted; and so is any run of RUN characters
 * of one, which is what is left of a secret that a message cut.
 */
export class Secrets {
  private readonly values = new Set<string>();
  private readonly lazy: (() => readonly string[])[] = [];

  add(value: string | undefined): this {
    // Shorter strings are no secret worth the name, and would redact ordinary words.
    if (value !== undefined && value.length >= 6) this.values.add(value);
    return this;
  }

  /** Values that cost something to gather, asked only when a message is about to be printed. */
  addLater(values: () => readonly string[]): this {
    this.lazy.push(values);
    return this;
  }

  redact(text: string): string {
    const all = new Set(this.values);
    for (const more of this.lazy) for (const value of more()) if (value.length >= 6) all.add(value);
    const forms = new Set<string>();
    for (const secret of all) {
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add(JSON.stringify(JSON.stringify(secret)).slice(3, -3));
    }
    // Which characters of the text belong to a secret: a short one where it stands whole, a
    // longer one wherever RUN characters of it stand together (a form that is whole is such a run).
    const hidden = new Uint8Array(text.length);
    const runs = new Set<string>();
    for (const form of forms) {
      if (form.length < RUN) {
        for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
          hidden.fill(1, at, at + form.length);
      } else for (let i = 0; i + RUN <= form.length; i++) runs.add(form.slice(i, i + RUN));
    }
    if (runs.size > 0)
      for (let i = 0; i + RUN <= text.length; i++) if (runs.has(text.slice(i, i + RUN))) hidden.fill(1, i, i + RUN);
    // Each stretch of hidden characters becomes one "[redacted]".
    let out = "";
    for (let i = 0; i < text.length; ) {
      let end = i;
      while (end < text.length && hidden[end] === hidden[i]) end++;
      out += hidden[i] ? "[redacted]" : text.slice(i, end);
      i = end;
    }
    return out;
  }

  /**
   * Text from elsewhere (an endpoint's answer) for a message: redacted, on one line, and only
   * then cut to `max` characters, since a secret cut in half is no longer found whole.
   */
  excerpt(text: string, max: number): string {
    const line = this.redact(text).replace(/\s+/g, " ").trim();
    return cut(line, max);
  }
}
