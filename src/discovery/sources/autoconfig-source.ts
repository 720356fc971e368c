import { fetchDocument, type FetchResult } from '../autoconfig/fetch-document';
import { parseAutoconfig, type AutoconfigServer } from '../autoconfig/parse-autoconfig';
import type { Found, SourceContext, SourceRun } from '../source-context';

/**
 * Thunderbird-style autoconfig from the domain itself (FetchConfig.sys.mjs), best first:
 * HTTPS before HTTP, the autoconfig host before .well-known. All four are fetched at once; the
 * first in this order that yields a usable document wins, as soon as every better one has
 * failed. HTTP stays in because many hosters serve autoconfig only there (Thunderbird keeps
 * it too); the address goes only into the HTTPS query, not over plain HTTP.
 */
export function autoconfigUrls(domain: string, email: string): URL[] {
  const query = `?emailaddress=${encodeURIComponent(email)}`;
  return [
    new URL(`https://autoconfig.${domain}/mail/config-v1.1.xml${query}`),
    new URL(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`),
    new URL(`http://autoconfig.${domain}/mail/config-v1.1.xml`),
    new URL(`http://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`),
  ];
}

type Usable = { servers: AutoconfigServer[]; url: string };

export const autoconfigSource: SourceRun = async (ctx) => {
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal, AbortSignal.timeout(ctx.remaining())]);
  const pending = autoconfigUrls(ctx.domain, ctx.email).map((url) => fetchDocument(url, ctx, signal).then((r) => usable(url, r, ctx)));
  try {
    // In order of preference: a later success is used only once every better URL has failed.
    for (const attempt of pending) {
      const result = await attempt;
      if (result) return toFinds(result);
    }
    return [];
  } finally {
    stop.abort();
  }
};

/** Notes the outcome of one URL and returns its servers when the document is usable. */
function usable(start: URL, result: FetchResult, ctx: SourceContext): Usable | undefined {
  const target = start.href;
  // After a redirect, say where the document (or the failure) really was.
  const at = result.url !== target ? ` (at ${result.url})` : '';
  if (!result.ok) {
    ctx.note({ target, ok: false, problem: result.problem, detail: `${result.detail}${at}` });
    return undefined;
  }
  const parsed = parseAutoconfig(result.body, ctx);
  if (!parsed.ok) {
    ctx.note({ target, ok: false, problem: parsed.problem, detail: `${parsed.detail}${at}` });
    return undefined;
  }
  const servers = [...parsed.incoming, ...parsed.outgoing];
  const skipped = parsed.skipped.length ? `; skipped: ${parsed.skipped.join('; ')}` : '';
  if (servers.length === 0) {
    ctx.note({ target, ok: false, problem: 'not_offered', detail: `no IMAP, POP3 or SMTP server listed${skipped}${at}` });
    return undefined;
  }
  ctx.note({ target, ok: true, detail: `${servers.length} server(s)${parsed.providerName ? ` for ${parsed.providerName}` : ''}${skipped}${at}` });
  return { servers, url: result.url };
}

function toFinds({ servers, url }: Usable): Found[] {
  return servers.map((server) => ({
    settings: server.settings,
    source: 'autoconfig',
    origin: url,
    ...(server.username && { username: server.username }),
    ...(server.caveats && { caveats: server.caveats }),
  }));
}
