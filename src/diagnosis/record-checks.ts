import type { Target } from '../settings/server-settings';
import type { DiagnosisContext } from './context';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import { greetsAs, type EndpointObservation } from './endpoint';
import { startedButUnfinished } from '../probes/greeting';

/**
 * Turns one endpoint's observation into the report's checks (tcp, greeting, tls, capabilities).
 * The tcp check carries the connections opened for it (the observation's own, plus `extra`
 * bare attempts to the same address); the others read what that connection saw.
 */
export function recordObservation(ctx: DiagnosisContext, target: Target, o: EndpointObservation, extra = 0): void {
  const { endpoint } = o;
  const at = `${endpoint.address} port ${endpoint.port}`;
  if (!o.tcp.ok) {
    // No IPv6 route from here, or port 25 silently dropped (many clouds block it outbound): the
    // bot's own network stops the check, which says nothing about the server or the user.
    const untestable =
      (o.tcp.code === 'net_unreachable' && endpoint.address.includes(':')) ||
      (o.tcp.code === 'timeout' && endpoint.port === 25);
    const status = o.tcp.code === CONNECTION_LIMIT ? 'skip' : untestable ? 'untestable' : 'fail';
    const reason = o.tcp.code === CONNECTION_LIMIT ? 'tcp.not_opened' : `tcp.${o.tcp.code}`;
    const connections = (o.tcp.code === CONNECTION_LIMIT ? 0 : 1) + extra;
    ctx.record({ name: 'tcp', target, status, ms: o.tcp.ms, detail: `${at}: ${o.tcp.code}`, about: { id: 'tcp_failed', values: { address: endpoint.address, port: endpoint.port }, codes: { reason } }, connections });
    return;
  }
  ctx.record({ name: 'tcp', target, status: 'pass', ms: o.tcp.ms, detail: at, about: { id: 'tcp_connected', values: { address: endpoint.address, port: endpoint.port } }, connections: 1 + extra });
  if (o.tls) {
    const cert = o.tls.certificate;
    ctx.record({
      name: 'tls',
      target,
      status: o.tls.ok ? (cert && cert.daysLeft <= 14 ? 'warn' : 'pass') : 'fail',
      ms: o.tls.ms,
      detail: o.tls.handshake
        ? `${o.tls.protocol ?? ''} ${o.tls.cipher ?? ''}; ${cert?.subject ?? ''} until ${cert?.validTo.slice(0, 10) ?? '?'}${o.tls.chainError ? `; ${o.tls.chainError}` : ''}`
        : `${o.tls.failure ?? 'failed'}: ${o.tls.message ?? ''}`,
      about: o.tls.handshake
        ? {
            id: o.tls.failure ? 'tls_handshake_problem' : 'tls_handshake',
            values: { protocol: o.tls.protocol ?? '', cipher: o.tls.cipher ?? '', subject: cert?.subject ?? '', validTo: cert?.validTo.slice(0, 10) ?? '?' },
            ...(o.tls.failure ? { codes: { problem: `tls.${o.tls.failure}` } } : {}),
          }
        : { id: 'tls_failed', codes: { reason: `tls.${o.tls.failure ?? 'handshake_failed'}` } },
    });
  }
  if (o.greeting) {
    ctx.record({
      name: 'greeting',
      target,
      status: greetsAs(o.greeting, endpoint.protocol) ? 'pass' : 'fail',
      ms: o.greeting.ms,
      detail: `${o.greeting.kind}: ${o.greeting.text}`,
      about: { id: o.greeting.text ? 'greeting' : 'greeting_empty', values: { text: o.greeting.text }, codes: { kind: `greeting.${startedButUnfinished(o.greeting) ? 'started' : o.greeting.kind}` } },
    });
  }
  const caps = o.secureCapabilities ?? o.capabilities;
  if (caps) {
    ctx.record({
      name: 'capabilities',
      target,
      status: caps.ok ? 'pass' : 'fail',
      ms: caps.ms,
      detail: caps.ok ? `auth: ${caps.authMechanisms.join(' ') || '-'}; starttls: ${o.capabilities?.startTls ? 'yes' : 'no'}` : (caps.response ?? ''),
      about: caps.ok
        ? { id: o.capabilities?.startTls ? 'capabilities_starttls' : 'capabilities', values: { mechanisms: caps.authMechanisms.join(' ') || '–' } }
        : { id: 'capabilities_failed', values: { response: caps.response ?? '' } },
    });
  }
}
