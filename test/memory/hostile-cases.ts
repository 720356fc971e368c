import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createTestPki, type KeyAndCert } from '../support/certs';
import { startDnsServer } from '../support/dns-server';
import type { Behaviour } from '../support/hostile-servers';
import { imapDrip, imapEndlessLine, imapLiteralBomb, pop3Drip, smtpDrip, smtpEndlessEhlo } from '../support/hostile-mail-servers';

/**
 * The hostile servers of issue 12, each with the `mailhelp diagnose` arguments that reach it,
 * for the child-process memory test and for the before/after measurement script. The servers
 * listen on 127.0.0.77 (not 127.0.0.1), so the standard ports the engine tries as alternatives
 * reach nothing else on this machine.
 */
export const HOSTILE_HOST = '127.0.0.77';
export const PASSWORD_ENV = 'MAILHELP_HOSTILE_PASSWORD';

export interface HostileCase {
  name: string;
  /** Which library's path the case drives. */
  path: 'imapflow' | 'nodemailer' | 'pop3' | 'autoconfig' | 'probes';
  args: string[];
  env: NodeJS.ProcessEnv;
  fixture?: 'diagnose-child' | 'discover-child';
}

export interface HostileLab {
  ca: string;
  cases: HostileCase[];
  close(): Promise<void>;
}

/** Drip interval: just under the step timeout, so a per-line deadline never fires. */
export const DRIP_TIMEOUT_MS = 1000;
export const DRIP_EVERY_MS = 900;

export async function startHostileLab(): Promise<HostileLab> {
  const pki = createTestPki();
  const leaf = pki.issue({ commonName: HOSTILE_HOST, altNames: [HOSTILE_HOST] });
  const closers: (() => Promise<void>)[] = [];
  const tls = async (behaviour: Behaviour) => listen(createTlsServer(leaf, (s) => run(s, behaviour)), closers);
  const plain = async (behaviour: Behaviour) => listen(createNetServer((s) => run(s, behaviour)), closers);

  const bomb = await tls(imapLiteralBomb);
  const endless = await tls(imapEndlessLine);
  const ehlo = await tls(smtpEndlessEhlo);
  const imapDripPort = await plain(imapDrip(DRIP_EVERY_MS));
  const smtpDripPort = await plain(smtpDrip(DRIP_EVERY_MS));
  const pop3DripPort = await plain(pop3Drip(DRIP_EVERY_MS));
  const web = await listen(endlessAutoconfig(pki.issue({ commonName: 'autoconfig.hostile.test', altNames: ['autoconfig.hostile.test', 'hostile.test'] })), closers);
  const dns = await startDnsServer({ records: { 'hostile.test': { A: [HOSTILE_HOST] }, 'autoconfig.hostile.test': { A: [HOSTILE_HOST] } } });
  closers.push(() => dns.close());

  const base = (ports: number[]): NodeJS.ProcessEnv => ({
    MAILHELP_ALLOW_NETS: `${HOSTILE_HOST}/32`,
    MAILHELP_ALLOW_PORTS: ports.join(','),
    [PASSWORD_ENV]: 'S3cret-hostile-horse!',
  });
  const login = ['--user', 'alice@hostile.test', '--password-env', PASSWORD_ENV, '--json'];
  const cases: HostileCase[] = [
    { name: 'imap literal bomb (TLS, login)', path: 'imapflow', args: ['diagnose', '--incoming', `imap://${HOSTILE_HOST}:${bomb}`, '--incoming-security', 'tls', ...login], env: base([bomb]) },
    { name: 'imap endless line (TLS, login)', path: 'imapflow', args: ['diagnose', '--incoming', `imap://${HOSTILE_HOST}:${endless}`, '--incoming-security', 'tls', ...login], env: base([endless]) },
    { name: 'smtp endless EHLO (TLS, login)', path: 'nodemailer', args: ['diagnose', '--outgoing', `smtp://${HOSTILE_HOST}:${ehlo}`, '--outgoing-security', 'tls', ...login], env: base([ehlo]) },
    { name: `imap drip every ${DRIP_EVERY_MS} ms`, path: 'probes', args: ['diagnose', '--incoming', `imap://${HOSTILE_HOST}:${imapDripPort}`, '--incoming-security', 'starttls', '--timeout', String(DRIP_TIMEOUT_MS), '--json'], env: base([imapDripPort]) },
    { name: `smtp drip every ${DRIP_EVERY_MS} ms`, path: 'probes', args: ['diagnose', '--outgoing', `smtp://${HOSTILE_HOST}:${smtpDripPort}`, '--outgoing-security', 'starttls', '--timeout', String(DRIP_TIMEOUT_MS), '--json'], env: base([smtpDripPort]) },
    { name: `pop3 drip every ${DRIP_EVERY_MS} ms`, path: 'pop3', args: ['diagnose', '--incoming', `pop3://${HOSTILE_HOST}:${pop3DripPort}`, '--incoming-security', 'starttls', '--timeout', String(DRIP_TIMEOUT_MS), '--json'], env: base([pop3DripPort]) },
    {
      name: 'autoconfig endless body (HTTPS)',
      path: 'autoconfig',
      fixture: 'discover-child',
      args: [
        'alice@hostile.test',
        JSON.stringify({ sources: ['autoconfig'], dnsServers: [dns.server], allowNets: [`${HOSTILE_HOST}/32`], allowPorts: [web], autoconfigPorts: { http: web, https: web }, ca: [pki.ca.cert] }),
      ],
      env: {},
    },
  ];
  return {
    ca: pki.ca.cert,
    cases,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}

function run(socket: Socket, behaviour: Behaviour): void {
  socket.on('error', () => {});
  behaviour(socket);
}

/** An HTTPS server whose every answer is a 200 with a chunked body that never ends. */
function endlessAutoconfig(leaf: KeyAndCert): Server {
  const server = createHttpsServer(leaf, (request, response) => {
    request.socket.on('error', () => {});
    response.writeHead(200, { 'Content-Type': 'application/xml' });
    response.write('<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="x">');
    const piece = `<!-- ${'A'.repeat(16 * 1024)} -->`;
    const pump = (): void => {
      while (!response.destroyed && response.write(piece));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  });
  server.on('tlsClientError', () => {});
  return server as unknown as Server;
}

async function listen(server: Server, closers: (() => Promise<void>)[]): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, HOSTILE_HOST, resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}
