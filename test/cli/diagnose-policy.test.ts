import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { type CliResult, runMain } from './run-cli';
import type { Report } from '../../src/diagnosis/report';

/** A standard input that notes whether anyone read from it (a person would be typing there). */
function watchedStdin(text: string): { stdin: Readable; read: () => boolean } {
  let read = false;
  const stdin = new Readable({
    read() {
      read = true;
      this.push(text);
      this.push(null);
    },
  });
  return { stdin, read: () => read };
}

const mailhelp = (argv: string[], stdin: Readable): Promise<CliResult> => runMain(argv, { stdin });

/** Issue 14.6 in the CLI: the target policy comes before the password is read from stdin. */
describe('mailhelp diagnose: the target policy before the password', function () {
  const target = ['diagnose', '--incoming', 'imap://127.0.0.1:993', '--user', 'alice', '--password-stdin', '--timeout', '500'];

  it('a refused server: named on stderr, stdin never read, the report explains (exit 1)', async function () {
    const input = watchedStdin('hunter2-secret\n');
    const { code, stdout, stderr } = await mailhelp([...target, '--json'], input.stdin);
    assert.equal(code, 1, stderr);
    assert.equal(input.read(), false, 'the password was read although the server is refused');
    assert.match(stderr, /^The bot will not connect to 127\.0\.0\.1:993: 127\.0\.0\.1 is a loopback address \(the bot's own computer\)\.\n/u);
    assert.match(stderr, /So it does not ask for your password/u);
    const report = JSON.parse(stdout) as Report;
    assert.deepEqual(report.findings.map((f) => f.cause), ['policy.target_refused']);
    assert.ok(!report.checks.some((c) => c.name === 'login'));
  });

  it('says it in the user\'s language', async function () {
    const { stderr } = await mailhelp([...target, '--lang', 'de'], watchedStdin('x\n').stdin);
    assert.match(stderr, /^Der Bot verbindet sich nicht mit 127\.0\.0\.1:993: 127\.0\.0\.1 ist eine Loopback-Adresse/u);
    assert.doesNotMatch(stderr, /\bThe bot\b|\bpassword\b/u);
  });

  it('an allowed server: the password is read (and an empty one is bad input, exit 2)', async function () {
    const input = watchedStdin('\n');
    const { code, stderr } = await mailhelp([...target, '--allow-net', '127.0.0.1/32'], input.stdin);
    assert.equal(input.read(), true);
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^mailhelp: the password is empty/u);
  });
});
