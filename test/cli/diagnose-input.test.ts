import assert from 'node:assert/strict';
import { runCli, runMain } from './run-cli';

/**
 * Bad input: exit code 2 and one line on stderr saying why, before any network step. Checked
 * through main() in this process; the last test runs the real executable once.
 */
describe('mailhelp diagnose: bad input', function () {
  const cases: [string, string[], RegExp][] = [
    ['a 300-character host name', ['--incoming', `imap://${'a'.repeat(296)}.com:993`], /300 characters long \(at most 253\)/],
    ['port 0', ['--incoming', 'imap://imap.example.com:0'], /port must be a number from 1 to 65535, not 0/],
    ['port 70000', ['--incoming', 'imap://imap.example.com:70000'], /not 70000/],
    ['an email without @', ['alice.example.com', '--incoming', 'imap://imap.example.com'], /not an email address: alice\.example\.com/],
    ['a URL with a path', ['--incoming', 'imap://imap.example.com:993/INBOX'], /no path, query or user name/],
    ['a wrong protocol for incoming', ['--incoming', 'smtp://smtp.example.com'], /must be imap, pop3, not smtp/],
    ['an unknown security', ['--incoming', 'imap://imap.example.com', '--incoming-security', 'ssl3'], /tls, starttls or none, not ssl3/],
    ['nothing to check', [], /give an email address, --incoming or --outgoing/],
    ['an unknown flag', ['--incoming', 'imap://imap.example.com', '--pasword', 'x'], /unknown option --pasword; see mailhelp diagnose --help/],
    ['a password env var that is not set', ['--incoming', 'imap://imap.example.com', '--user', 'a', '--password-env', 'NOPE_NOT_SET'], /NOPE_NOT_SET is not set/],
    ['a bad network', ['--incoming', 'imap://imap.example.com', '--allow-net', '10.0.0.0/99'], /not a network in CIDR form: 10\.0\.0\.0\/99/],
    ['a bad DNS server', ['--incoming', 'imap://imap.example.com', '--dns-server', 'dns.example.com'], /not a DNS server/],
    ['a timeout of zero', ['--incoming', 'imap://imap.example.com', '--timeout', '0'], /timeout must be a number of milliseconds/],
    ['an unknown language', ['--incoming', 'imap://imap.example.com', '--lang', 'xx'], /unknown language xx/],
  ];
  for (const [name, args, reason] of cases) {
    it(`rejects ${name}`, async function () {
      const result = await runMain(['diagnose', ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `one line expected, got: ${result.stderr}`);
      assert.match(lines[0] ?? '', reason);
    });
  }

  it('explains bad input in the chosen language', async function () {
    const result = await runMain(['diagnose', '--incoming', 'imap://imap.example.com:0'], { env: { MAILHELP_LANG: 'de' } });
    assert.equal(result.code, 2);
    assert.doesNotMatch(result.stderr, /port must be a number/);
  });

  it('prints usage for --help and exits 0', async function () {
    const result = await runCli(['diagnose', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--password-env VAR/);
  });
});
