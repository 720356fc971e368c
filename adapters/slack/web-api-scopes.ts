/**
 * Every Web API method the adapter calls, with the bot scopes it needs, and every event it
 * subscribes to with the scope that delivers it. manifest.yml must ask for exactly these
 * (test/slack/manifest.test.ts holds the two together and checks the code calls nothing else).
 */
export const WEB_API_METHODS: Readonly<Record<string, readonly string[]>> = {
  /** Bolt, at start: who the bot is (to ignore its own messages). */
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.open': ['im:write'],
  'users.info': ['users:read'],
  /** Channel commands: help-desk staff are the triage channel's members, or a user group's. */
  'conversations.members': ['channels:read', 'groups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'views.open': [],
  /** Socket Mode only, with the app-level token (scope connections:write, not a bot scope). */
  'apps.connections.open': [],
};

/** `/mailhelp` itself. */
export const COMMAND_SCOPES: readonly string[] = ['commands'];

/** Thread replies, in each kind of conversation a thread can be in. */
export const BOT_EVENTS: Readonly<Record<string, string>> = {
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
};

export function requiredBotScopes(): string[] {
  const scopes = new Set<string>([...COMMAND_SCOPES, ...Object.values(WEB_API_METHODS).flat(), ...Object.values(BOT_EVENTS)]);
  return [...scopes].sort();
}
