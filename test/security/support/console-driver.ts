import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Captured, SecretDriver } from './secret-suite';

const ROOT = join(__dirname, '..', '..', '..');
const ENTRY = join(ROOT, 'test', 'console', 'support', 'console-entry.ts');

/**
 * The console adapter as a user scripts it: a child process, stdin piped, every log line at
 * `trace` on stderr, every store write dumped to a file. The password is typed at the hidden
 * prompt of the private form.
 */
export const consoleProcessDriver: SecretDriver = {
  name: 'the console (child process)',
  async converse(mail) {
    const dir = mkdtempSync(join(tmpdir(), 'mailhelp-secret-'));
    const dump = join(dir, 'store.jsonl');
    try {
      const lines = [
        `/mailhelp ${mail.email}`,
        'yes', // the discovered settings
        'both',
        'yes', // test the login
        '', // user name: the address
        mail.password,
        'help desk',
        'again',
        'yes',
        '',
        mail.password,
        'done',
      ];
      const result = await run(lines, {
        MAILHELP_TEST_DISCOVERY: JSON.stringify(mail.discovery),
        MAILHELP_ALLOW_PORTS: (mail.diagnoseOptions.allowPorts ?? []).join(','),
        MAILHELP_TEST_CA: mail.caPem,
        MAILHELP_TEST_STORE_DUMP: dump,
        MAILHELP_TIMEOUT_MS: String(mail.diagnoseOptions.timeoutMs ?? 3000),
        MAILHELP_LANG: 'en',
        LOG_LEVEL: 'trace',
      });
      if (result.code !== 0) throw new Error(`the console exited with ${result.code}: ${result.stderr}`);
      // stdout is the whole chat, the reports and the help-desk posts included (the piped input
      // is echoed too, secret lines as ********); stderr holds the log lines.
      if (!/Problem found/.test(result.stdout)) throw new Error(`no report in:\n${result.stdout}`);
      const captured: Captured = {
        logs: result.stderr.split('\n').filter(Boolean),
        store: readFileSync(dump, 'utf8').split('\n').filter(Boolean),
        reports: result.stdout.split(/\n(?=Mail check for )/u).slice(1),
        chat: result.stdout.split('\n'),
      };
      return captured;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function run(lines: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], { cwd: ROOT, env: { ...process.env, ...env, LANG: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}
