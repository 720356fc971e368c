import assert from 'node:assert/strict';
import { PermissionFlagsBits } from 'discord.js';
import type { HelpDeskServices } from '../../src/commands/help-desk-services';
import { commandsOnlyHelpDesk } from './support/watch-bot';
import { has, startHarness, type Harness } from '../discord/support/bot-harness';
import { HELP_DESK_ROLE_ID, userObject } from '../discord/support/fake-objects';

/**
 * Who may add a watch, through the real discord.js client against the fake Discord: a member
 * with Manage Server, read off the interaction itself; help-desk staff by the configured role.
 */
describe('watch: admin checks in Discord (fake gateway and REST)', function () {
  this.timeout(20_000);
  let h: Harness;
  let services: HelpDeskServices;
  const HELP_DESK_ROLE = HELP_DESK_ROLE_ID;
  const NO_MANAGE = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
  const bob = userObject('223456789012345678', 'bob');

  before(async () => {
    const helpDesk = commandsOnlyHelpDesk();
    services = helpDesk.services;
    h = await startHarness({ ...helpDesk.chatOptions, helpDeskRoleId: HELP_DESK_ROLE });
  });
  after(() => h.close());

  it('without Manage Server: refused; with it: the watch is added in that channel', async function () {
    h.fake.slashCommand({ target: 'watch imap.mail.test:993', memberPermissions: NO_MANAGE, user: bob });
    await h.message(has(/Only workspace admins/));
    assert.deepEqual(await services.stores.watches.list(), []);

    const since = h.mark();
    h.fake.slashCommand({ target: 'watch imap.mail.test:993 every 15m', memberPermissions: NO_MANAGE | PermissionFlagsBits.ManageGuild });
    await h.message(has(/Watching imap:\/\/imap\.mail\.test:993 \(W-[0-9A-Z]{4}\) every 15 minutes/), { since });
    const [watch] = await services.stores.watches.list();
    assert.equal(watch?.value.place.platform, 'discord');
    assert.equal(watch?.value.intervalMs, 15 * 60_000);
  });

  it('the help-desk role reads the history but may not forget; a DM grants nothing', async function () {
    let since = h.mark();
    h.fake.slashCommand({ target: 'history', memberPermissions: NO_MANAGE, memberRoles: [HELP_DESK_ROLE], user: bob });
    await h.message(has(/No checks recorded for that/), { since });
    since = h.mark();
    h.fake.slashCommand({ target: `forget <@${bob.id as string}>`, memberPermissions: NO_MANAGE, memberRoles: [HELP_DESK_ROLE], user: bob });
    await h.message(has(/Only workspace admins/), { since });
    since = h.mark();
    h.fake.slashCommand({ target: 'history', where: 'dm' });
    await h.message(has(/Only help-desk staff/), { since });
  });
});
