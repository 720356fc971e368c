import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki } from '../support/certs';
import { startFakeImapServer } from '../support/fake-imap-server';
import { PtySession } from './support/pty-session';

const ENTRY = join(__dirname, 'support', 'console-entry.ts');
const CTRL_C = '\x03';
const CTRL_D = '\x04';

/** A mail port that accepts connections and never says a word: a check against it runs until its deadline. */
async function silentServer(): Promise<{ port: number; open: Set<Socket>; server: Server; describe: () => string }> {
  const open = new Set<Socket>();
  const received = new Map<Socket, string>();
  const server = createServer((socket) => {
    open.add(socket);
    received.set(socket, '');
    socket.on('data', (chunk: Buffer) => received.set(socket, `${received.get(socket)}${chunk.toString('latin1')}`.slice(0, 40)));
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  // Which probe a socket left open belongs to: the first bytes it sent (a TLS hello, a command).
  const describe = () => [...open].map((s) => JSON.stringify(received.get(s))).join(', ');
  return { port: address.port, open, server, describe };
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

function loopbackEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { MAILHELP_ALLOW_NETS: '127.0.0.0/8', MAILHELP_ALLOW_PORTS: String(port), MAILHELP_LANG: 'en', ...extra };
}

describe('console under a real pseudo-terminal', function () {
  this.timeout(40_000);
  // bin/mailhelp.js compiles dist/ first when the sources changed: do that once, outside the timings.
  before(function () {
    this.timeout(300_000);
    (require('../../bin/build') as { ensureBuilt(): void }).ensureBuilt();
  });
  const sessions: PtySession[] = [];
  const start = (env: Record<string, string>, script?: string): PtySession => {
    const session = new PtySession(env, script);
    sessions.push(session);
    return session;
  };
  afterEach(() => sessions.splice(0).forEach((s) => s.kill()));

  it('Ctrl-C during a check stops it at once and closes its sockets; Ctrl-C at the prompt then exits 0', async () => {
    const mail = await silentServer();
    try {
      const session = start(loopbackEnv(mail.port, { MAILHELP_TIMEOUT_MS: '30000' }));
      await session.waitFor(/Ctrl-C/);
      session.type(`/mailhelp imap://127.0.0.1:${mail.port} ssl\r`);
      await session.waitFor(/Checking 127\.0\.0\.1/);
      assert.ok(await until(() => mail.open.size > 0, 10_000), 'the check never connected');
      const pressed = Date.now();
      session.type(CTRL_C);
      await session.waitFor(/Cancelled\./, 3_000);
      assert.ok(await until(() => mail.open.size === 0, 3_000), `${mail.open.size} sockets still open after Ctrl-C (${mail.describe()}); the screen shows:\n${session.text}`);
      assert.ok(Date.now() - pressed < 3_000, `cancelling took ${Date.now() - pressed} ms`);
      assert.doesNotMatch(session.text, /Problem found|Checks\n/u, 'a report was printed after Ctrl-C');
      session.type(CTRL_C);
      const exit = await session.exit();
      assert.equal(exit.exitCode, 0);
      assert.match(session.text, /Bye!\n*$/u);
    } finally {
      mail.server.close();
    }
  });

  it('Ctrl-D at the prompt exits 0, in the middle of a conversation too', async () => {
    const session = start({ MAILHELP_LANG: 'de' });
    await session.waitFor(/Strg-C/);
    session.type('/mailhelp\r');
    await session.waitFor(/E-Mail-Adresse/i);
    session.type(CTRL_D);
    const exit = await session.exit();
    assert.equal(exit.exitCode, 0);
    assert.match(session.text, /Tschüss!\n*$/u);
  });

  it("reads a multi-line paste of a command's output as one answer", async () => {
    const pki = createTestPki();
    const dir = mkdtempSync(join(tmpdir(), 'mailhelp-pty-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pki.ca.cert);
    const imap = await startFakeImapServer({ host: '127.0.0.1', tls: pki.issue({ commonName: '127.0.0.1' }) });
    try {
      const session = start(loopbackEnv(imap.port, { NODE_EXTRA_CA_CERTS: caFile }));
      await session.waitFor(/Ctrl-C/);
      session.type(`/mailhelp imap://127.0.0.1:${imap.port} ssl\r`);
      await session.waitFor(/Which system is your mail app on\?[\s\S]*Type a number from 1 to 4\./u);
      session.type('3\r');
      await session.waitFor(/paste everything it printed/u);
      // What `nc …; openssl s_client …` prints on a network that drops the port: several lines.
      const fixtures = join(__dirname, '..', 'conversation', 'client-output', 'fixtures');
      const pasted = [readFileSync(join(fixtures, 'nc-timeout.txt'), 'utf8'), readFileSync(join(fixtures, 'openssl-refused.txt'), 'utf8')]
        .join('')
        .replace(/192\.0\.2\.1/gu, '127.0.0.1')
        .replace(/\b993\b/gu, String(imap.port));
      assert.ok(pasted.trim().split('\n').length >= 3, 'the fixture is not a multi-line paste');
      session.type(`${pasted.trim().split('\n').join('\r')}\r`);
      await session.waitFor(/Your network blocks|blocked|port/iu);
      await session.waitFor(/Close check/u);
      assert.doesNotMatch(session.text, /didn't get that/u, 'a line of the paste was read as an answer of its own');
      session.type(CTRL_D);
      assert.equal((await session.exit()).exitCode, 0);
    } finally {
      await imap.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not show the password while it is typed; each prompt shows once, only while it waits, under the output', async () => {
    const discovery = {
      email: 'x',
      domain: 'acme.test',
      incoming: [{ settings: { protocol: 'imap', host: '127.0.0.1', port: 1, security: 'tls' }, sources: ['guess'], origin: 'guess' }],
      outgoing: [],
      conflicts: [],
      durationMs: 1,
    };
    const session = start({ MAILHELP_TEST_DISCOVERY: JSON.stringify(discovery), MAILHELP_ALLOW_PORTS: '1', MAILHELP_LANG: 'en' }, ENTRY);
    await session.waitFor(/Ctrl-C/);
    session.type('/mailhelp alice@acme.test\r');
    await session.waitFor(/Does your mail app use these settings\?/u);
    session.type('yes\r');
    await session.waitFor(/What isn't working/u);
    session.type('receiving\r');
    await session.waitFor(/sign-in/iu);
    session.type('yes\r');
    await session.waitFor(/User name/iu);
    session.type('\r');
    await session.waitFor(/hidden while you type: $/u);
    // Typed, then Enter: the terminal output up to the next answer shows whether anything was echoed.
    session.type('hunter2-typed');
    session.type('\r');
    await session.waitFor(/Nothing listens on that port/u);
    assert.ok(!session.text.includes('hunter2') && !session.text.includes('*******'), 'the password was shown');
    await session.waitFor(/Close check/u);
    session.type(CTRL_D);
    assert.equal((await session.exit()).exitCode, 0);
    // As the terminal shows it: a prompt line is an answer typed, the bot's output never sits on one.
    const screen = await session.screen();
    const prompted = screen.split('\n').filter((line) => line.startsWith('>'));
    assert.deepEqual(prompted, ['> /mailhelp alice@acme.test', '> yes', '> receiving', '> yes'], screen);
    assert.equal(screen.match(/hidden while you type/gu)?.length, 1, screen);
    assert.match(screen, /hidden while you type: *\nChecking 127\.0\.0\.1:1…\n/u);
    assert.match(screen, /\n {2}5\) Close check\n\(Type a number from 1 to 5\.\)\nBye!$/u);
  });
});
