/**
 * Every secret awsrole holds during a run — keys read from the files, a credential_process's
 * answer, the MFA session, each hop of a chain, the final session, a web identity token, a
 * sign-in token — joins this set the moment it exists, so that no message can carry one. A
 * secret can reach a message raw, URL-encoded (a request echoed in an error, a sign-in URL) or
 * JSON-escaped (a response body), so each form is redacted.
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
    // Longest first, so a form inside another is not left half-redacted.
    let out = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.replaceAll(form, "[redacted]");
    return out;
  }
}
