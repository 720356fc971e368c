import { distance } from 'fastest-levenshtein';
import { resolveAddresses } from '../probes/dns';
import type { Protocol, ServerSettings } from '../settings/server-settings';
import type { DiagnosisContext } from './context';

/** Host name prefixes mail services commonly use, per protocol. */
const PREFIXES: Record<Protocol, string[]> = {
  imap: ['imap', 'mail', 'imap.mail', 'mx'],
  pop3: ['pop', 'pop3', 'mail', 'pop.mail'],
  smtp: ['smtp', 'mail', 'smtp.mail', 'submission'],
};

/**
 * For a host name that does not exist, the closest name that does: the usual mail names under
 * the email's domain and under the typed name's own parent domains (plus any names discovery
 * found), resolved in parallel, nearest by edit distance to what the user typed.
 */
export async function suggestHost(
  ctx: DiagnosisContext,
  settings: ServerSettings,
  email: string | undefined,
  discovered: readonly string[] = [],
): Promise<string | undefined> {
  const typed = settings.host.toLowerCase().replace(/\.$/, '');
  const candidates = new Set<string>(discovered.map((n) => n.toLowerCase()));
  for (const domain of candidateDomains(typed, email)) {
    for (const prefix of PREFIXES[settings.protocol]) candidates.add(`${prefix}.${domain}`);
  }
  candidates.delete(typed);
  const ranked = [...candidates].sort((a, b) => distance(typed, a) - distance(typed, b)).slice(0, 12);
  const lookups = await Promise.all(ranked.map(async (name) => ({ name, found: (await resolveAddresses(name, ctx.dns)).ok })));
  return lookups.find((l) => l.found)?.name;
}

function candidateDomains(typed: string, email: string | undefined): string[] {
  const domains: string[] = [];
  const emailDomain = email?.split('@')[1]?.toLowerCase();
  if (emailDomain) domains.push(emailDomain);
  const labels = typed.split('.');
  // Parents of the typed name, but never a bare top-level domain.
  for (let i = 1; i < labels.length - 1; i++) domains.push(labels.slice(i).join('.'));
  return domains;
}
