import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { DEFAULT_COMMAND } from '../../adapters/slack/handlers/command-handler';
import { BOT_EVENTS, requiredBotScopes, WEB_API_METHODS } from '../../adapters/slack/web-api-scopes';

const ROOT = join(__dirname, '..', '..');
const ADAPTER = join(ROOT, 'adapters', 'slack');

interface Manifest {
  display_information: { name: string };
  features: { bot_user: { display_name: string }; slash_commands: { command: string; should_escape?: boolean; url?: string }[]; app_home: { messages_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

function adapterSource(dir = ADAPTER): string {
  return readdirSync(dir)
    .map((entry) => join(dir, entry))
    .map((path) => (statSync(path).isDirectory() ? adapterSource(path) : path.endsWith('.ts') ? readFileSync(path, 'utf8') : ''))
    .join('\n');
}

/** `client.chat.postMessage(` and the like: the Web API methods the adapter calls itself. */
function methodsCalled(source: string): string[] {
  const found = [...source.matchAll(/\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\(/g)].map((m) => m[1] ?? '');
  return [...new Set(found)].sort();
}

/** Methods Bolt calls on the adapter's behalf (not in our source). */
const CALLED_BY_BOLT = ['auth.test', 'apps.connections.open'];

describe('slack adapter: manifest.yml', () => {
  const manifest = load(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;
  const source = adapterSource();

  it('declares the slash command the adapter listens to, escaped (mentions keep their user id; addresses are unwrapped)', () => {
    assert.deepEqual(manifest.features.slash_commands.map((c) => c.command), [DEFAULT_COMMAND]);
    assert.equal(manifest.features.slash_commands[0]?.should_escape, true);
    assert.ok(manifest.display_information.name && manifest.features.bot_user.display_name);
  });

  it('asks for exactly the bot scopes that the methods called and the events subscribed need', () => {
    assert.deepEqual([...manifest.oauth_config.scopes.bot].sort(), requiredBotScopes());
  });

  it('the code calls no Web API method missing from the scope table, and every listed one is called', () => {
    const called = methodsCalled(source);
    assert.deepEqual(called, Object.keys(WEB_API_METHODS).filter((m) => !CALLED_BY_BOLT.includes(m)).sort());
  });

  it('subscribes to the message events the thread replies come from, and the code listens to them', () => {
    assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), Object.keys(BOT_EVENTS).sort());
    assert.match(source, /app\.event\('message'/);
    assert.doesNotMatch(source, /app\.event\('(?!message')/, 'an event the manifest does not subscribe to');
  });

  it('turns on interactivity (buttons, modals), Socket Mode, and the DM the fallback moves to', () => {
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.equal(manifest.settings.socket_mode_enabled, true);
    assert.equal(manifest.features.app_home.messages_tab_enabled, true);
  });
});
