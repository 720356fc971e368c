import { editMessage, type Json, messageObject, threadChannel } from './fake-objects';
import type { Answer, FakeRest, RecordedCall } from './fake-rest';

/** An interaction the fake dispatched, and what the bot did with it. */
export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 command, 3 component, 5 modal submit. */
  type: number;
  createdAt: number;
  channelId: string;
  guildId?: string;
  user: Json;
  /** The message a component (or a modal opened from one) belongs to. */
  messageId?: string;
  /** The callback type the bot answered with (4, 5, 6, 7, 9), once it did. */
  callbackType?: number;
  ackedAt?: number;
  /** Every callback attempt, also refused ones: [type, ms after the interaction, status]. */
  attempts: [number, number, number][];
  originalMessageId?: string;
  /** The modal shown (callback type 9). */
  modal?: Json;
  /** Set by a test: the token is past its 15 minutes. */
  expired: boolean;
}

export interface FakeState {
  token: string;
  appId: string;
  bot: Json;
  guildId: string;
  interactionTtlMs: number;
  tokenLifetimeMs: number;
  channels: Map<string, Json>;
  messages: Map<string, Json>;
  interactions: Map<string, InteractionRecord>;
  gatewayUrl(): string;
  dispatch(type: string, data: Json): void;
}

const UNKNOWN_INTERACTION: Answer = [404, { message: 'Unknown interaction', code: 10062 }];
const ALREADY_ACKNOWLEDGED: Answer = [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
const UNKNOWN_WEBHOOK: Answer = [404, { message: 'Unknown Webhook', code: 10015 }];
const INVALID_WEBHOOK_TOKEN: Answer = [401, { message: 'Invalid Webhook Token', code: 50027 }];
const UNKNOWN_MESSAGE: Answer = [404, { message: 'Unknown Message', code: 10008 }];
const UNKNOWN_CHANNEL: Answer = [404, { message: 'Unknown Channel', code: 10003 }];
const UNAUTHORIZED: Answer = [401, { message: '401: Unauthorized', code: 0 }];
const EPHEMERAL = 64;
const LOADING = 128;

/** Discord's rules for the routes the adapter uses (adapter-testing.md §2.4). */
export function installRoutes(rest: FakeRest, state: FakeState): void {
  const botOnly = (route: (call: RecordedCall, params: string[]) => Answer) => (call: RecordedCall, params: string[]): Answer =>
    call.auth === `Bot ${state.token}` ? route(call, params) : UNAUTHORIZED;

  rest.route('GET', /^\/gateway\/bot$/u, botOnly(() => [200, { url: state.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }]));
  rest.route('PUT', /^\/applications\/(\d+)(?:\/guilds\/\d+)?\/commands$/u, botOnly((call) => [200, (call.body as Json[]).map((c, i) => ({ ...c, id: `${Date.now()}${i}`, application_id: state.appId, version: '1' }))]));
  rest.route('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/u, (call, [id, token]) => callback(state, call, id ?? '', token ?? ''));
  rest.route('POST', /^\/webhooks\/\d+\/([^/]+)$/u, (call, [token]) => withToken(state, token ?? '', (record) => followUp(state, record, call.body as Json)));
  rest.route('PATCH', /^\/webhooks\/\d+\/([^/]+)\/messages\/([^/]+)$/u, (call, [token, id]) =>
    withToken(state, token ?? '', (record) => editWebhookMessage(state, record, id ?? '', call.body as Json)),
  );
  rest.route('GET', /^\/webhooks\/\d+\/([^/]+)\/messages\/([^/]+)$/u, (_call, [token, id]) =>
    withToken(state, token ?? '', (record) => {
      const message = state.messages.get(id === '@original' ? (record.originalMessageId ?? '') : (id ?? ''));
      return message ? [200, message] : UNKNOWN_MESSAGE;
    }),
  );
  rest.route('POST', /^\/channels\/(\d+)\/messages$/u, botOnly((call, [channelId]) => {
    if (!state.channels.has(channelId ?? '')) return UNKNOWN_CHANNEL;
    const message = messageObject(channelId ?? '', state.bot, call.body as Json);
    state.messages.set(message.id as string, message);
    return [200, message];
  }));
  rest.route('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/u, botOnly((call, [, messageId]) => {
    const message = state.messages.get(messageId ?? '');
    return message ? [200, editMessage(message, call.body as Json)] : UNKNOWN_MESSAGE;
  }));
  rest.route('POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/u, botOnly((call, [channelId, messageId]) => startThread(state, call.body as Json, channelId ?? '', messageId ?? '')));
  // A DM with the user (user.createDM()); Discord answers with the same channel every time.
  rest.route('POST', /^\/users\/@me\/channels$/u, botOnly((call) => {
    const recipient = String((call.body as Json).recipient_id ?? '');
    const dm = [...state.channels.values()].find((c) => c.type === 1 && ((c.recipients as Json[] | undefined) ?? []).some((u) => u.id === recipient));
    return dm ? [200, dm] : [400, { message: 'Cannot send messages to this user', code: 50007 }];
  }));
  rest.route('GET', /^\/channels\/(\d+)$/u, botOnly((_call, [channelId]) => {
    const channel = state.channels.get(channelId ?? '');
    return channel ? [200, channel] : UNKNOWN_CHANNEL;
  }));
}

function callback(state: FakeState, call: RecordedCall, id: string, token: string): Answer {
  const record = state.interactions.get(id);
  if (!record || record.token !== token) return UNKNOWN_INTERACTION;
  const body = call.body as { type: number; data?: Json };
  const answer = acknowledge(state, record, body);
  record.attempts.push([body.type, Date.now() - record.createdAt, answer[0]]);
  if (answer[0] !== 204 || call.query.get('with_response') !== 'true') return answer;
  const message = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
  const flags = typeof message?.flags === 'number' ? message.flags : 0;
  return [
    200,
    {
      interaction: {
        id: record.id,
        type: record.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: (flags & LOADING) !== 0,
        response_message_ephemeral: (flags & EPHEMERAL) !== 0,
      },
      resource: { type: body.type, ...(message && body.type !== 6 ? { message } : {}) },
    },
  ];
}

function acknowledge(state: FakeState, record: InteractionRecord, body: { type: number; data?: Json }): Answer {
  if (Date.now() - record.createdAt > state.interactionTtlMs) return UNKNOWN_INTERACTION;
  if (record.callbackType !== undefined) return ALREADY_ACKNOWLEDGED;
  const data = body.data ?? {};
  const fromMessage = record.messageId !== undefined;
  if ((body.type === 6 || body.type === 7) && !fromMessage) return [400, { message: 'Invalid interaction application command', code: 50035 }];
  if (body.type === 9 && record.type === 5) return [400, { message: 'Invalid Form Body', code: 50035 }];
  record.callbackType = body.type;
  record.ackedAt = Date.now();
  let message: Json | undefined;
  switch (body.type) {
    case 4:
    case 5: {
      const flags = ((data.flags as number | undefined) ?? 0) | (body.type === 5 ? LOADING : 0);
      message = messageObject(record.channelId, state.bot, { ...data, flags }, { interactionId: record.id, interactionType: record.type, user: record.user, ...(record.guildId ? { guildId: record.guildId } : {}) });
      state.messages.set(message.id as string, message);
      record.originalMessageId = message.id as string;
      break;
    }
    case 6:
    case 7:
      record.originalMessageId = record.messageId;
      message = state.messages.get(record.messageId ?? '');
      if (body.type === 7 && message) editMessage(message, data);
      break;
    case 9:
      record.modal = data;
      break;
  }
  return [204];
}

function withToken(state: FakeState, token: string, action: (record: InteractionRecord) => Answer): Answer {
  const record = [...state.interactions.values()].find((r) => r.token === token);
  if (!record || record.callbackType === undefined || record.callbackType === 9) return UNKNOWN_WEBHOOK;
  if (record.expired || Date.now() - (record.ackedAt ?? 0) > state.tokenLifetimeMs) return INVALID_WEBHOOK_TOKEN;
  return action(record);
}

function followUp(state: FakeState, record: InteractionRecord, body: Json): Answer {
  const message = messageObject(record.channelId, state.bot, body, { interactionId: record.id, interactionType: record.type, user: record.user, ...(record.guildId ? { guildId: record.guildId } : {}) });
  state.messages.set(message.id as string, message);
  return [200, message];
}

function editWebhookMessage(state: FakeState, record: InteractionRecord, id: string, body: Json): Answer {
  const message = state.messages.get(id === '@original' ? (record.originalMessageId ?? '') : id);
  if (!message) return UNKNOWN_MESSAGE;
  // The first edit of a deferred reply replaces the "thinking…" state; ephemeral stays as it was.
  if (typeof message.flags === 'number' && message.flags & LOADING) message.flags &= EPHEMERAL;
  return [200, editMessage(message, body)];
}

function startThread(state: FakeState, body: Json, channelId: string, messageId: string): Answer {
  const message = state.messages.get(messageId);
  const channel = state.channels.get(channelId);
  if (!message || message.channel_id !== channelId || !channel) return UNKNOWN_MESSAGE;
  if (typeof message.flags === 'number' && message.flags & EPHEMERAL) return [400, { message: 'Cannot execute action on this channel type', code: 50024 }];
  if (channel.type !== 0 && channel.type !== 5) return [400, { message: 'Cannot execute action on this channel type', code: 50024 }];
  if (state.channels.has(messageId)) return [400, { message: 'A thread has already been created for this message', code: 160004 }];
  const thread = threadChannel(messageId, state.guildId, channelId, String(body.name ?? 'thread'), state.bot.id as string);
  if (typeof body.auto_archive_duration === 'number') (thread.thread_metadata as Json).auto_archive_duration = body.auto_archive_duration;
  state.channels.set(messageId, thread);
  state.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
  return [201, thread];
}
