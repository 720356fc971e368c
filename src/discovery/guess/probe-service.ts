import type { Socket } from 'node:net';
import { readCapabilities } from '../../probes/capabilities';
import { readGreeting, type GreetingKind } from '../../probes/greeting';
import { LineReader } from '../../probes/line-reader';
import { startTls } from '../../probes/starttls';
import { connectTcp } from '../../probes/tcp';
import { tlsHandshake } from '../../probes/tls';
import type { Protocol, Security } from '../../settings/server-settings';
import type { AttemptProblem, CandidateCaveat } from '../discovery-result';

/**
 * One guessed host and port, tried the way Thunderbird's GuessConfig does: connect, TLS at once
 * on an implicit-TLS port, read the greeting, and on a plain port ask for the capabilities to
 * see whether STARTTLS is offered. Only a server that answers in the expected protocol counts.
 */
export interface ServiceProbe {
  /** The name (for SNI and the certificate check). */
  host: string;
  /** The address already allowed by the target policy: connected to as is. */
  address: string;
  /** The port actually dialled (tests map the standard ports to their own). */
  port: number;
  protocol: Protocol;
  /** 'tls' for an implicit-TLS port; 'starttls' for a plain port (answers 'none' without STARTTLS). */
  security: Exclude<Security, 'none'>;
  timeoutMs: number;
  signal: AbortSignal;
  ca?: string[];
  /**
   * Keep the server only when it proves the name with a certificate that verifies (trusted and
   * for `host`), on a STARTTLS port after the upgrade. For names taken from somebody else's
   * MX host: without the proof it could be any hoster's machine.
   */
  requireValidCertificate?: boolean;
}

export type ServiceAnswer =
  | { ok: true; security: Security; caveats: CandidateCaveat[]; detail: string }
  | { ok: false; problem: AttemptProblem; detail: string };

const GOOD_GREETINGS: Readonly<Record<Protocol, readonly GreetingKind[]>> = {
  imap: ['imap_ok', 'imap_preauth'],
  pop3: ['pop3_ok'],
  smtp: ['smtp_ready'],
};

export async function probeService(probe: ServiceProbe): Promise<ServiceAnswer> {
  const started = performance.now();
  const left = (): number => Math.max(1, probe.timeoutMs - (performance.now() - started));
  const step = (): { timeoutMs: number; signal: AbortSignal } => ({ timeoutMs: left(), signal: probe.signal });

  const tcp = await connectTcp(probe.address, probe.port, step());
  if (!tcp.ok) return { ok: false, problem: tcp.code === 'timeout' ? 'timeout' : 'no_answer', detail: `${tcp.code}: ${tcp.message}` };
  let socket: Socket = tcp.socket;
  try {
    const caveats: CandidateCaveat[] = [];
    if (probe.security === 'tls') {
      const { observation, tlsSocket } = await tlsHandshake(socket, { ...step(), servername: probe.host, ...(probe.ca && { ca: probe.ca }) });
      if (!tlsSocket) return { ok: false, problem: 'tls_failed', detail: `${observation.failure ?? 'handshake'}: ${observation.message ?? ''}` };
      socket = tlsSocket;
      // A certificate for other names could be anybody's: a guessed host must prove its name.
      if (observation.failure === 'cert_hostname_mismatch') {
        return { ok: false, problem: 'tls_failed', detail: `certificate is not for ${probe.host}` };
      }
      if (!observation.ok && probe.requireValidCertificate) return untrusted(probe, observation.failure);
      if (!observation.ok) caveats.push('cert_untrusted');
    }
    const reader = new LineReader(socket);
    const greeting = await readGreeting(reader, step());
    if (!GOOD_GREETINGS[probe.protocol].includes(greeting.kind)) {
      const problem: AttemptProblem = greeting.protocol && greeting.protocol !== probe.protocol ? 'wrong_protocol' : 'no_answer';
      return { ok: false, problem, detail: `${greeting.kind}: ${greeting.text}` };
    }
    if (probe.security === 'tls') return { ok: true, security: 'tls', caveats, detail: greeting.text };
    const capabilities = await readCapabilities(reader, probe.protocol, { ...step(), greeting });
    const security: Security = capabilities.startTls ? 'starttls' : 'none';
    if (probe.requireValidCertificate) {
      if (!capabilities.startTls) return { ok: false, problem: 'tls_failed', detail: `no STARTTLS offered: nothing proves the name ${probe.host}` };
      const upgrade = await startTls(socket, reader, probe.protocol, { ...step(), servername: probe.host, ...(probe.ca && { ca: probe.ca }) });
      if (upgrade.kind !== 'upgraded') return { ok: false, problem: 'tls_failed', detail: `STARTTLS ${upgrade.kind}: ${upgrade.kind === 'refused' ? upgrade.response : upgrade.message}` };
      upgrade.tlsSocket?.destroy();
      if (!upgrade.observation.ok) return untrusted(probe, upgrade.observation.failure);
    }
    return { ok: true, security, caveats, detail: `${greeting.text}${capabilities.startTls ? '' : ' (no STARTTLS offered)'}` };
  } finally {
    socket.destroy();
    tcp.socket.destroy();
  }
}

function untrusted(probe: ServiceProbe, failure: string | undefined): ServiceAnswer {
  return { ok: false, problem: 'tls_failed', detail: `certificate not valid for ${probe.host} (${failure ?? 'handshake'})` };
}
