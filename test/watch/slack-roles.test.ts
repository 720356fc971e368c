import assert from 'node:assert/strict';
import type { HelpDeskServices } from '../../src/commands/help-desk-services';
import { ALICE, allText, BOB, GENERAL, SlackHarness } from '../slack/support/slack-harness';
import { commandsOnlyHelpDesk } from './support/watch-bot';

/**
 * Who may add a watch, through the real Bolt app against the fake Slack Web API: a workspace
 * admin (users.info is_admin), and nobody else; help-desk staff are the triage channel's members.
 */
describe('watch: admin checks in Slack (fake Web API)', function () {
  this.timeout(20_000);
  let h: SlackHarness;
  let services: HelpDeskServices;

  before(async () => {
    const helpDesk = commandsOnlyHelpDesk();
    services = helpDesk.services;
    h = await SlackHarness.start({ ...helpDesk.chatOptions, triageChannel: 'C0TRIAGE' });
    h.fake.on('users.info', (args) => ({ ok: true, user: { id: args.user, name: String(args.user).toLowerCase(), is_admin: args.user === ALICE, is_owner: false, locale: 'en-US' } }));
    h.fake.on('conversations.members', () => ({ ok: true, members: [BOB], response_metadata: { next_cursor: '' } }));
  });
  after(() => h.stop());

  /** Channel commands are answered to the one who typed them only (the command's response_url, ephemeral). */
  const answered = (pattern: RegExp) => h.fake.waitFor('response_url', (c) => c.args.response_type !== 'in_channel' && pattern.test(allText(c.args)));

  it('a member is refused; a workspace admin adds the watch; the escaped mention of history keeps the id', async function () {
    await h.command('watch imap.mail.test:993', { user: BOB });
    await answered(/Only workspace admins/);
    assert.deepEqual(await services.stores.watches.list(), []);

    await h.command('watch imap.mail.test:993', { user: ALICE });
    await answered(/Watching imap:\/\/imap\.mail\.test:993/);
    const [watch] = await services.stores.watches.list();
    assert.deepEqual(watch?.value.place, { platform: 'slack', channel: GENERAL, workspace: 'T0FAKE' });
    assert.equal(watch?.value.createdBy, ALICE);

    // BOB is in the triage channel: help desk, not admin.
    await h.command('history <@U0CAROL|carol>', { user: BOB });
    await answered(/No checks recorded for that/);
    await h.command('forget <@U0CAROL|carol>', { user: BOB });
    await answered(/Only workspace admins/);
    await h.command('forget <@U0CAROL|carol>', { user: ALICE });
    await answered(/Deleted 0 records of U0CAROL/);
  });
});
