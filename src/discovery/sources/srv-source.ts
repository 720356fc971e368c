import { dnsProblem } from '../allowed-address';
import { queryDns, type SrvRecord } from '../../probes/dns';
import { InvalidInputError } from '../../settings/invalid-input';
import { parseHost } from '../../settings/parse-settings';
import type { Protocol, Security } from '../../settings/server-settings';
import type { Found, SourceContext, SourceRun } from '../source-context';

/**
 * RFC 6186 SRV records (RFC 8314 adds _submissions). The plain-text service names (_imap,
 * _pop3, _submission) allow STARTTLS or nothing; they are taken as STARTTLS because the bot
 * never proposes sending a password unencrypted, and the diagnosis checks what the port offers.
 */
export const SRV_SERVICES: readonly { label: string; protocol: Protocol; security: Security }[] = [
  { label: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { label: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { label: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { label: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { label: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { label: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

export const srvSource: SourceRun = async (ctx) => {
  const perService = await Promise.all(SRV_SERVICES.map((service) => lookUp(ctx, service)));
  return perService.flat();
};

async function lookUp(ctx: SourceContext, service: (typeof SRV_SERVICES)[number]): Promise<Found[]> {
  const name = `${service.label}.${ctx.domain}`;
  const answer = await queryDns(name, 'SRV', ctx.dns());
  if (!answer.ok) {
    ctx.note({ target: name, ok: false, problem: dnsProblem(answer.code), detail: `${answer.code}: ${answer.message}` });
    return [];
  }
  // RFC 2782: a single record with target "." means the service is decidedly not offered.
  if (answer.records.some(isNotOffered)) {
    ctx.note({ target: name, ok: false, problem: 'not_offered', detail: 'target "."' });
    return [];
  }
  const found: Found[] = [];
  for (const record of ordered(answer.records)) {
    const host = validHost(record.name);
    if (!host || record.port < 1 || record.port > 65535) {
      ctx.note({ target: name, ok: false, problem: 'malformed', detail: `unusable record ${record.name}:${record.port}` });
      continue;
    }
    found.push({
      settings: { protocol: service.protocol, host, port: record.port, security: service.security },
      source: 'srv',
      origin: `${name} SRV ${record.priority} ${record.weight} ${record.port} ${host}`,
    });
  }
  if (found.length) ctx.note({ target: name, ok: true, detail: found.map((f) => `${f.settings.host}:${f.settings.port}`).join(', ') });
  return found;
}

function isNotOffered(record: SrvRecord): boolean {
  return record.name === '' || record.name === '.';
}

/** Lowest priority first; within a priority the heaviest weight first (a stable stand-in for RFC 2782's weighted pick). */
function ordered(records: SrvRecord[]): SrvRecord[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

function validHost(name: string): string | undefined {
  try {
    return parseHost(name);
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}
