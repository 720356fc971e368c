import { DiagnosisContext } from '../src/diagnosis/context';
import { scanEndpointTlsVersions } from '../src/diagnosis/tls-versions';
import { readCapabilities } from '../src/probes/capabilities';
import { resolveAddresses } from '../src/probes/dns';
import { readGreeting } from '../src/probes/greeting';
import { LineReader } from '../src/probes/line-reader';
import { loginImap } from '../src/probes/login-imap';
import { loginSmtp } from '../src/probes/login-smtp';
import { startTls } from '../src/probes/starttls';
import { connectTcp } from '../src/probes/tcp';
import { tlsHandshake } from '../src/probes/tls';
import type { ServerSettings } from '../src/settings/server-settings';
import { BENCH_ADDRESS } from './servers';

/**
 * The yardstick: the same protocol steps the engine takes, done one after another the way a
 * person runs dig, nc, openssl s_client and a login by hand: per server the address look-up,
 * connect, greeting, capabilities, TLS (implicit or STARTTLS), the TLS 1.2 check and the login.
 * Returns the wall time in ms.
 */
export interface SequentialSetup {
  imap: ServerSettings;
  smtp: ServerSettings;
  dnsServers: string[];
  ca: string[] | undefined;
  timeoutMs: number;
  user: string;
  password: string;
}

export async function healthySequential(setup: SequentialSetup): Promise<number> {
  const startedAt = performance.now();
  await imapSteps(setup);
  await smtpSteps(setup);
  return performance.now() - startedAt;
}

async function address(setup: SequentialSetup, host: string): Promise<string> {
  const lookup = await resolveAddresses(host, { servers: setup.dnsServers, timeoutMs: setup.timeoutMs });
  if (!lookup.ok || !lookup.addresses[0]) throw new Error(`bench: cannot resolve ${host}`);
  return lookup.addresses[0].address;
}

async function imapSteps(setup: SequentialSetup): Promise<void> {
  const step = { timeoutMs: setup.timeoutMs };
  const ip = await address(setup, setup.imap.host);
  const tcp = await connectTcp(ip, setup.imap.port, step);
  if (!tcp.ok) throw new Error('bench: imap connect failed');
  const { tlsSocket } = await tlsHandshake(tcp.socket, { ...step, servername: setup.imap.host, ca: setup.ca });
  if (!tlsSocket) throw new Error('bench: imap tls failed');
  const reader = new LineReader(tlsSocket);
  const greeting = await readGreeting(reader, step);
  await readCapabilities(reader, 'imap', { ...step, greeting });
  tlsSocket.destroy();
  await tls12Check(setup, ip, setup.imap);
  const login = await loginImap(setup.imap, { user: setup.user, password: setup.password }, { ...step, address: ip, servername: setup.imap.host, ca: setup.ca });
  if (!login.ok) throw new Error(`bench: imap login failed: ${login.message}`);
}

async function smtpSteps(setup: SequentialSetup): Promise<void> {
  const step = { timeoutMs: setup.timeoutMs };
  const ip = await address(setup, setup.smtp.host);
  const tcp = await connectTcp(ip, setup.smtp.port, step);
  if (!tcp.ok) throw new Error('bench: smtp connect failed');
  const reader = new LineReader(tcp.socket);
  const greeting = await readGreeting(reader, step);
  await readCapabilities(reader, 'smtp', { ...step, greeting });
  const upgraded = await startTls(tcp.socket, reader, 'smtp', { ...step, servername: setup.smtp.host, ca: setup.ca });
  if (upgraded.kind !== 'upgraded' || !upgraded.tlsSocket) throw new Error('bench: smtp starttls failed');
  await readCapabilities(new LineReader(upgraded.tlsSocket), 'smtp', step);
  upgraded.tlsSocket.destroy();
  await tls12Check(setup, ip, setup.smtp);
  const login = await loginSmtp(setup.smtp, { user: setup.user, password: setup.password }, { ...step, address: ip, servername: setup.smtp.host, ca: setup.ca });
  if (!login.ok) throw new Error(`bench: smtp login failed: ${login.message}`);
}

/** Does the server still speak TLS 1.2 (the engine's check for 1.3-only servers)? */
async function tls12Check(setup: SequentialSetup, address: string, settings: ServerSettings): Promise<void> {
  const ctx = new DiagnosisContext({ timeoutMs: setup.timeoutMs, ...(setup.ca ? { ca: setup.ca } : {}) });
  await scanEndpointTlsVersions(ctx, { address, port: settings.port, protocol: settings.protocol, security: settings.security, servername: settings.host }, ['TLSv1.2']);
}

/** Three filtered ports, tried one after another: each costs the full connect timeout. */
export async function filteredSequential(ports: number[], timeoutMs: number): Promise<number> {
  const startedAt = performance.now();
  for (const port of ports) {
    const tcp = await connectTcp(BENCH_ADDRESS, port, { timeoutMs });
    if (tcp.ok) tcp.socket.destroy();
  }
  return performance.now() - startedAt;
}
