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
    // Trailing punctuation goes ("yes!"), unless it is the whole reply: "?" asks for help.
    .replace(/(?<=[^.!?。！？、,;:])[.!?。！？、,;:]+$/u, '')
    .trim()
    .toLowerCase();
}

/** Short, safe excerpt of user input for an error message (never used in the login step). */
export function quoteInput(raw: string, max = 40): string {
  const clean = raw.normalize('NFKC').replace(/[\u0000-\u001f\u007f`*_~<>|]/g, '').trim();
  if (clean.length <= max) return clean;
  // Cut before a whole code point: half of a surrogate pair (an emoji) is not a character.
  const last = clean.charCodeAt(max - 2);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 2 : max - 1;
  return `${clean.slice(0, end)}…`;
}
