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
  return maskTransformed(out, value, REDACTED);
}

/** Shorter pieces than this are too common to mask; a shorter secret is masked whole. */
const MIN_PIECE = 6;

/**
 * Words of the mail protocols' own replies ("535 5.7.8 Username and Password not accepted").
 * A piece of the secret that lies inside one of them is no sign of an echo: people put words
 * like "password" into passwords, and masking the server's own vocabulary would hide the very
 * reply the user needs to read. The whole secret, its hex and its spaced-out form are still
 * masked in any case, and so is every other piece.
 */
const REPLY_VOCABULARY = [
  'password', 'passwords', 'username', 'credentials', 'authentication', 'authenticate', 'authenticationfailed',
  'invalid', 'accepted', 'rejected', 'failure', 'failed', 'account', 'mailbox', 'required', 'application',
  'specific', 'disabled', 'temporary', 'unavailable', 'expired', 'locked', 'login', 'please', 'support',
];
const inReplyVocabulary = (piece: string): boolean => {
  const lower = piece.toLowerCase();
  return REPLY_VOCABULARY.some((word) => word.includes(lower));
};
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A server (or a library) can echo a password transformed: in another case, as hex, spaced
 * out ("s 3 c r e t"), or only in part. Each of those is masked too: the secret in any case,
 * its hex in any case, its characters with up to three separators between them, and any piece
 * of it at least half as long as it (and at least six characters).
 */
export function maskTransformed(text: string, secret: string, replacement: string): string {
  if (!secret || !text) return text;
  const chars = [...secret];
  const piece = Math.min(chars.length, Math.max(MIN_PIECE, Math.ceil(chars.length / 2)));
  const pieces = new Set<string>();
  for (let i = 0; i + piece <= chars.length; i++) {
    const candidate = chars.slice(i, i + piece).join('');
    // A piece as long as the whole secret is the secret itself: always masked below.
    if (piece < chars.length && inReplyVocabulary(candidate)) continue;
    pieces.add(candidate);
  }
  const alternatives = [
    escapeRegExp(Buffer.from(secret, 'utf8').toString('hex')),
    ...(chars.length >= 4 ? [chars.map(escapeRegExp).join('[\\s._:-]{0,3}')] : []),
    escapeRegExp(secret),
    ...[...pieces].map(escapeRegExp),
  ];
  return text.replace(new RegExp(alternatives.join('|'), 'gi'), replacement);
}
