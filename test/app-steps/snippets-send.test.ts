import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { smtpSnippets } from '../../src/app-steps/snippets';
import type { Security } from '../../src/settings/server-settings';
import { createTestPki, type TestPki } from '../support/certs';
import { skipBecause } from '../support/skip';

const USER = 'alice@acme.test';
const PASSWORD = 'snippet-secret';

interface Received {
  user?: string;
  secure: boolean;
  message: string;
}

/**
 * A real smtp-server on loopback, speaking implicit TLS (`tls`) or plain SMTP with STARTTLS
 * (`starttls`; `noStarttls` hides it), that takes one login and records what it received.
 */
async function startServer(pki: TestPki, security: Security, options: { noStarttls?: boolean } = {}): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const cert = pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1', 'localhost'] });
  const settings: SMTPServerOptions = {
    secure: security === 'tls',
    ...cert,
    logger: false,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN'],
    ...(options.noStarttls ? { disabledCommands: ['STARTTLS'], allowInsecureAuth: true } : {}),
    onAuth(auth, _session, done) {
      if (auth.username === USER && auth.password === PASSWORD) return done(null, { user: auth.username });
      return done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ user: session.user as string | undefined, secure: session.secure, message: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  };
  const server = new SMTPServer(settings);
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function snippet(library: string, port: number, security: Security): string {
  return smtpSnippets({ host: '127.0.0.1', port, security }, USER).find((s) => s.library === library)!.code;
}

/**
 * Runs the nodemailer snippet as written. The only thing added is trust in the test CA (a real
 * provider's certificate is trusted by the system store): the snippet's own options stay.
 */
async function sendWithNodemailer(code: string, ca: string): Promise<void> {
  const trusting = { createTransport: (options: object) => nodemailer.createTransport({ ...options, tls: { ca } } as Parameters<typeof nodemailer.createTransport>[0]) };
  const transporter = new Function('nodemailer', 'process', `${code}\nreturn transporter;`)(trusting, { env: { SMTP_PASSWORD: PASSWORD } }) as ReturnType<typeof nodemailer.createTransport>;
  try {
    await transporter.sendMail({ from: USER, to: 'bob@acme.test', subject: 'snippet', text: 'sent by the snippet' });
  } finally {
    transporter.close();
  }
}

describe('app steps: the SMTP snippets send mail through a real server', function () {
  let pki: TestPki;
  before(() => {
    pki = createTestPki();
  });

  for (const [security, label] of [['tls', 'implicit TLS'], ['starttls', 'STARTTLS']] as const) {
    it(`nodemailer, ${label}: the snippet logs in over TLS and the message arrives`, async () => {
      const server = await startServer(pki, security);
      try {
        await sendWithNodemailer(snippet('nodemailer', server.port, security), pki.ca.cert);
        assert.equal(server.received.length, 1);
        assert.equal(server.received[0]!.user, USER);
        assert.equal(server.received[0]!.secure, true, 'the session was encrypted');
        assert.match(server.received[0]!.message, /sent by the snippet/u);
      } finally {
        await server.close();
      }
    });
  }

  it('nodemailer: the STARTTLS snippet refuses a server that does not offer STARTTLS (requireTLS), so the password never goes in plain text', async () => {
    const server = await startServer(pki, 'starttls', { noStarttls: true });
    try {
      await assert.rejects(sendWithNodemailer(snippet('nodemailer', server.port, 'starttls'), pki.ca.cert), /STARTTLS/iu);
      assert.equal(server.received.length, 0);
    } finally {
      await server.close();
    }
  });

  it('nodemailer: the implicit-TLS snippet (secure: true) does not work on a STARTTLS port: the snippets differ where the fix says they must', async () => {
    const server = await startServer(pki, 'starttls');
    try {
      await assert.rejects(sendWithNodemailer(snippet('nodemailer', server.port, 'tls'), pki.ca.cert));
      assert.equal(server.received.length, 0);
    } finally {
      await server.close();
    }
  });

  for (const [security, label] of [['tls', 'SMTP_SSL'], ['starttls', 'starttls()']] as const) {
    it(`Python smtplib, ${label}: the snippet logs in over TLS and the message arrives`, async function () {
      const python = await new Promise<boolean>((resolve) => execFile('python3', ['--version'], (error) => resolve(!error)));
      if (!python) skipBecause(this, 'python3 is not installed (.ci/run installs it)');
      const server = await startServer(pki, security);
      const dir = mkdtempSync(join(tmpdir(), 'mailhelp-snippet-'));
      try {
        const caFile = join(dir, 'ca.pem');
        writeFileSync(caFile, pki.ca.cert);
        // The snippet sends `message`; the lines before it build one, as the user's script would.
        const script = ['from email.message import EmailMessage', 'message = EmailMessage()', `message["From"] = "${USER}"`, 'message["To"] = "bob@acme.test"', 'message["Subject"] = "snippet"', 'message.set_content("sent by the snippet")', snippet('Python smtplib', server.port, security)].join('\n');
        // SSL_CERT_FILE makes ssl.create_default_context() trust the test CA, as the system store trusts a provider's.
        await new Promise<void>((resolve, reject) =>
          execFile('python3', ['-c', script], { env: { ...process.env, SMTP_PASSWORD: PASSWORD, SSL_CERT_FILE: caFile }, timeout: 15_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve())),
        );
        assert.equal(server.received.length, 1);
        assert.equal(server.received[0]!.user, USER);
        assert.equal(server.received[0]!.secure, true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    });
  }
});
