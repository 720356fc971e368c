import { PermissionFlagsBits } from 'discord.js';

/** What the bot needs to hold a conversation in a thread; without both it answers in replies. */
export const THREAD_PERMISSIONS = PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.SendMessagesInThreads;

/**
 * The permissions the invite URL asks for (README "Add to Discord"): see the channel, post the
 * first reply and the help-desk report with embeds, and hold the conversation in a thread.
 * Interaction replies need none of them; nothing more is asked for.
 */
export const INVITE_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | THREAD_PERMISSIONS;
