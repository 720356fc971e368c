import { type ButtonInteraction, ChannelType, type ChatInputCommandInteraction, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { THREAD_PERMISSIONS } from '../invite-permissions';

/** Where one conversation's messages go, decided when it starts and updated as Discord allows. */
export interface ConversationPlace {
  /** The thread, or the channel the command was used in. */
  channelId: string;
  /** `wanted`: the first reply starts a thread; `open`: messages go into it; `none`: replies only. */
  thread: 'wanted' | 'open' | 'none';
  /** In a shared channel without a thread the conversation is personal: only the user sees it. */
  ephemeral: boolean;
  /** The bot may post here with the channel API (its thread, a DM), not only through interactions. */
  channelPostable: boolean;
  inGuild: boolean;
  /** The server, for links to the conversation (help desk, history). */
  guildId?: string;
  threadName: string;
  /**
   * The neutral message the thread starts from, in the channel for everyone ("Mail check by
   * @alice — in the thread"): nothing personal, edited with the outcome when the check ends.
   */
  rootText?: string;
  /** The user the root names, for its outcome ("Mail check by @alice: ✓ …"). */
  rootUser?: string;
  /** A conversation picked up after a restart, in its thread: the root it started from (same id as the thread). */
  root?: { channelId: string; messageId: string };
}

/** What a new conversation's place is called: its thread's name and its neutral root message. */
export interface PlaceNames {
  threadName: string;
  rootText: string;
  rootUser: string;
}

const THREAD_PARENTS = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * A new conversation: in a server text channel where the bot may create threads, a thread
 * from the first reply; in a DM, plain replies (the DM is private already); anywhere else
 * (a thread, a forum, a voice chat, no permission) ephemeral replies.
 */
export function placeForStart(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, names: PlaceNames): ConversationPlace {
  const channelId = interaction.channelId ?? '';
  const { threadName, rootText, rootUser } = names;
  if (!interaction.inGuild()) return { channelId, thread: 'none', ephemeral: false, channelPostable: true, inGuild: false, threadName };
  const channelType = interaction.channel?.type;
  const mayThread = channelType !== undefined && THREAD_PARENTS.has(channelType) && interaction.appPermissions.has(THREAD_PERMISSIONS);
  return { channelId, thread: mayThread ? 'wanted' : 'none', ephemeral: !mayThread, channelPostable: false, inGuild: true, guildId: interaction.guildId, threadName, ...(mayThread ? { rootText, rootUser } : {}) };
}

/** An answer for the user alone (flag 64, no thread), where the command was used. A DM is private already. */
export function privatePlace(place: ConversationPlace): ConversationPlace {
  return { ...place, thread: 'none', ephemeral: place.inGuild, channelPostable: !place.inGuild && place.channelPostable };
}

/**
 * A conversation this process does not know (it restarted; the state is in the store): the
 * clicked message tells where it lives.
 */
export function placeForReturning(interaction: ButtonInteraction | ModalSubmitInteraction): ConversationPlace {
  const channelId = interaction.channelId ?? '';
  const base = { channelId, threadName: '', inGuild: interaction.inGuild(), ...(interaction.guildId ? { guildId: interaction.guildId } : {}) };
  if (!interaction.inGuild()) return { ...base, thread: 'none', ephemeral: false, channelPostable: true };
  const channel = interaction.channel;
  if (channel?.isThread()) {
    const root = channel.parentId ? { root: { channelId: channel.parentId, messageId: channel.id } } : {};
    return { ...base, thread: 'open', ephemeral: false, channelPostable: true, ...root };
  }
  const message = interaction.isButton() || interaction.isFromMessage() ? interaction.message : undefined;
  // The thread of a conversation has the id of its first message.
  const thread = message ? interaction.client.channels.cache.get(message.id) : undefined;
  if (thread?.isThread()) return { ...base, channelId: thread.id, thread: 'open', ephemeral: false, channelPostable: true, ...(message ? { root: { channelId, messageId: message.id } } : {}) };
  return { ...base, thread: 'none', ephemeral: message?.flags.has(MessageFlags.Ephemeral) ?? true, channelPostable: false };
}
