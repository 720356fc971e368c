import type { ConversationState } from '../state';

/**
 * The user's own address and sign-in name, masked for a thread others can read: `alice@acme.com`
 * becomes `a***@acme.com`, `alice` becomes `a***`. The domain and the server names stay: they
 * say which service is checked, not who. The user still recognises their own account.
 */
export function maskAddress(value: string): string {
  const at = value.lastIndexOf('@');
  const local = at > 0 ? value.slice(0, at) : value;
  const first = [...local][0] ?? '';
  return at > 0 ? `${first}***${value.slice(at)}` : `${first}***`;
}

/** Names shorter than this are not masked inside texts: "al" would hit every other word. */
const MIN_MASKED_NAME = 3;

/**
 * A function that masks the conversation's personal details (its email address, the sign-in
 * name of the last login test) wherever they occur in a text, ignoring case; undefined when the
 * conversation has none (a server-only check).
 */
export function personalDetailsMask(state: ConversationState | undefined): ((text: string) => string) | undefined {
  const details = [state?.email, state?.run?.loginUser]
    .filter((d): d is string => typeof d === 'string' && [...d].length >= MIN_MASKED_NAME)
    // The address before the bare name, so `alice@acme.com` is masked whole, not as `a***@acme.com` of `alice`.
    .sort((a, b) => b.length - a.length);
  if (details.length === 0) return undefined;
  const pattern = new RegExp(details.map(escapeRegExp).join('|'), 'giu');
  return (text) => text.replace(pattern, (found) => maskAddress(found));
}

/** Every string inside a plain value (a rendered message, a report document), masked; the rest as it was. */
export function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskStrings(item, mask)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)])) as T;
  }
  return value;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
