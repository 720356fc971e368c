/**
 * Lab scenarios of issue 11 that take more than one `mailhelp diagnose` (scenarios.json rows
 * `mx-only-hoster` and `dovecot-auth-penalty`; run-scenarios.ts starts this file inside the
 * bot's namespace with the scenario's name as its argument):
 *
 * - mx-only-hoster: shop.test has only an MX record, mx1.hoster.test. Discovery guesses the
 *   hoster's names and keeps imap./smtp.hoster.test, whose real Dovecot and Postfix answer with
 *   a certificate for those names (mx1.hoster.test's certificate does not name it: dropped);
 *   the diagnosis of the address alone then tests those servers and finds nothing wrong.
 * - dovecot-auth-penalty: a real Dovecot with auth_failure_delay and anvil's auth penalty on.
 *   Three wrong-password diagnoses in a row from the bot's one address: each answer comes later
 *   (2 s, then doubling), and every report still names the wrong password within the login
 *   budget, never "the server did not answer" or "all good".
 *
 * Exits 0 when the scenario holds, 1 with what the reports said otherwise.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../app/main';
import type { Report } from '../../src/diagnosis/report';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';

const LAB_DIR = process.env.MHLAB_DIR ?? '/run/mhlab';
const lab = JSON.parse(readFileSync(join(LAB_DIR, 'hosts.json'), 'utf8')) as { allowNets: string[]; dns: { ns1: string } };
const NETWORK = ['--dns-server', lab.dns.ns1, ...lab.allowNets.flatMap((n) => ['--allow-net', n])];

async function mailhelp(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
  const stderr = new Writable({ write: (chunk, _enc, done) => (process.stderr.write(chunk), done()) });
  const code = await main(args, { stdout: sink, stderr, env: { ...process.env, ...env }, stdin: Readable.from(['']) });
  return { code, stdout };
}

async function mxOnlyHoster(): Promise<void> {
  const found = JSON.parse((await mailhelp(['discover', 'ann@shop.test', '--json', ...NETWORK])).stdout) as DiscoveryResult;
  console.log(`discover: incoming ${found.incoming.map((c) => `${c.settings.host}:${c.settings.port}`).join(', ')}; outgoing ${found.outgoing.map((c) => `${c.settings.host}:${c.settings.port}`).join(', ')}`);
  assert.deepEqual(found.incoming[0]?.settings, { protocol: 'imap', host: 'imap.hoster.test', port: 993, security: 'tls' });
  assert.deepEqual(found.outgoing[0]?.settings, { protocol: 'smtp', host: 'smtp.hoster.test', port: 465, security: 'tls' });
  assert.ok([...found.incoming, ...found.outgoing].every((c) => c.settings.host !== 'mx1.hoster.test'), 'mx1.hoster.test has no certificate for its name');
  const run = await mailhelp(['diagnose', 'ann@shop.test', '--json', '--timeout', '3000', ...NETWORK]);
  const report = JSON.parse(run.stdout) as Report;
  console.log(`diagnose: exit ${run.code}, ${report.findings.map((f) => f.cause).join(', ')}`);
  assert.deepEqual([run.code, report.verdict], [0, 'ok']);
}

async function dovecotAuthPenalty(): Promise<void> {
  const args = ['diagnose', '--incoming', 'imap://penalty.lab.test:993', '--incoming-security', 'tls', '--user', 'alice@lab.test', '--password-env', 'MHLAB_WRONG', '--json', '--timeout', '3000', ...NETWORK];
  const waits: number[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const run = await mailhelp(args, { MHLAB_WRONG: 'not-the-password' });
    const report = JSON.parse(run.stdout) as Report;
    const login = report.checks.find((c) => c.name === 'login');
    waits.push(login?.ms ?? -1);
    console.log(`attempt ${attempt}: exit ${run.code}, ${report.findings.map((f) => f.cause).join(', ')}, login answered after ${login?.ms} ms`);
    assert.equal(run.code, 1);
    assert.equal(report.findings[0]?.cause, 'auth.invalid_credentials');
    assert.ok(!report.findings.some((f) => f.cause === 'server.unavailable' || f.cause === 'auth.login_timeout'));
  }
  // The penalty was in force: the last answer came well after the first.
  assert.ok(waits[2]! >= 3500, `the penalty did not show: ${waits.join(', ')} ms`);
}

const scenarios: Record<string, () => Promise<void>> = { 'mx-only-hoster': mxOnlyHoster, 'dovecot-auth-penalty': dovecotAuthPenalty };
const name = process.argv[2] ?? '';
const scenario = scenarios[name];
if (!scenario) {
  console.error(`unknown scenario ${name}`);
  process.exit(2);
}
scenario().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
