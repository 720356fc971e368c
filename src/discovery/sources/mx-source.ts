import { dnsProblem } from '../allowed-address';
import { queryDns } from '../../probes/dns';
import { findProviderByMx } from '../providers/provider-table';
import type { SourceRun } from '../source-context';
import { providerFinds, providerMatch } from './provider-source';

/**
 * MX records → the provider that hosts the domain (a company domain on Google Workspace gets
 * Google's settings). MX names the inbound server, not the mailbox server, and DNS is not
 * authenticated: this only ever maps to a provider of the table, never to the MX host itself.
 */
export const mxSource: SourceRun = async (ctx) => {
  const answer = await queryDns(ctx.domain, 'MX', ctx.dns());
  if (!answer.ok) {
    ctx.note({ target: `${ctx.domain} MX`, ok: false, problem: dnsProblem(answer.code), detail: `${answer.code}: ${answer.message}` });
    return [];
  }
  // A "null MX" (RFC 7505: one record with the root as exchange) says the domain takes no mail.
  const exchanges = [...answer.records]
    .sort((a, b) => a.priority - b.priority)
    .map((mx) => mx.exchange.toLowerCase().replace(/\.$/, ''))
    .filter((name) => name !== '');
  if (exchanges.length === 0) {
    ctx.note({ target: `${ctx.domain} MX`, ok: false, problem: 'not_offered', detail: 'null MX: the domain accepts no mail' });
    return [];
  }
  for (const exchange of exchanges) {
    const match = findProviderByMx(exchange);
    if (!match) continue;
    const hosted = !match.provider.domains.includes(ctx.domain);
    const name = providerMatch(match.provider, hosted).name;
    ctx.note({ target: `${ctx.domain} MX`, ok: true, detail: `${exchange} matches ${match.rule} → ${match.provider.id}` });
    ctx.recognise(providerMatch(match.provider, hosted));
    return providerFinds(match.provider, { source: 'mx', origin: `MX ${exchange} → ${name}`, hosted, parts: ctx });
  }
  ctx.note({ target: `${ctx.domain} MX`, ok: false, problem: 'unknown_provider', detail: `no known provider behind ${exchanges.join(', ')}` });
  return [];
};
