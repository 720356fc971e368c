import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { imapBanner } from '../diagnosis/servers';
import { slowBanner, startRawServer, type RawServer } from '../support/hostile-servers';
import { freeLoopbackPort } from '../support/login-page-client';
import { MAILHELP_BIN } from '../support/mailhelp-bin';


/** `mailhelp start` with no chat configured, stdin kept open as at a terminal that is left running. */
class StartProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  readonly child: ChildProcessWithoutNullStreams;

  constructor(env: Record<string, string>) {
    // Only what the command needs: no chat tokens, so the console chat runs.
    this.child = spawn(process.execPath, [MAILHELP_BIN, 'start'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', MAILHELP_LANG: 'en', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString('utf8')));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString('utf8')));
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    this.exited = new Promise((resolve) => this.child.on('close', (code) => (clearTimeout(killer), resolve(code))));
  }

  async waitFor(pattern: RegExp, ms = 15_000): Promise<void> {
    const started = Date.now();
    while (!pattern.test(this.stdout)) {
      if (Date.now() - started > ms) throw new Error(`no ${pattern} in:\n${this.stdout}\n--- stderr\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('mailhelp start (console chat as a service)', function () {
  this.timeout(40_000);
  let server: RawServer | undefined;
  afterEach(async () => server?.close());

  it('SIGTERM lets the running check finish, shows its report, and exits 0', async function () {
    // The greeting takes 1.5 s: the signal arrives while the check runs.
    server = await startRawServer(slowBanner(1500, imapBanner('AUTH=PLAIN')));
    const bot = new StartProcess({ MAILHELP_ALLOW_NETS: '127.0.0.0/8', MAILHELP_ALLOW_PORTS: String(server.port), MAILHELP_TIMEOUT_MS: '5000', LOG_LEVEL: 'info' });
    bot.child.stdin.write(`/mailhelp imap://127.0.0.1:${server.port} none\n`);
    await bot.waitFor(/Checking 127\.0\.0\.1:\d+…/);
    bot.child.kill('SIGTERM');
    assert.equal(await bot.exited, 0, bot.stderr);
    assert.match(bot.stdout, /Server check for 127\.0\.0\.1:\d+/, 'the report of the running check');
    assert.match(bot.stdout, /Server greeting: passed/);
    const logs = bot.stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; adapter?: string });
    assert.deepEqual(
      logs.filter((l) => l.msg.startsWith('shutting down')).map((l) => l.msg),
      ['shutting down: no new work is taken', 'shutting down: state saved', 'shutting down: bye'],
    );
    assert.ok(logs.every((l) => l.adapter === 'console'));
    assert.ok(!/unhandled|uncaught/.test(bot.stderr), bot.stderr);
  });

  it('with MAILHELP_PUBLIC_URL, serves the one-time password page on PORT (loopback)', async function () {
    const port = await freeLoopbackPort();
    const bot = new StartProcess({ MAILHELP_PUBLIC_URL: `http://127.0.0.1:${port}`, PORT: String(port) });
    await bot.waitFor(/Type \/mailhelp to start/);
    const response = await fetch(`http://127.0.0.1:${port}/login/${'A'.repeat(43)}`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    bot.child.stdin.end('/quit\n');
    assert.equal(await bot.exited, 0, bot.stderr);
    assert.match(bot.stdout, /Bye!\n$/);
  });

  it('a bad limit setting stops the start with a clear reason instead of guessing', async function () {
    const bot = new StartProcess({ MAILHELP_MAX_CONCURRENT: 'many' });
    bot.child.stdin.end('');
    const code = await bot.exited;
    assert.notEqual(code, 0);
    assert.match(bot.stderr, /MAILHELP_MAX_CONCURRENT=many is not valid/);
  });
});
