import assert from 'node:assert/strict';
import { DAY } from '../support/certs';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { type EngineHarness, startHarness } from '../diagnosis/harness';
import { mailZone } from '../diagnosis/servers';
import { ADMIN, watchBot } from './support/watch-bot';

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The schedule for real (second-long intervals) against a real IMAPS server on loopback: its
 * port closed and opened again, then its certificate swapped for one that expires in 5 days.
 * Each change is one alert, in order, as the channel reads it.
 */
describe('watch: a real schedule against a loopback IMAPS server', function () {
  this.timeout(40_000);
  let h: EngineHarness;
  let server: FakeImapServer | undefined;
  before(async () => (h = await startHarness(mailZone())));
  after(async () => {
    await server?.close();
    await h.close();
  });

  it('down → up → certificate expiring: exactly one alert each, in order', async function () {
    const HOST = 'imap.mail.test';
    server = await startFakeImapServer({ tls: h.pki.issue({ commonName: HOST, notAfter: new Date(Date.now() + 300 * DAY) }) });
    const port = server.port;
    // Rounds of the schedule, counted as they are checked: "nothing to say for two rounds" is
    // waited for, not slept for (a loaded machine may run fewer rounds in a fixed time).
    let rounds = 0;
    const bot = watchBot(
      { dnsServers: [h.dns.server], allowNets: ['127.0.0.0/8'], allowPorts: [port], ca: h.pki.trusted, timeoutMs: 1000 },
      { minIntervalMs: 1000, tickMs: 100, scheduler: { confirmDelayMs: 300, restartSpreadMs: 200, events: { checked: () => void (rounds += 1) } } },
    );
    assert.match((await bot.command(`watch ${HOST}:${port} every 1s`, ADMIN))[0]!, /^Watching/);
    bot.startScheduler();
    const said = () => bot.channels.get('C1') ?? [];
    try {
      // Baseline: healthy for two rounds, nothing to say. A round's alerts are posted before the
      // next round of the same watch starts, so after round 2 is checked, round 1 had its say.
      await until(() => rounds >= 3);
      assert.deepEqual(said(), []);

      await server.close();
      await until(() => said().length >= 1);
      await server.close();
      server = await startFakeImapServer({ port, tls: h.pki.issue({ commonName: HOST, notAfter: new Date(Date.now() + 300 * DAY) }) });
      await until(() => said().length >= 2);
      await server.close();
      server = await startFakeImapServer({ port, tls: h.pki.issue({ commonName: HOST, notAfter: new Date(Date.now() + 5 * DAY) }) });
      await until(() => said().length >= 3);
      // Two more rounds after the third alert: none of them may repeat or add one.
      const third = rounds;
      await until(() => rounds >= third + 3);
    } finally {
      await bot.services.stop();
      // The next test starts its own server into `server`: close this one here, or it outlives the suite.
      await server?.close();
      server = undefined;
    }
    console.log(`      channel C1 saw:\n${said().map((m) => `        | ${m.replace(/\n/g, '\n        | ')}`).join('\n')}`);
    assert.equal(said().length, 3, said().join('\n---\n'));
    assert.match(said()[0]!, new RegExp(`^🔴 imap://${HOST}:${port} is down: Nothing listens on that port\\.`));
    assert.match(said()[0]!, /What I saw: .*refused/);
    assert.match(said()[1]!, new RegExp(`^🟢 imap://${HOST}:${port} is back up, after \\d+ (?:seconds?|minutes?) down\\.$`));
    assert.match(said()[2]!, new RegExp(`^🟠 imap://${HOST}:${port}: the certificate of the incoming server expires in [45] days, on \\d{4}-\\d{2}-\\d{2}\\.`));
  });

  it('outage: three users, one failing server, one triage alert; the next user is told it is known; a success clears it', async function () {
    const closed = await startFakeImapServer({});
    const port = closed.port;
    await closed.close();
    const bot = watchBot({ dnsServers: [h.dns.server], allowNets: ['127.0.0.0/8'], allowPorts: [port], ca: h.pki.trusted, timeoutMs: 1000 });
    const check = (user: string) => bot.command(`imap.mail.test:${port}`, { admin: false, helpDesk: false }, user);
    const first = await check('U1');
    const second = await check('U2');
    assert.equal(bot.triage.length, 0);
    const third = await check('U3');
    assert.equal(bot.triage.length, 1, 'one alert when the third user reports it');
    assert.match(bot.triage[0]!, new RegExp(`^⚠️ Possible outage: imap\\.mail\\.test:${port} — .+ — 3 reports in 1 minute\\.\\nFirst report: R-[0-9A-Z]{4}`));
    const fourth = await check('U4');
    assert.equal(bot.triage.length, 1, 'no second alert');
    for (const said of [first, second]) assert.ok(!said.some((s) => /known problem/.test(s)));
    for (const said of [third, fourth]) assert.ok(said.some((s) => /^This is a known problem: \d people found/.test(s)), said.join('\n'));
    // The server comes back: one success clears it, and the next failure starts counting again.
    server = await startFakeImapServer({ port, tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    await bot.command(`imap.mail.test:${port}`, { admin: false, helpDesk: false }, 'U5');
    await server.close();
    server = undefined;
    const after = await check('U6');
    assert.ok(!after.some((s) => /known problem/.test(s)));
    const history = await bot.command('history', { admin: false, helpDesk: true }, 'U7');
    assert.match(history[0]!, /^The last 6 checks:/);
  });
});
