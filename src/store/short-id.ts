import { randomInt } from 'node:crypto';

/** Crockford's base32 without I, L, O, U: nothing to misread when a person types it back. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short id people can read out and type ("R-7F3K", "W-3K9P"). 20 random bits: callers that
 * keep many check for a clash and draw again (see `uniqueShortId`).
 */
export function shortId(prefix: string, length = 4): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${id}`;
}

/** Draws until `taken` says no; after a few clashes the id grows by one character. */
export async function uniqueShortId(prefix: string, taken: (id: string) => Promise<boolean>): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const id = shortId(prefix, 4 + Math.floor(attempt / 4));
    if (!(await taken(id))) return id;
  }
}

/** "r-7f3k", " R-7F3K " and "R-7F3K" are the same id. */
export function normalizeShortId(input: string): string {
  return input.trim().toUpperCase();
}
