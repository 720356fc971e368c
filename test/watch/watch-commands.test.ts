import assert from 'node:assert/strict';
import { type EngineHarness, startHarness } from '../diagnosis/harness';
import { mailZone } from '../diagnosis/servers';
import { ADMIN, HELP_DESK, MEMBER, watchBot } from './support/watch-bot';

describe('watch: /mailhelp watch, watches, unwatch through the runner', function () {
  let h: EngineHarness;
  before(async () => (h = await startHarness(mailZone())));
  after(() => h.close());
  const options = () => ({ dnsServers: [h.dns.server], allowNets: ['127.0.0.0/8'], ca: h.pki.trusted, timeoutMs: 1200 });

  it('only admins add or remove a watch; anyone lists them', async function () {
    const bot = watchBot(options());
    const refused = await bot.command('watch imap.mail.test:993', MEMBER, 'U2');
    assert.match(refused[0]!, /^Only workspace admins/);
    assert.deepEqual(await bot.services.stores.watches.list(), []);

    const added = await bot.command('watch imap.mail.test:993 every 10m', ADMIN);
    assert.match(added[0]!, /^Watching imap:\/\/imap\.mail\.test:993 \(W-[0-9A-Z]{4}\) every 10 minutes\./);
    const [stored] = await bot.services.stores.watches.list();
    assert.equal(stored?.value.intervalMs, 10 * 60_000);
    assert.deepEqual(stored?.value.place, { platform: 'test', channel: 'C1' });

    assert.match((await bot.command('watch imap.mail.test:993', ADMIN))[0]!, /already watched/);
    const listed = await bot.command('watches', MEMBER, 'U2');
    assert.match(listed[0]!, /^1 watch in this channel:\nW-[0-9A-Z]{4} · imap:\/\/imap\.mail\.test:993 · not checked yet for \d+ seconds? · every 10 minutes$/);

    assert.match((await bot.command('unwatch imap.mail.test:993', MEMBER, 'U2'))[0]!, /^Only workspace admins/);
    assert.match((await bot.command('unwatch imap.mail.test:993', ADMIN))[0]!, /^Stopped watching imap:\/\/imap\.mail\.test:993/);
    assert.deepEqual(await bot.services.stores.watches.list(), []);
  });

  it('bad input gets a clear message and stores nothing', async function () {
    const bot = watchBot(options());
    assert.match((await bot.command('watch imap.mail.test:993 every now', ADMIN))[0]!, /^Write the interval like "every 10m"/);
    assert.match((await bot.command('watch imap.mail.test:8080', ADMIN))[0]!, /port 8080 is not a mail port/);
    assert.match((await bot.command('watch notaserver', ADMIN))[0]!, /^I cannot watch notaserver: give a server with its port/);
    assert.match((await bot.command('watch', ADMIN))[0]!, /^Name the server/);
    assert.match((await bot.command('watch imap.mail.test:993 every 5s', ADMIN))[0]!, /^The interval must be between 1 minute and 24 hours/);
    assert.deepEqual(await bot.services.stores.watches.list(), []);
  });

  it('an email address watches its discovered servers', async function () {
    const bot = watchBot(options(), {
      discover: async (email) => ({
        email,
        domain: 'mail.test',
        incoming: [{ settings: { protocol: 'imap', host: 'imap.mail.test', port: 993, security: 'tls' }, sources: ['srv'], origin: '_imaps._tcp.mail.test' }],
        outgoing: [{ settings: { protocol: 'smtp', host: 'smtp.mail.test', port: 465, security: 'tls' }, sources: ['srv'], origin: '_submissions._tcp.mail.test' }],
        conflicts: [],
        durationMs: 1,
      }),
    });
    const said = await bot.command('watch alice@mail.test', ADMIN);
    assert.match(said.join('\n'), /Checked: imap:\/\/imap\.mail\.test:993 \(tls\), smtp:\/\/smtp\.mail\.test:465 \(tls\)/);
  });

  it('history is for the help desk; forget is for admins', async function () {
    const bot = watchBot(options());
    assert.match((await bot.command('history', MEMBER))[0]!, /^Only help-desk staff/);
    assert.equal((await bot.command('history', HELP_DESK))[0], 'No checks recorded for that.');
    assert.match((await bot.command('forget <@U9>', HELP_DESK))[0]!, /^Only workspace admins/);
    assert.equal((await bot.command('forget <@U9>', ADMIN))[0], 'Deleted 0 records of U9.');
  });

  it('answers in the user\'s language', async function () {
    const bot = watchBot(options());
    const said = await bot.command('watch imap.mail.test:993', MEMBER, 'U3', 'de');
    assert.doesNotMatch(said.join('\n'), /Only workspace admins/);
    assert.notEqual(said[0], undefined);
  });
});
