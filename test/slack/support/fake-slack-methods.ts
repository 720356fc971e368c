import type { FakeState } from './fake-slack-api';

/** What a Web API method needs from the fake to answer. */
export interface FakeContext {
  state: FakeState;
  botToken: string;
  appToken: string;
  socketMode: { url(): string };
}

type Body = Record<string, any>;

const TRIGGER_TTL_MS = 3000;

function error(code: string): Body {
  return { ok: false, error: code };
}

/** Slack's ts: seconds, a dot, six digits; unique and increasing within the fake. */
function nextTs(state: FakeState): string {
  state.lastTs = Math.max(state.lastTs + 1, Date.now() * 1000);
  const micros = String(state.lastTs);
  return `${micros.slice(0, -6)}.${micros.slice(-6)}`;
}

/** Membership checks as Slack makes them before a post. */
function cannotPost(state: FakeState, channel: string): Body | undefined {
  const known = state.channels.get(channel);
  if (!known) return error('channel_not_found');
  if (known.archived) return error('is_archived');
  if (!known.member) return error('not_in_channel');
  return undefined;
}

/** The default answer of each method the adapter uses, with the errors Slack would give. */
export function slackAnswer(fake: FakeContext, method: string, args: Body, token: string | undefined): Body {
  const { state } = fake;
  if (method === 'apps.connections.open') {
    return token === fake.appToken ? { ok: true, url: fake.socketMode.url() } : error('not_allowed_token_type');
  }
  if (token !== fake.botToken) return error('invalid_auth');
  switch (method) {
    case 'auth.test':
      return { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'mailhelp', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT', is_enterprise_install: false };
    case 'chat.postMessage': {
      if (!args.text && !args.blocks) return error('no_text');
      const refused = cannotPost(state, args.channel);
      if (refused) return refused;
      const ts = nextTs(state);
      const message = { channel: args.channel, ts, text: args.text, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) };
      state.messages.set(`${args.channel}/${ts}`, message);
      return { ok: true, channel: args.channel, ts, message: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', app_id: 'A0APP', ...message, blocks: args.blocks } };
    }
    case 'chat.update': {
      const existing = state.messages.get(`${args.channel}/${args.ts}`);
      if (!existing) return error('message_not_found');
      existing.text = args.text;
      return { ok: true, channel: args.channel, ts: args.ts, text: args.text, message: { ...existing, edited: { user: 'U0BOT', ts: nextTs(state) } } };
    }
    case 'chat.postEphemeral': {
      const refused = cannotPost(state, args.channel);
      return refused ?? { ok: true, message_ts: nextTs(state) };
    }
    case 'chat.getPermalink':
      return { ok: true, channel: args.channel, permalink: `https://fake.slack.test/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}` };
    case 'conversations.open': {
      const id = `D${String(args.users)}`;
      state.channels.set(id, { member: true });
      return { ok: true, channel: { id } };
    }
    case 'users.info': {
      const user = state.users.get(args.user);
      if (!user) return error('user_not_found');
      return { ok: true, user: { id: args.user, team_id: 'T0FAKE', name: user.name, real_name: user.name, is_bot: false, ...(args.include_locale === 'true' || args.include_locale === true ? { locale: user.locale } : {}) } };
    }
    case 'views.open': {
      const trigger = state.triggers.get(args.trigger_id);
      if (!trigger) return error('invalid_trigger_id');
      if (trigger.used || Date.now() - trigger.issuedAt > TRIGGER_TTL_MS) return error('expired_trigger_id');
      trigger.used = true;
      return { ok: true, view: { id: `V${nextTs(state).replace('.', '')}`, hash: 'h1', state: { values: {} }, ...args.view } };
    }
    default:
      return error('unknown_method');
  }
}
