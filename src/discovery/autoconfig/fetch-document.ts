import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { allowedAddress, portAllowed } from '../allowed-address';
import type { AttemptProblem } from '../discovery-result';
import type { SourceContext } from '../source-context';
import { capSocketBytes, TOO_MUCH_DATA } from '../../probes/socket-byte-cap';

/** Room for the status line, headers and chunk framing beyond the document's own limit. */
const HTTP_OVERHEAD_BYTES = 64 * 1024;

/**
 * GET of one autoconfig URL, following redirects, under the target policy, a size limit and the
 * caller's signal. Each hop resolves its host, checks the address and port, then connects to
 * that very address with the Host header and SNI set to the name (no re-resolution).
 */
export type FetchResult =
  | { ok: true; url: string; body: string }
  | { ok: false; url: string; problem: AttemptProblem; detail: string };

type Hop = FetchResult | { redirect: string };

/** Ports autoconfig is defined on; any other port must be allowed by the policy. */
const AUTOCONFIG_PORTS = [80, 443];
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|SSL/;

export async function fetchDocument(start: URL, ctx: SourceContext, signal: AbortSignal): Promise<FetchResult> {
  const visited: string[] = [];
  let url = start;
  for (;;) {
    if (visited.includes(url.href)) {
      return { ok: false, url: url.href, problem: 'redirect_loop', detail: [...visited, url.href].join(' → ') };
    }
    visited.push(url.href);
    const hop = await fetchOnce(url, ctx, signal);
    if (!('redirect' in hop)) return hop;
    if (visited.length > ctx.options.maxRedirects) {
      return { ok: false, url: url.href, problem: 'too_many_redirects', detail: `more than ${ctx.options.maxRedirects} redirects: ${visited.join(' → ')}` };
    }
    const next = safeUrl(hop.redirect, url);
    if (!next) return { ok: false, url: url.href, problem: 'bad_redirect', detail: `redirect to ${hop.redirect.slice(0, 200)}` };
    url = next;
  }
}

/**
 * Only http(s) targets. An HTTPS → HTTP redirect is followed like Thunderbird does: plain HTTP
 * URLs are fetched anyway, so it grants nothing new; every hop still passes the policy.
 */
function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const next = new URL(location, base);
    return next.protocol === 'http:' || next.protocol === 'https:' ? next : undefined;
  } catch {
    return undefined;
  }
}

async function fetchOnce(url: URL, ctx: SourceContext, signal: AbortSignal): Promise<Hop> {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? ctx.options.autoconfigPorts.https : ctx.options.autoconfigPorts.http;
  const fail = (problem: AttemptProblem, detail: string): Hop => ({ ok: false, url: url.href, problem, detail });

  if (!portAllowed(port, ctx.policy, AUTOCONFIG_PORTS)) return fail('policy_refused', `port ${port} not allowed`);
  const target = await allowedAddress(host, ctx.policy, ctx.dns());
  if (!target.ok) return fail(target.problem, target.detail);
  if (signal.aborted) return fail('timeout', 'deadline reached');

  const transport = secure ? https : http;
  return new Promise<Hop>((resolve) => {
    const request = transport.request({
      host: target.address,
      port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      // `url.host` keeps an explicit port, as HTTP wants in the Host header.
      headers: { Host: url.host, Accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'User-Agent': 'mailhelp-discovery' },
      agent: false,
      signal,
      ...(secure && { servername: isIP(host) ? undefined : host, ca: ctx.options.ca, rejectUnauthorized: true }),
    });
    // Node bounds the headers (16 KB) and readResponse the body; this bounds the connection as a
    // whole, whatever the framing (chunk extensions, trailers, a body after a redirect).
    request.on('socket', (socket) => capSocketBytes(socket, ctx.options.maxAutoconfigBytes + HTTP_OVERHEAD_BYTES));
    request.on('response', (response) => {
      readResponse(response, url, ctx.options.maxAutoconfigBytes, signal).then((hop) => {
        request.destroy();
        resolve(hop);
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) return resolve(fail('timeout', `no complete answer before the deadline (${target.address}:${port})`));
      const code = error.code ?? '';
      if (code === TOO_MUCH_DATA) return resolve(fail('too_large', `more than ${ctx.options.maxAutoconfigBytes + HTTP_OVERHEAD_BYTES} bytes on the connection`));
      const problem = TLS_ERROR.test(code) ? 'tls_failed' : 'connect_failed';
      resolve(fail(problem, `${code || 'error'}: ${error.message} (${target.address}:${port})`));
    });
    request.end();
  });
}

function readResponse(response: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal): Promise<Hop> {
  const fail = (problem: AttemptProblem, detail: string): Hop => ({ ok: false, url: url.href, problem, detail });
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location) {
    response.destroy();
    return Promise.resolve({ redirect: location });
  }
  if (status !== 200) {
    response.destroy();
    // 404 and 410 say "not published here"; anything else is a broken server.
    return Promise.resolve(fail(status === 404 || status === 410 ? 'not_offered' : 'http_status', `HTTP ${status}`));
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.resolve(fail('too_large', `Content-Length ${declared} is over the ${maxBytes}-byte limit`));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (hop: Hop): void => {
      if (settled) return;
      settled = true;
      resolve(hop);
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Stop reading at the limit: a huge document is never buffered whole.
      if (size > maxBytes) {
        response.destroy();
        return finish(fail('too_large', `more than ${maxBytes} bytes`));
      }
      chunks.push(chunk);
    });
    response.on('end', () => finish({ ok: true, url: url.href, body: Buffer.concat(chunks).toString('utf8') }));
    const interrupted = (): void =>
      finish(signal.aborted
        ? fail('timeout', `the body did not arrive before the deadline (${size} bytes read)`)
        : fail('connect_failed', `the connection closed in the middle of the body (${size} bytes read)`));
    response.on('error', interrupted);
    response.on('close', interrupted);
  });
}
