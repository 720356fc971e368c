import { snowflake } from './snowflakes';

/**
 * The Discord objects the fake serves, with the fields discord.js 14.28 reads (found by
 * leaving them out, see shared/reference/adapter-testing.md §2). Plain JSON, like the API.
 */
export type Json = Record<string, unknown>;

export const ALL_PERMISSIONS = '2251799813685247';

export interface FakeIds {
  appId: string;
  botId: string;
  guildId: string;
  channelId: string;
  triageChannelId: string;
  userId: string;
  dmChannelId: string;
}

export function newIds(): FakeIds {
  return {
    appId: snowflake(),
    botId: snowflake(),
    guildId: snowflake(),
    channelId: snowflake(),
    triageChannelId: snowflake(),
    userId: snowflake(),
    dmChannelId: snowflake(),
  };
}

/** A role of the fake guild without permissions of its own (DISCORD_HELPDESK_ROLE in tests). */
export const HELP_DESK_ROLE_ID = '345678901234567890';

export function userObject(id: string, username: string, bot = false): Json {
  return { id, username, discriminator: '0', global_name: bot ? null : username[0]?.toUpperCase() + username.slice(1), avatar: null, bot, public_flags: 0 };
}

export function textChannel(id: string, guildId: string, name: string): Json {
  return { id, type: 0, guild_id: guildId, name, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, rate_limit_per_user: 0, last_message_id: null };
}

export function threadChannel(id: string, guildId: string, parentId: string, name: string, ownerId: string): Json {
  return {
    id,
    type: 11,
    guild_id: guildId,
    parent_id: parentId,
    name,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false, create_timestamp: new Date().toISOString() },
  };
}

export function dmChannel(id: string, user: Json): Json {
  return { id, type: 1, last_message_id: null, recipients: [user] };
}

/** `threads`: the active threads, which Discord sends in GUILD_CREATE to a new connection too. */
export function guildCreate(ids: FakeIds, bot: Json, channels: Json[], threads: Json[] = []): Json {
  return {
    id: ids.guildId,
    name: 'Help desk',
    icon: null,
    owner_id: ids.userId,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    roles: [
      { id: ids.guildId, name: '@everyone', permissions: ALL_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      { id: HELP_DESK_ROLE_ID, name: 'help desk', permissions: '0', position: 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    stickers: [],
    channels,
    threads,
    members: [{ user: bot, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: new Date().toISOString(),
    premium_progress_bar_enabled: false,
  };
}

export interface MessageOrigin {
  interactionId: string;
  interactionType: number;
  user: Json;
  guildId?: string;
}

/** A message as the API returns it; `origin` adds the interaction metadata discord.js requires. */
export function messageObject(channelId: string, author: Json, body: Json, origin?: MessageOrigin): Json {
  const message: Json = {
    id: snowflake(),
    channel_id: channelId,
    author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    pinned: false,
    type: origin ? 20 : 0,
    flags: typeof body.flags === 'number' ? body.flags : 0,
  };
  if (origin) {
    message.interaction_metadata = {
      id: origin.interactionId,
      type: origin.interactionType,
      user: origin.user,
      authorizing_integration_owners: origin.guildId ? { '0': origin.guildId } : { '1': origin.user.id },
    };
  }
  return message;
}

/** Applies an edit (PATCH or an UPDATE_MESSAGE callback): only the fields sent change. */
export function editMessage(message: Json, body: Json): Json {
  for (const field of ['content', 'embeds', 'components', 'flags'] as const) {
    if (field in body) message[field] = body[field];
  }
  message.edited_timestamp = new Date().toISOString();
  return message;
}
