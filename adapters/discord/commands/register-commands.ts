import { type REST, Routes } from 'discord.js';
import { mailhelpCommands } from './mailhelp-command';

export interface RegisterTarget {
  applicationId: string;
  /** DISCORD_GUILD_ID: register in this guild only (instant, for development); otherwise globally. */
  guildId?: string;
}

/**
 * Replaces the bot's commands with `/mailhelp` (a bulk overwrite, so a renamed or removed
 * command disappears too). Guild commands update at once; global ones can take a while to
 * show up in every client.
 */
export async function registerCommands(rest: REST, target: RegisterTarget): Promise<{ scope: 'guild' | 'global'; count: number }> {
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  const registered = (await rest.put(route, { body: mailhelpCommands() })) as unknown[];
  return { scope: target.guildId ? 'guild' : 'global', count: registered.length };
}
