import type { BotServerView } from '../../diagnosis/client-output/assess-client-output';
import type { Report } from '../../diagnosis/report';
import type { AccountSettings, Target } from '../../settings/server-settings';

const ADDRESS = /(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}/giu;

/**
 * What the bot saw for each server it tested, taken from its report: the addresses its DNS
 * check found and whether its TLS check passed. The user's output is compared with this.
 */
export function botViews(settings: AccountSettings, report: Report | undefined): BotServerView[] {
  const views: BotServerView[] = [];
  for (const side of ['incoming', 'outgoing'] as const satisfies Target[]) {
    const server = settings[side];
    if (!server) continue;
    const checks = report?.checks.filter((c) => c.target === side) ?? [];
    const dnsDetail = checks.find((c) => c.name === 'dns' && c.status === 'pass')?.detail ?? '';
    const tls = checks.find((c) => c.name === 'tls');
    views.push({
      host: server.host.toLowerCase(),
      port: server.port,
      security: server.security,
      addresses: [...new Set(dnsDetail.match(ADDRESS) ?? [])].filter((a) => a.includes('.') || a.split(':').length > 2),
      tlsOk: tls?.status === 'pass' || tls?.status === 'warn',
    });
  }
  return views;
}
