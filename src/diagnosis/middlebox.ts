import type { EndpointObservation } from './endpoint';
import { matchMiddlebox, type MiddleboxPattern } from './rules/middlebox-patterns';

/** A firewall's rewrite of the SMTP conversation, and the words of the server it altered. */
export interface ConversationRewrite {
  pattern: MiddleboxPattern;
  /** What the bot received: the masked keyword, or the reply to STARTTLS. */
  seen: string;
}

/**
 * Reads a plaintext SMTP conversation for a middlebox's rewrites (./rules/middlebox-patterns):
 * an EHLO keyword masked to X's (STARTTLS becomes XXXXXXXA), or STARTTLS listed and then not
 * recognised as a command. Either means the server is not missing the feature: a firewall
 * between the bot and the server hides it.
 */
export function conversationRewrite(o: EndpointObservation): ConversationRewrite | undefined {
  if (o.endpoint.protocol !== 'smtp' || !o.capabilities?.ok) return undefined;
  // Masked keywords matter when STARTTLS is among them (it is missing from the list); a masked
  // extension beside a STARTTLS that works is hidden inside TLS from then on.
  for (const keyword of o.capabilities.startTls ? [] : o.capabilities.raw) {
    const pattern = matchMiddlebox('ehlo_keyword', keyword);
    if (pattern) return { pattern, seen: keyword };
  }
  const reply = o.startTls?.kind === 'refused' ? (o.startTls.response ?? '') : '';
  const pattern = o.capabilities.startTls && reply ? matchMiddlebox('starttls_reply', reply) : undefined;
  return pattern ? { pattern, seen: reply } : undefined;
}

/** The banner text after its reply code, when it is masked the way a known middlebox masks it. */
export function maskedBanner(banner: string): MiddleboxPattern | undefined {
  const text = /^\d{3}[ -]?(.*)$/su.exec(banner.trim())?.[1] ?? '';
  return matchMiddlebox('banner', text);
}
