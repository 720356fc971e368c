import { FakeGateway } from './fake-gateway';
import { ALL_PERMISSIONS, dmChannel, type FakeIds, guildCreate, type Json, newIds, textChannel, threadChannel, userObject } from './fake-objects';
import { FakeRest } from './fake-rest';
import { type FakeState, type InteractionRecord, installRoutes } from './fake-routes';
import { interactionToken, snowflake } from './snowflakes';

export type { InteractionRecord } from './fake-routes';

export interface FakeDiscordOptions {
  /** Discord's deadline for the first response (3 s). */
  interactionTtlMs?: number;
  /** How long an interaction token works for follow-ups and edits (15 minutes). */
  tokenLifetimeMs?: number;
}

export interface CommandOptions {
  target?: string;
  /** Another command than `/mailhelp target`: its name and options as Discord sends them (subcommands nested). */
  command?: { name: string; options: Json[] };
  locale?: string;
  /** `guild` (a text channel, default), `dm`, or a channel id (a thread the fake knows). */
  where?: 'guild' | 'dm' | string;
  /** The bot's permissions in the channel (default: all). */
  appPermissions?: bigint;
  /** The member's own permissions in the channel (default: all) and roles (default: none). */
  memberPermissions?: bigint;
  memberRoles?: string[];
  user?: Json;
}

/** A component or modal interaction: the message it came from and the user's locale. */
export interface FromMessage {
  messageId?: string;
  locale?: string;
  /** Only for modals not opened from a message (the first form of a slash command). */
  channelId?: string;
  appPermissions?: bigint;
  /** Who presses (default: the user who started). */
  user?: Json;
}

/**
 * Discord on loopback for the real discord.js client: REST at `apiUrl` (rest.api) and the
 * gateway it finds through GET /gateway/bot. Tests dispatch interactions as a user would
 * cause them and read back what the bot did.
 */
export class FakeDiscord {
  readonly token = 'fake-bot-token.for-tests_only';
  readonly ids: FakeIds = newIds();
  readonly bot = userObject(this.ids.botId, 'mailhelp', true);
  readonly user = userObject(this.ids.userId, 'alice');
  /** Someone else in the server, who can see and press the buttons of a public thread. */
  readonly otherUser = userObject(snowflake(), 'bob');
  readonly rest = new FakeRest();
  readonly state: FakeState;
  readonly gateway: FakeGateway;

  constructor(options: FakeDiscordOptions = {}) {
    const channels = new Map<string, Json>([
      [this.ids.channelId, textChannel(this.ids.channelId, this.ids.guildId, 'general')],
      [this.ids.triageChannelId, textChannel(this.ids.triageChannelId, this.ids.guildId, 'help-desk')],
      [this.ids.dmChannelId, dmChannel(this.ids.dmChannelId, this.user)],
    ]);
    this.gateway = new FakeGateway({
      ready: () => ({
        v: 10,
        user: this.bot,
        guilds: [{ id: this.ids.guildId, unavailable: true }],
        session_id: `session-${snowflake()}`,
        resume_gateway_url: this.gateway.url,
        application: { id: this.ids.appId, flags: 0 },
        shard: [0, 1],
      }),
      guildCreate: () => {
        const inGuild = [...this.state.channels.values()].filter((c) => c.guild_id === this.ids.guildId);
        return guildCreate(this.ids, this.bot, inGuild.filter((c) => c.type === 0), inGuild.filter((c) => c.type === 11 || c.type === 12));
      },
    });
    this.state = {
      token: this.token,
      appId: this.ids.appId,
      bot: this.bot,
      guildId: this.ids.guildId,
      interactionTtlMs: options.interactionTtlMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60 * 1000,
      channels,
      messages: new Map(),
      interactions: new Map(),
      gatewayUrl: () => this.gateway.url,
      dispatch: (type, data) => this.gateway.dispatch(type, data),
    };
    installRoutes(this.rest, this.state);
  }

  async start(): Promise<this> {
    await Promise.all([this.rest.start(), this.gateway.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.rest.stop(), this.gateway.stop()]);
  }

  get apiUrl(): string {
    return this.rest.apiUrl;
  }

  /** `/mailhelp [target]` typed by the user (or the command in `options.command`). */
  slashCommand(options: CommandOptions = {}): InteractionRecord {
    const data: Json = options.command
      ? { id: snowflake(), type: 1, ...options.command }
      : { id: snowflake(), name: 'mailhelp', type: 1, ...(options.target !== undefined ? { options: [{ name: 'target', type: 3, value: options.target }] } : {}) };
    return this.#interact(2, data, this.#channelFor(options.where), options);
  }

  /** The user presses a button on one of the bot's messages. */
  button(customId: string, from: FromMessage): InteractionRecord {
    const message = this.#message(from.messageId);
    return this.#interact(3, { custom_id: customId, component_type: 2 }, this.#channel(message.channel_id as string), from, message);
  }

  /** The user submits a modal; values by field custom id (arrays for select menus). */
  modalSubmit(customId: string, values: Record<string, string | string[]>, from: FromMessage = {}): InteractionRecord {
    const components = Object.entries(values).map(([id, value], i) => ({
      type: 18,
      id: i + 1,
      component: Array.isArray(value) ? { type: 3, id: i + 10, custom_id: id, values: value } : { type: 4, id: i + 10, custom_id: id, value },
    }));
    const message = from.messageId ? this.#message(from.messageId) : undefined;
    const channel = message ? this.#channel(message.channel_id as string) : this.#channelFor(from.channelId);
    return this.#interact(5, { custom_id: customId, components }, channel, from, message);
  }

  interaction(id: string): InteractionRecord {
    const record = this.state.interactions.get(id);
    if (!record) throw new Error(`no interaction ${id}`);
    return record;
  }

  /** Messages in a channel (or thread), oldest first. */
  messagesIn(channelId: string): Json[] {
    return [...this.state.messages.values()].filter((m) => m.channel_id === channelId);
  }

  message(id: string): Json {
    return this.#message(id);
  }

  threads(): Json[] {
    return [...this.state.channels.values()].filter((c) => c.type === 11);
  }

  /** Every button of a message: [custom_id, label, disabled]. */
  buttons(messageId: string): { customId: string; label: string; disabled: boolean }[] {
    const rows = (this.#message(messageId).components as Json[] | undefined) ?? [];
    return rows.flatMap((row) => ((row.components as Json[] | undefined) ?? []).filter((c) => c.type === 2).map((c) => ({ customId: String(c.custom_id), label: String(c.label), disabled: c.disabled === true })));
  }

  /** Calls matching, in order, from index `since`. */
  find(method: string, pattern: RegExp, since = 0): ReturnType<FakeRest['find']> {
    return this.rest.find(method, pattern, since);
  }

  /** A thread in the guild's text channel that the bot knows (as Discord would tell it). */
  addThread(name = 'questions'): string {
    const id = snowflake();
    const thread = threadChannel(id, this.ids.guildId, this.ids.channelId, name, this.ids.userId);
    this.state.channels.set(id, thread);
    this.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return id;
  }

  /** Makes every token issued so far invalid, as 15 minutes passing would. */
  expireTokens(): void {
    for (const record of this.state.interactions.values()) record.expired = true;
  }

  #interact(type: number, data: Json, channel: Json, options: { locale?: string; appPermissions?: bigint; user?: Json; memberPermissions?: bigint; memberRoles?: string[] }, message?: Json): InteractionRecord {
    const id = snowflake();
    const user = options.user ?? this.user;
    const token = interactionToken();
    const inGuild = channel.guild_id !== undefined;
    const payload: Json = {
      id,
      application_id: this.ids.appId,
      type,
      token,
      version: 1,
      data,
      channel_id: channel.id,
      channel,
      app_permissions: (options.appPermissions ?? BigInt(ALL_PERMISSIONS)).toString(),
      locale: options.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': this.ids.guildId },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10_485_760,
      ...(inGuild
        ? { guild_id: this.ids.guildId, guild_locale: 'en-US', member: { user, roles: options.memberRoles ?? [], permissions: options.memberPermissions !== undefined ? options.memberPermissions.toString() : ALL_PERMISSIONS, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } }
        : { user }),
      ...(message ? { message } : {}),
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      createdAt: Date.now(),
      channelId: channel.id as string,
      ...(inGuild ? { guildId: this.ids.guildId } : {}),
      user,
      ...(message ? { messageId: message.id as string } : {}),
      attempts: [],
      expired: false,
    };
    this.state.interactions.set(id, record);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return record;
  }

  #channelFor(where: string | undefined): Json {
    if (where === undefined || where === 'guild') return this.#channel(this.ids.channelId);
    if (where === 'dm') return this.#channel(this.ids.dmChannelId);
    return this.#channel(where);
  }

  #channel(id: string): Json {
    const channel = this.state.channels.get(id);
    if (!channel) throw new Error(`no channel ${id}`);
    return channel;
  }

  #message(id: string | undefined): Json {
    const message = this.state.messages.get(id ?? '');
    if (!message) throw new Error(`no message ${id}`);
    return message;
  }
}
