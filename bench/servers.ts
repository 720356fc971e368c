import { SMTPServer } from 'smtp-server';
import type { KeyAndCert } from '../test/support/certs';
import { startDnsServer, type TestDnsServer } from '../test/support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../test/support/fake-imap-server';
import { startFilteredPort, type FilteredPort } from '../test/support/filtered-port';

export const USER = 'bench';
export const PASSWORD = 'bench-password';

/**
 * The bench's own loopback address: nothing else on this machine listens there, so a mail
 * server on 127.0.0.1:993 (or any port the diagnosis tries) cannot change what it measures.
 */
export const BENCH_ADDRESS = '127.77.0.1';

/** The in-process servers the benchmark runs against, all on BENCH_ADDRESS. */
export interface BenchServers {
  dns: TestDnsServer;
  imap: FakeImapServer;
  smtpPort: number;
  filtered: FilteredPort[];
  close(): Promise<void>;
}

/** `leaf` is a certificate for mail.bench.test, issued by a CA the process trusts. */
export async function startBenchServers(leaf: KeyAndCert): Promise<BenchServers> {
  const dns = await startDnsServer({ records: { 'mail.bench.test': { A: [BENCH_ADDRESS] } } });
  const imap = await startFakeImapServer({
    host: BENCH_ADDRESS,
    tls: leaf,
    login: (user, password) => (user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials'),
  });
  const smtp = await startBenchSmtp(leaf, BENCH_ADDRESS, 0);
  const smtpPort = smtp.port;
  const filtered = await Promise.all([startFilteredPort(BENCH_ADDRESS), startFilteredPort(BENCH_ADDRESS), startFilteredPort(BENCH_ADDRESS)]);
  return {
    dns,
    imap,
    smtpPort,
    filtered,
    close: async () => {
      await Promise.all([imap.close(), dns.close(), ...filtered.map((f) => f.close())]);
      await smtp.close();
    },
  };
}

/** The bench's SMTP server (STARTTLS with `cert`, PLAIN/LOGIN for USER/PASSWORD), listening on host:port. */
export async function startBenchSmtp(cert: KeyAndCert, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const smtp = new SMTPServer({
    secure: false,
    key: cert.key,
    cert: cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    // smtp-server would otherwise ask the system resolver (off this machine) for a PTR record.
    disableReverseLookup: true,
    onAuth: (auth, _session, callback) =>
      auth.username === USER && auth.password === PASSWORD
        ? callback(null, { user: USER })
        : callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 })),
  });
  // The TLS version scan offers old versions on purpose; the server's complaint is expected.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(port, host, resolve));
  return { port: (smtp.server.address() as { port: number }).port, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
