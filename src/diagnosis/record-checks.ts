import type { Target } from '../settings/server-settings';
import type { DiagnosisContext } from './context';
import { CONNECTION_LIMIT } from './diagnosis-connections';
import { greetsAs, type EndpointObservation } from './endpoint';

/** Turns one endpoint's observation into the report's checks (tcp, greeting, tls, capabilities). */
export function recordObservation(ctx: DiagnosisContext, target: Target, o: EndpointObservation): void {
  const { endpoint } = o;
  const at = `${endpoint.address} port ${endpoint.port}`;
  if (!o.tcp.ok) {
    // No IPv6 route from here, or port 25 silently dropped (many clouds block it outbound): the
    // bot's own network stops the check, which says nothing about the server or the user.
    const untestable =
      (o.tcp.code === 'net_unreachable' && endpoint.address.includes(':')) ||
      (o.tcp.code === 'timeout' && endpoint.port === 25);
    const status = o.tcp.code === CONNECTION_LIMIT ? 'skip' : untestable ? 'untestable' : 'fail';
    ctx.record({ name: 'tcp', target, status, ms: o.tcp.ms, detail: `${at}: ${o.tcp.code}` });
    return;
  }
  ctx.record({ name: 'tcp', target, status: 'pass', ms: o.tcp.ms, detail: at });
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
    });
  }
  if (o.greeting) {
    ctx.record({
      name: 'greeting',
      target,
      status: greetsAs(o.greeting, endpoint.protocol) ? 'pass' : 'fail',
      ms: o.greeting.ms,
      detail: `${o.greeting.kind}: ${o.greeting.text}`,
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
    });
  }
}
