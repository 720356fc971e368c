import { means } from './answer-words';
import { normalizeReply } from './normalize';
import { parseEmail } from './parse-email';
import { parseServerSpec, type ServerSpec } from './parse-server';
import { inferSide } from './complete-server';

/** What followed `/mailhelp`. */
export type Command =
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'language'; code: string }
  | { kind: 'email'; email: string; domain: string }
  | { kind: 'server'; spec: ServerSpec }
  | { kind: 'unknown'; text: string };

const LANGUAGE_WORDS = new Set(['lang', 'language', 'sprache', 'idioma', 'langue', 'língua', 'lingua', '言語']);

export function parseCommand(raw: string): Command {
  const normalized = normalizeReply(raw.replace(/^\/mailhelp\b/iu, ''));
  if (normalized === '') return { kind: 'start' };
  if (means(normalized, 'help')) return { kind: 'help' };
  const [first, ...rest] = normalized.split(' ');
  if (first !== undefined && LANGUAGE_WORDS.has(first)) return { kind: 'language', code: rest.join(' ') };
  const email = parseEmail(raw.replace(/^\s*\/mailhelp\b/iu, ''));
  if (email.ok) return { kind: 'email', email: email.email, domain: email.domain };
  const server = parseServerSpec(normalized);
  // A bare domain ("acme.com") is not yet a server: without a port or protocol we cannot tell which.
  if (server.ok && server.spec.host && inferSide(server.spec)) return { kind: 'server', spec: server.spec };
  return { kind: 'unknown', text: raw.trim() };
}

/**
 * What a `/mailhelp` argument checks, for naming the place (a Discord thread): the domain of an
 * address, the host of a server; undefined for anything else. Never the address itself.
 */
export function checkSubject(raw: string): string | undefined {
  const command = parseCommand(raw);
  if (command.kind === 'email') return command.domain;
  if (command.kind === 'server') return command.spec.host;
  return undefined;
}
