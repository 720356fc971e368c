import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { PermissionFlagsBits } from 'discord.js';
import { ADMIN_COMMAND_NAME } from '../../adapters/discord/commands/admin-command';
import { runRegister } from '../../adapters/discord/commands/register-cli';
import { DISCORD_LOCALES } from '../../adapters/discord/locale';
import type { HelpDeskServices } from '../../src/commands/help-desk-services';
import { has, startHarness, type Harness } from './support/bot-harness';
import { commandsOnlyHelpDesk } from '../watch/support/watch-bot';
import { FakeDiscord } from './support/fake-discord';
import type { Json } from './support/fake-objects';
import { userObject } from './support/fake-objects';

const EPHEMERAL = 1 << 6;
/** Discord's rule for command and option names: lowercase where the script has case, 1–32 characters. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const OTHER_LOCALES = Object.values(DISCORD_LOCALES)
  .flat()
  .filter((l) => !l.startsWith('en'))
  .sort();

/** `/mailhelp-admin SUBCOMMAND option:value …` as Discord sends it. */
function admin(subcommand: string, options: Record<string, string>, type = 3): { name: string; options: Json[] } {
  return { name: ADMIN_COMMAND_NAME, options: [{ name: subcommand, type: 1, options: Object.entries(options).map(([name, value]) => ({ name, type: name === 'user' ? 6 : type, value })) }] };
}

describe('discord: /mailhelp-admin, the admin-only command', function () {
  this.timeout(20_000);

  it('is registered apart from /mailhelp with default_member_permissions = Manage Server, servers only, worded in every language', async function () {
    const fake = await new FakeDiscord().start();
    try {
      const out = new PassThrough();
      assert.equal(await runRegister({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.appId, DISCORD_API_URL: fake.apiUrl }, out, new PassThrough()), 0);
      const [put] = fake.find('PUT', /commands$/u);
      const body = put?.body as Json[];
      const everyone = body.find((c) => c.name === 'mailhelp');
      const adminOnly = body.find((c) => c.name === ADMIN_COMMAND_NAME);
      assert.ok(everyone && adminOnly, 'both commands in one bulk overwrite');
      assert.equal(everyone.default_member_permissions, undefined, '/mailhelp is for everyone');
      assert.equal(adminOnly.default_member_permissions, String(PermissionFlagsBits.ManageGuild));
      assert.equal(adminOnly.default_member_permissions, '32');
      assert.deepEqual(adminOnly.contexts, [0], 'servers only: nobody is an admin in a DM');
      const subcommands = adminOnly.options as Json[];
      assert.deepEqual(
        subcommands.map((s) => [s.name, ((s.options as Json[]) ?? []).map((o) => `${String(o.name)}${o.required ? '' : '?'}`)]),
        [
          ['watch', ['target', 'interval?']],
          ['unwatch', ['target']],
          ['forget', ['user']],
        ],
      );
      // Every name and description in every language, within Discord's limits; the German ones really German.
      const worded = [adminOnly, ...subcommands, ...subcommands.flatMap((s) => s.options as Json[])];
      for (const item of worded) {
        const names = item.name_localizations as Record<string, string> | undefined;
        const descriptions = item.description_localizations as Record<string, string>;
        assert.deepEqual(Object.keys(descriptions).sort(), OTHER_LOCALES, `${String(item.name)}: descriptions`);
        for (const value of Object.values(descriptions)) assert.ok(value && [...value].length <= 100, `${String(item.name)}: ${value}`);
        if (item === adminOnly) continue;
        assert.deepEqual(Object.keys(names ?? {}).sort(), OTHER_LOCALES, `${String(item.name)}: names`);
        for (const value of Object.values(names ?? {})) assert.ok(NAME.test(value) && value === value.toLowerCase(), `${String(item.name)}: ${value}`);
      }
      assert.equal((subcommands[0]?.name_localizations as Record<string, string> | undefined)?.de, 'überwachen');
      assert.match(String((adminOnly.description_localizations as Record<string, string>).ja), /サーバー管理/u);
    } finally {
      await fake.stop();
    }
  });

  describe('through the real discord.js client against the fake Discord', function () {
    let h: Harness;
    let services: HelpDeskServices;
    const NO_MANAGE = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
    const bob = userObject('223456789012345678', 'bob');

    before(async () => {
      const helpDesk = commandsOnlyHelpDesk();
      services = helpDesk.services;
      h = await startHarness({ ...helpDesk.chatOptions });
    });
    after(() => h.close());

    it('a member without Manage Server (the command granted to a role) is refused privately, in their language, and nothing is stored', async function () {
      for (const [locale, refusal] of [
        ['de', /^Nur Mitglieder mit der Berechtigung „Server verwalten“ können Überwachungen hinzufügen/u],
        ['ja', /「サーバー管理」権限のあるメンバーだけです/u],
        ['fr', /^Seuls les membres ayant la permission Gérer le serveur/u],
      ] as const) {
        const since = h.mark();
        const interaction = h.fake.slashCommand({ command: admin('watch', { target: 'imap.mail.test:993' }), memberPermissions: NO_MANAGE, user: bob, locale });
        const reply = await h.message(has(refusal), { since });
        assert.equal(Number(reply.flags) & EPHEMERAL, EPHEMERAL, 'only the member sees the refusal');
        assert.equal(h.fake.interaction(interaction.id).callbackType, 4, 'answered at once, not deferred');
        assert.doesNotMatch(String(reply.content), /Manage Server|workspace/u, `no English in ${locale}`);
      }
      const since = h.mark();
      h.fake.slashCommand({ command: admin('forget', { user: bob.id as string }), memberPermissions: NO_MANAGE, user: bob, locale: 'en-US' });
      await h.message(has(/^Only members with the Manage Server permission/u), { since });
      assert.deepEqual(await services.stores.watches.list(), []);
      assert.deepEqual(h.fake.threads(), [], 'a refused command opens no thread');
    });

    it('with Manage Server: watch (with its interval), unwatch and forget run as /mailhelp would', async function () {
      let since = h.mark();
      h.fake.slashCommand({ command: admin('watch', { target: 'imap.mail.test:993', interval: '15m' }), memberPermissions: NO_MANAGE | PermissionFlagsBits.ManageGuild });
      await h.message(has(/Watching imap:\/\/imap\.mail\.test:993 \(W-[0-9A-Z]{4}\) every 15 minutes/u), { since });
      const [watch] = await services.stores.watches.list();
      assert.equal(watch?.value.place.platform, 'discord');
      assert.equal(watch?.value.intervalMs, 15 * 60_000);

      since = h.mark();
      h.fake.slashCommand({ command: admin('watch', { target: 'imap.mail.test:993', interval: 'often' }), memberPermissions: PermissionFlagsBits.ManageGuild, locale: 'de' });
      await h.message(has(/^Schreiben Sie den Abstand so/u), { since });

      since = h.mark();
      h.fake.slashCommand({ command: admin('unwatch', { target: watch!.value.id }), memberPermissions: PermissionFlagsBits.ManageGuild });
      await h.message(has(/^Stopped watching imap:\/\/imap\.mail\.test:993/u), { since });
      assert.deepEqual(await services.stores.watches.list(), []);

      since = h.mark();
      h.fake.slashCommand({ command: admin('forget', { user: bob.id as string }), memberPermissions: PermissionFlagsBits.ManageGuild });
      await h.message(has(/^Deleted 0 records of 223456789012345678\./u), { since });
    });
  });
});
