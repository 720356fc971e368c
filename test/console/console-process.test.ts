import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

const ENTRY = join(__dirname, 'support', 'console-entry.ts');
const ROOT = join(__dirname, '..', '..');

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mailhelp start` as a user would script it: a child process, stdin piped, no TTY. */
function runConsoleProcess(lines: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], {
      cwd: ROOT,
      env: { ...process.env, ...env, LANG: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

/** An SMTP server on loopback that does not offer STARTTLS, as some misconfigured relays do. */
async function startSmtpWithoutStarttls(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({ hideSTARTTLS: true, authOptional: true, logger: false, disabledCommands: ['STARTTLS'] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('console adapter as a child process (end to end)', function () {
  this.timeout(40_000);

  it('/mailhelp with an SMTP server that lacks STARTTLS ends in a report naming that cause', async () => {
    const smtp = await startSmtpWithoutStarttls();
    try {
      const result = await runConsoleProcess([`/mailhelp smtp://127.0.0.1:${smtp.port} starttls`, 'done'], {
        MAILHELP_ALLOW_PORTS: String(smtp.port),
        MAILHELP_LANG: 'en',
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Checking 127\.0\.0\.1:\d+…/);
      assert.match(result.stdout, /✗ Problem found: The server does not offer STARTTLS/);
      assert.match(result.stdout, /Glad I could help\. Type \/mailhelp any time\.\nBye!\n$/);
    } finally {
      await smtp.close();
    }
  });

  it('walks the whole conversation to a refused port, through discovery and the login form', async () => {
    const discovery = {
      email: 'x',
      domain: 'acme.test',
      incoming: [{ settings: { protocol: 'imap', host: '127.0.0.1', port: 1, security: 'tls' }, sources: ['guess'], origin: 'guess' }],
      outgoing: [],
      conflicts: [],
      durationMs: 1,
    };
    const result = await runConsoleProcess(['/mailhelp', 'alice@acme.test', 'yes', 'receiving', 'yes', '', 'hunter2-secret', 'done'], {
      MAILHELP_TEST_DISCOVERY: JSON.stringify(discovery),
      MAILHELP_ALLOW_PORTS: '1',
      MAILHELP_LANG: 'en',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Password \(used once, never stored\) — hidden while you type: \*{8}/);
    assert.match(result.stdout, /✗ Problem found: Nothing listens on that port/);
    assert.ok(!result.stdout.includes('hunter2-secret') && !result.stderr.includes('hunter2-secret'));
  });
});
