/**
 * Typed replies arrive in every shape: full-width digits from Japanese keyboards, smart quotes,
 * trailing full stops, Markdown backticks. Everything is reduced to one plain form first.
 */
export function normalizeReply(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u0000-\u001f\u007f\u200b-\u200d\ufeff]/g, ' ')
    .replace(/[`"'“”‘’«»「」『』]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?。！？、,;:]+$/u, '')
    .trim()
    .toLowerCase();
}

/** Short, safe excerpt of user input for an error message (never used in the login step). */
export function quoteInput(raw: string, max = 40): string {
  const clean = raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f`*_~<>|]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
