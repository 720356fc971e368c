import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mailhelpCommands } from '../../adapters/discord/commands/mailhelp-command';
import { runRegister } from '../../adapters/discord/commands/register-cli';
import { discordConfigFromEnv, discordOptionsFromEnv } from '../../adapters/discord/discord-options';
import { INVITE_PERMISSIONS } from '../../adapters/discord/invite-permissions';
import { DISCORD_LOCALES } from '../../adapters/discord/locale';
import { LANGUAGES } from '../../src/i18n/translator';
import { startHarness } from './support/bot-harness';
import { FakeDiscord } from './support/fake-discord';

/** Discord's rule for command and option names: lowercase where the script has case, 1–32 characters. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const DISCORD_LOCALE_CODES = new Set(Object.values(DISCORD_LOCALES).flat());

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

describe('discord: the /mailhelp command and its registration', function () {
  it('is worded in every language from locales/, within Discord\'s limits', function () {
    const [command] = mailhelpCommands();
    assert.ok(command);
    assert.equal(command.name, 'mailhelp');
    const option = command.options?.[0];
    assert.ok(option);
    assert.equal(option.name, 'target');
    assert.equal(option.required, false);
    for (const [what, values] of Object.entries({
      name: command.name_localizations,
      description: command.description_localizations,
      option_name: option.name_localizations,
      option_description: option.description_localizations,
    })) {
      assert.deepEqual(Object.keys(values ?? {}).sort(), [...DISCORD_LOCALE_CODES].filter((l) => !l.startsWith('en')).sort(), `${what} covers every language`);
      for (const [locale, value] of Object.entries(values ?? {})) {
        const text = String(value ?? '');
        assert.ok(text, `${what} ${locale}`);
        if (what.endsWith('name')) assert.ok(NAME.test(text) && text === text.toLowerCase(), `${what} ${locale}: ${text}`);
        else assert.ok([...text].length <= 100, `${what} ${locale} is too long: ${text}`);
      }
    }
    assert.equal(LANGUAGES.length, Object.keys(DISCORD_LOCALES).length);
    assert.deepEqual(command.contexts, [0, 1], 'servers and DMs with the bot');
  });

  it('npm run discord:register overwrites the guild\'s commands when DISCORD_GUILD_ID is set, else the global ones', async function () {
    const fake = await new FakeDiscord().start();
    try {
      const env = { DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.ids.appId, DISCORD_API_URL: fake.apiUrl };
      const out = sink();
      assert.equal(await runRegister({ ...env, DISCORD_GUILD_ID: fake.ids.guildId }, out.stream, sink().stream), 0);
      assert.equal(await runRegister(env, out.stream, sink().stream), 0);
      const puts = fake.find('PUT', /commands$/u);
      assert.deepEqual(
        puts.map((c) => c.path),
        [`/applications/${fake.ids.appId}/guilds/${fake.ids.guildId}/commands`, `/applications/${fake.ids.appId}/commands`],
      );
      assert.equal(puts[0]?.auth, `Bot ${fake.token}`);
      assert.match(JSON.stringify(puts[0]?.body), /"de":"Findet heraus, warum ein Mailprogramm/u);
      assert.match(out.text(), /2 command\(s\) registered in guild/u);
    } finally {
      await fake.stop();
    }
  });

  it('refuses to register without DISCORD_APP_ID, and says why', async function () {
    const err = sink();
    assert.equal(await runRegister({ DISCORD_TOKEN: 'x' }, sink().stream, err.stream), 2);
    assert.match(err.text(), /DISCORD_APP_ID: not set/u);
  });

  it('registers on start when DISCORD_REGISTER_COMMANDS asks for it (the application id from READY)', async function () {
    const h = await startHarness({ registerOnStart: true });
    try {
      const [put] = h.fake.find('PUT', /commands$/u);
      assert.equal(put?.path, `/applications/${h.fake.ids.appId}/commands`);
    } finally {
      await h.close();
    }
  });
});

describe('discord: the README\'s invite URL', function () {
  it('asks for exactly the permissions the adapter uses, with the bot and applications.commands scopes', function () {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const invite = /https:\/\/discord\.com\/oauth2\/authorize\?client_id=APP_ID&scope=bot\+applications\.commands&permissions=(\d+)/u.exec(readme);
    assert.ok(invite, 'the README has the invite URL');
    assert.equal(invite[1], String(INVITE_PERMISSIONS));
  });
});

describe('discord: configuration from the environment', function () {
  const engine = { diagnose: async () => Promise.reject(new Error('unused')), discover: async () => Promise.reject(new Error('unused')) };

  it('reads the Discord variables; a Slack id in MAILHELP_TRIAGE_CHANNEL is left to Slack', function () {
    const options = discordOptionsFromEnv(
      { DISCORD_TOKEN: ' t ', DISCORD_APP_ID: '123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:9/api/', MAILHELP_TRIAGE_CHANNEL: 'C0123ABC', MAILHELP_LANG: 'de', PORT: '8080' },
      engine,
    );
    assert.equal(options.token, 't');
    assert.equal(options.apiUrl, 'http://127.0.0.1:9/api');
    assert.equal(options.triageChannelId, undefined);
    assert.equal(options.defaultLanguage, 'de');
    assert.equal(options.port, 8080);
    assert.equal(options.registerOnStart, false);
    assert.equal(discordConfigFromEnv({ DISCORD_TOKEN: 't', MAILHELP_TRIAGE_CHANNEL: '223456789012345678' }).triageChannelId, '223456789012345678');
    assert.equal(discordConfigFromEnv({ DISCORD_TOKEN: 't', MAILHELP_TRIAGE_CHANNEL: 'C1', DISCORD_TRIAGE_CHANNEL: '323456789012345678' }).triageChannelId, '323456789012345678');
  });

  it('names the variable that is wrong', function () {
    assert.throws(() => discordConfigFromEnv({}), /DISCORD_TOKEN: not set/u);
    assert.throws(() => discordConfigFromEnv({ DISCORD_TOKEN: 't', DISCORD_GUILD_ID: 'my-server' }), /DISCORD_GUILD_ID: expected a Discord id/u);
    assert.throws(() => discordConfigFromEnv({ DISCORD_TOKEN: 't', DISCORD_API_URL: 'discord.com' }), /DISCORD_API_URL/u);
  });
});
