/**
 * Lab scenario `watch-cert-firewall` (scenarios.json; run-scenarios.ts starts this file inside
 * the bot's namespace): the bot watches the real Dovecot (IMAPS 993) and Postfix (SMTPS 465) of
 * watched.lab.test on second-long intervals while watch-faults.sh changes them as an admin would:
 *
 *   1. baseline: both up, a valid certificate for a year: nothing posted;
 *   2. the certificate is swapped for one that expires in 5 days and both servers reloaded:
 *      exactly one "certificate expiring" alert per watch;
 *   3. nftables drops 993 and 465: exactly one "down" alert per watch;
 *   4. the ports are opened again: exactly one "back up" alert per watch.
 *
 * After each step the watches run a few more rounds, so a repeated alert would be seen. The
 * IMAP watch is added by an English-speaking admin, the SMTP one by a German-speaking one: each
 * channel message is in the language of whoever added the watch. Exits 0 when every step holds,
 * 1 (with what the channel saw) otherwise; the lab is left as it was found either way.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Watch } from '../../src/watch/watch';
import { ADMIN, watchBot } from '../watch/support/watch-bot';

const LAB_DIR = process.env.MHLAB_DIR ?? '/run/mhlab';
const HOST = 'watched.lab.test';
const IMAP = `imap://${HOST}:993`;
const SMTP = `smtp://${HOST}:465`;
/** Rounds every watch runs after a step before its alerts are counted. */
const QUIET_ROUNDS = 3;

interface LabHosts {
  allowNets: string[];
  dns: { ns1: string };
}

function fault(...args: string[]): void {
  execFileSync('bash', [join(__dirname, 'watch-faults.sh'), ...args], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30_000 });
  log(`watch-faults.sh ${args.join(' ')}`);
}

const started = Date.now();
function log(line: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
}

async function main(): Promise<void> {
  const lab = JSON.parse(readFileSync(join(LAB_DIR, 'hosts.json'), 'utf8')) as LabHosts;
  fault('cert', 'valid');
  fault('ports', 'open');
  // The lab root CA comes from NODE_EXTRA_CA_CERTS (set by the runner), as in production.
  const bot = watchBot(
    { dnsServers: [lab.dns.ns1], allowNets: lab.allowNets, timeoutMs: 1500 },
    { minIntervalMs: 1000, tickMs: 200, scheduler: { confirmDelayMs: 500, restartSpreadMs: 500 } },
  );
  const said = (): string[] => bot.channels.get('C1') ?? [];
  const of = (label: string): string[] => said().filter((m) => m.includes(label));
  const watches = async (): Promise<Watch[]> => (await bot.services.stores.watches.list()).map((w) => w.value);

  /** Waits until `condition` holds, checking every 100 ms. */
  const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> => {
    const end = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Waits until every watch has finished `rounds` more checks (they differ in their last check time). */
  const rounds = async (count: number): Promise<void> => {
    const seen = new Map<string, Set<number>>();
    await until(`${count} more rounds`, async () => {
      for (const w of await watches()) {
        const times = seen.get(w.id) ?? new Set<number>();
        if (w.state.lastCheckAt !== undefined) times.add(w.state.lastCheckAt);
        seen.set(w.id, times);
      }
      // The first time recorded is the round that was already done when this started.
      return seen.size === 2 && [...seen.values()].every((t) => t.size > count);
    });
  };
  const expectAlerts = (step: string, count: number): void => {
    for (const label of [IMAP, SMTP]) assert.equal(of(label).length, count, `${step}: ${label} should have had ${count} alert(s), the channel saw:\n${said().join('\n---\n')}`);
    assert.equal(said().length, 2 * count, `${step}: nothing else posted`);
  };

  try {
    const added = [await bot.command(`watch ${HOST}:993 every 2s`, ADMIN, 'U1', 'en'), await bot.command(`watch ${SMTP} every 2s`, ADMIN, 'U2', 'de')];
    log(`added: ${added.map((a) => a[0]).join(' | ')}`);
    assert.match(added[0]![0]!, new RegExp(`^Watching ${IMAP} \\(W-[0-9A-Z]{4}\\) every 2 seconds\\.`));
    assert.match(added[1]![0]!, new RegExp(`^Ich überwache ${SMTP} \\(W-[0-9A-Z]{4}\\) alle 2 Sekunden\\.`));
    bot.startScheduler();

    await until('both watches up', async () => (await watches()).every((w) => w.state.status === 'up'));
    await rounds(QUIET_ROUNDS);
    log('baseline: both up');
    expectAlerts('baseline', 0);

    fault('cert', 'expiring');
    await until('a certificate alert per watch', () => of(IMAP).length >= 1 && of(SMTP).length >= 1);
    await rounds(QUIET_ROUNDS);
    expectAlerts('certificate swapped', 1);
    assert.match(of(IMAP)[0]!, new RegExp(`^🟠 ${IMAP}: the certificate of the incoming server expires in [45] days, on \\d{4}-\\d{2}-\\d{2}\\.`));
    assert.match(of(SMTP)[0]!, new RegExp(`^🟠 ${SMTP}: Das Zertifikat des ausgehenden Servers läuft in [45] Tagen ab`));

    fault('ports', 'close');
    await until('a down alert per watch', () => of(IMAP).length >= 2 && of(SMTP).length >= 2);
    await rounds(QUIET_ROUNDS);
    expectAlerts('ports closed', 2);
    // The watched port is filtered: said so even where another port (143) still answers.
    assert.match(of(IMAP)[1]!, new RegExp(`^🔴 ${IMAP} is down: A firewall drops the connection\\.\\nWhat I saw: .*993.*`));
    assert.match(of(SMTP)[1]!, new RegExp(`^🔴 ${SMTP} ist ausgefallen: Eine Firewall verwirft die Verbindung\\.\\nWas ich gesehen habe: .*465.*`));
    assert.ok((await watches()).every((w) => w.state.status === 'down'));

    fault('ports', 'open');
    await until('a recovery alert per watch', () => of(IMAP).length >= 3 && of(SMTP).length >= 3);
    await rounds(QUIET_ROUNDS);
    expectAlerts('ports reopened', 3);
    assert.match(of(IMAP)[2]!, new RegExp(`^🟢 ${IMAP} is back up, after \\d+ (?:seconds?|minutes?) down\\.$`));
    assert.match(of(SMTP)[2]!, new RegExp(`^🟢 ${SMTP} läuft wieder, nach \\d+ (?:Sekunden?|Minuten?) Ausfall\\.$`));
  } finally {
    await bot.services.stop();
    log(`channel C1 saw (${said().length} messages):\n${said().map((m) => `        | ${m.replace(/\n/g, '\n        | ')}`).join('\n')}`);
    fault('ports', 'open');
    fault('cert', 'valid');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`watch scenario failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
