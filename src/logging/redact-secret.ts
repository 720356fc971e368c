/**
 * Removes a known secret from text before the text goes anywhere (a log line, an error shown in
 * chat, a protocol trace). Libraries echo a password in more than one form, so every form a
 * mail protocol or a URL would carry is replaced, not only the plain text.
 */
export const REDACTED = '[redacted]';

/** The forms in which `secret` can show up in text, longest first. */
export function secretVariants(secret: string): string[] {
  if (!secret) return [];
  const forms = [
    secret,
    Buffer.from(secret, 'utf8').toString('base64'),
    // base64 without padding, as some traces print it
    Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
  // Longest first, so a longer form is not half-replaced by a shorter one inside it.
  return [...new Set(forms)].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every form of `secret` replaced by `[redacted]`. An empty secret changes nothing. */
export function redactSecret(text: string, secret: string | { reveal(): string } | undefined): string {
  const value = typeof secret === 'string' ? secret : secret?.reveal();
  if (!value) return text;
  let out = text;
  for (const form of secretVariants(value)) out = out.split(form).join(REDACTED);
  return out;
}
