import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { type Capabilities, type CapabilityOptions, readCapabilities } from '../../src/probes/capabilities';
import { readGreeting } from '../../src/probes/greeting';
import { LineReader } from '../../src/probes/line-reader';
import { connectTcp } from '../../src/probes/tcp';
import type { Protocol } from '../../src/settings/server-settings';
import * as hostile from '../support/hostile-servers';

/** Greets, then asks for capabilities the way the engine does, on a fresh connection. */
async function capabilitiesAt(port: number, protocol: Protocol, options: Partial<CapabilityOptions> = {}): Promise<Capabilities> {
  const connected = await connectTcp('127.0.0.1', port, { timeoutMs: 2000 });
  assert.ok(connected.ok, 'test server must accept');
  const reader = new LineReader(connected.socket);
  try {
    const greeting = await readGreeting(reader, { timeoutMs: 2000 });
    return await readCapabilities(reader, protocol, { timeoutMs: 1000, greeting, ...options });
  } finally {
    connected.socket.destroy();
  }
}

async function withRawServer<T>(behaviour: hostile.Behaviour, run: (port: number) => Promise<T>): Promise<T> {
  const server = await hostile.startRawServer(behaviour);
  try {
    return await run(server.port);
  } finally {
    await server.close();
  }
}

async function withSmtpServer<T>(options: SMTPServerOptions, run: (port: number) => Promise<T>): Promise<T> {
  const server = new SMTPServer({ logger: false, disableReverseLookup: true, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await run((server.server.address() as AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** An IMAP server that answers CAPABILITY with `capabilities` and closes on LOGOUT. */
function imapServer(greeting: string, capabilities: string, commands: string[] = []): hostile.Behaviour {
  return hostile.scripted([greeting], (line) => {
    commands.push(line);
    const [tag, command] = line.split(' ');
    if (command?.toUpperCase() === 'CAPABILITY') return [`* CAPABILITY ${capabilities}`, `${tag} OK done`];
    return [`${tag} BAD unknown command`];
  });
}

describe('probes/capabilities', () => {
  describe('IMAP', () => {
    it('takes the capabilities from the greeting without sending a command', async () => {
      const commands: string[] = [];
      const behaviour = imapServer('* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN AUTH=XOAUTH2] ready', 'IMAP4rev1', commands);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'imap'));
      assert.equal(caps.ok, true);
      assert.deepEqual(caps.raw, ['IMAP4REV1', 'STARTTLS', 'AUTH=PLAIN', 'AUTH=XOAUTH2']);
      assert.equal(caps.startTls, true);
      assert.equal(caps.loginDisabled, false);
      assert.deepEqual(caps.authMechanisms, ['PLAIN', 'XOAUTH2']);
      assert.deepEqual(commands, []);
    });

    it('sends CAPABILITY when the greeting has none, and sees LOGINDISABLED', async () => {
      const commands: string[] = [];
      const behaviour = imapServer('* OK ready', 'IMAP4rev1 LITERAL+ STARTTLS LOGINDISABLED AUTH=GSSAPI', commands);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'imap'));
      assert.equal(caps.ok, true);
      assert.equal(caps.startTls, true);
      assert.equal(caps.loginDisabled, true);
      assert.deepEqual(caps.authMechanisms, ['GSSAPI']);
      assert.deepEqual(caps.raw, ['IMAP4REV1', 'LITERAL+', 'STARTTLS', 'LOGINDISABLED', 'AUTH=GSSAPI']);
      assert.equal(commands.length, 1);
      assert.match(commands[0] ?? '', /^\S+ CAPABILITY$/);
    });

    it('reports a failing CAPABILITY with the server text', async () => {
      const behaviour = hostile.scripted(['* OK ready'], (line) => [`${line.split(' ')[0]} BAD not now`]);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'imap'));
      assert.equal(caps.ok, false);
      assert.equal(caps.response, 'BAD not now');
      assert.deepEqual(caps.raw, []);
    });

    it('reports a server that closes instead of answering', async () => {
      const behaviour = hostile.scripted(['* OK ready'], () => null);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'imap'));
      assert.equal(caps.ok, false);
      assert.match(caps.response ?? '', /closed/);
    });

    it('gives up at the deadline when the server never answers', async () => {
      const behaviour = hostile.scripted(['* OK ready'], () => []);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'imap', { timeoutMs: 300 }));
      assert.equal(caps.ok, false);
      assert.match(caps.response ?? '', /deadline/);
      assert.ok(caps.ms >= 295 && caps.ms < 1000, `ms=${caps.ms}`);
    });
  });

  describe('SMTP', () => {
    it('reads EHLO keywords, STARTTLS and AUTH PLAIN LOGIN from smtp-server', async () => {
      const caps = await withSmtpServer({ authMethods: ['PLAIN', 'LOGIN'], size: 1024 }, (port) => capabilitiesAt(port, 'smtp'));
      assert.equal(caps.ok, true);
      assert.equal(caps.startTls, true);
      assert.deepEqual(caps.authMechanisms, ['PLAIN', 'LOGIN']);
      assert.ok(caps.raw.includes('STARTTLS') && caps.raw.includes('AUTH') && caps.raw.includes('SIZE'), caps.raw.join(' '));
      assert.equal(caps.loginDisabled, false);
      assert.equal(caps.response, undefined);
    });

    it('sees neither STARTTLS nor AUTH when the server hides them', async () => {
      const caps = await withSmtpServer({ hideSTARTTLS: true, disabledCommands: ['AUTH'] }, (port) => capabilitiesAt(port, 'smtp'));
      assert.equal(caps.ok, true);
      assert.equal(caps.startTls, false);
      assert.deepEqual(caps.authMechanisms, []);
    });

    it('falls back to HELO when EHLO is rejected', async () => {
      const caps = await withSmtpServer({ disabledCommands: ['EHLO'] }, (port) => capabilitiesAt(port, 'smtp'));
      assert.equal(caps.ok, true);
      assert.deepEqual(caps.raw, []);
      assert.equal(caps.startTls, false);
      assert.match(caps.response ?? '', /^500 /);
    });

    it('uses the given client name', async () => {
      const commands: string[] = [];
      const behaviour = hostile.scripted(['220 ready'], (line) => (commands.push(line), ['250-hi', '250 AUTH=LOGIN PLAIN']));
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'smtp', { clientName: '[192.0.2.7]' }));
      assert.deepEqual(commands, ['EHLO [192.0.2.7]']);
      assert.deepEqual(caps.authMechanisms, ['LOGIN', 'PLAIN']);
    });

    it('does not retry with HELO after a temporary refusal (421)', async () => {
      const commands: string[] = [];
      const behaviour = hostile.scripted(['220 ready'], (line) => (commands.push(line), ['421 4.3.2 shutting down']));
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'smtp'));
      assert.equal(caps.ok, false);
      assert.equal(caps.response, '421 4.3.2 shutting down');
      assert.equal(commands.length, 1);
    });

    it('reports both replies when EHLO and HELO are rejected', async () => {
      const behaviour = hostile.scripted(['220 ready'], () => ['502 5.5.2 no']);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'smtp'));
      assert.equal(caps.ok, false);
      assert.equal(caps.response, '502 5.5.2 no\n502 5.5.2 no');
    });
  });

  describe('POP3', () => {
    const capa = ['+OK Capability list follows', 'TOP', 'USER', 'SASL PLAIN LOGIN', 'STLS', 'UIDL', 'IMPLEMENTATION Dovecot', '.'];

    it('reads CAPA with STLS, SASL and USER', async () => {
      const behaviour = hostile.scripted(['+OK ready'], (line) => (line === 'CAPA' ? capa : ['-ERR unknown']));
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'pop3'));
      assert.equal(caps.ok, true);
      assert.equal(caps.startTls, true);
      assert.deepEqual(caps.authMechanisms, ['PLAIN', 'LOGIN', 'USER']);
      assert.deepEqual(caps.raw, ['TOP', 'USER', 'SASL', 'STLS', 'UIDL', 'IMPLEMENTATION']);
    });

    it('reports an old server without CAPA', async () => {
      const behaviour = hostile.scripted(['+OK ready'], () => ['-ERR unknown command']);
      const caps = await withRawServer(behaviour, (port) => capabilitiesAt(port, 'pop3'));
      assert.equal(caps.ok, false);
      assert.equal(caps.response, '-ERR unknown command');
      assert.equal(caps.startTls, false);
    });
  });
});
