import { redactSecret } from './redact-secret';

/**
 * The secrets alive right now (a password during its one login test). The logger scrubs each
 * of them from every line it writes, so a library that puts the password into an error message
 * or a protocol trace still cannot get it into a log. Register a secret for exactly as long as
 * it exists, and drop it after:
 *
 *   const forget = activeSecrets.add(password);
 *   try { await testLogin(...) } finally { forget(); }
 */
export class ActiveSecrets {
  private readonly secrets = new Map<string, number>();

  /** Adds a secret; the returned function removes it again (safe to call more than once). */
  add(secret: string): () => void {
    if (!secret) return () => undefined;
    this.secrets.set(secret, (this.secrets.get(secret) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const count = (this.secrets.get(secret) ?? 1) - 1;
      if (count > 0) this.secrets.set(secret, count);
      else this.secrets.delete(secret);
    };
  }

  get size(): number {
    return this.secrets.size;
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets.keys()) out = redactSecret(out, secret);
    return out;
  }
}

/** The process-wide registry the default logger scrubs with. */
export const activeSecrets = new ActiveSecrets();
