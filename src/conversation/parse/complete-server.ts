import {
  portFor,
  securityForPort,
  type Protocol,
  type ServerSettings,
  type Target,
} from '../../settings/server-settings';
import type { ServerSpec } from './parse-server';

export type CompleteProblem = { code: 'no_host' } | { code: 'wrong_side'; protocol: Protocol };

export type CompleteResult = { ok: true; settings: ServerSettings } | { ok: false; problem: CompleteProblem };

const INCOMING_PORTS = new Set([993, 143, 995, 110]);
const OUTGOING_PORTS = new Set([25, 465, 587, 2525]);

/** Which side a typed server is for, when the question did not say (the `/mailhelp HOST:PORT` shortcut). */
export function inferSide(spec: ServerSpec): Target | undefined {
  if (spec.protocol) return spec.protocol === 'smtp' ? 'outgoing' : 'incoming';
  if (spec.port !== undefined && INCOMING_PORTS.has(spec.port)) return 'incoming';
  if (spec.port !== undefined && OUTGOING_PORTS.has(spec.port)) return 'outgoing';
  const host = spec.host ?? '';
  if (/^(imap|pop3?|mail-in|in)\b/u.test(host)) return 'incoming';
  if (/^(smtp|mail-out|out|submission)\b/u.test(host)) return 'outgoing';
  return undefined;
}

/**
 * Fills in what a person leaves out the way mail apps do: the protocol from the side asked
 * about, the security from a standard port, the port from the security (RFC 8314 order).
 * `fallbackHost` lets a reply of just `993` keep the host already known.
 */
export function completeServer(spec: ServerSpec, side: Target, fallbackHost?: string): CompleteResult {
  const host = spec.host ?? fallbackHost;
  if (!host) return { ok: false, problem: { code: 'no_host' } };
  const protocol = spec.protocol ?? defaultProtocol(side, spec, host);
  if ((side === 'outgoing') !== (protocol === 'smtp')) return { ok: false, problem: { code: 'wrong_side', protocol } };
  const security = spec.security ?? (spec.port === undefined ? undefined : securityForPort(protocol, spec.port));
  const port = spec.port ?? portFor(protocol, security);
  return { ok: true, settings: { protocol, host, port, security: security ?? securityForPort(protocol, port) } };
}

function defaultProtocol(side: Target, spec: ServerSpec, host: string): Protocol {
  if (side === 'outgoing') return 'smtp';
  if (spec.port === 110 || spec.port === 995 || /^pop3?\./u.test(host)) return 'pop3';
  return 'imap';
}
