import { discordOptionsFromEnv, startDiscord } from '../../adapters/discord/start-discord';
import { slackOptionsFromEnv, startSlack } from '../../adapters/slack/start-slack';
import { diagnoseOptionsFromEnv } from '../config/environment';
import { diagnose } from '../diagnosis/diagnose';
import { createDiscover } from '../discovery/discover';
import { runConsoleChat } from './console-chat';
import type { CommandIo } from './diagnose-command';

/**
 * `mailhelp start` (`npm start`): the chat adapters whose tokens are configured, or the console
 * chat in this terminal when none are.
 */
export async function runStart(_argv: string[], io: CommandIo): Promise<number> {
  const diagnoseOptions = diagnoseOptionsFromEnv(io.env);
  const discover = createDiscover(diagnoseOptions);
  // Each chat adapter that is configured runs until SIGTERM/SIGINT; its promise gives the exit code.
  const chats: Promise<number>[] = [];
  if (io.env.SLACK_BOT_TOKEN) chats.push((await startSlack(slackOptionsFromEnv(io.env, { diagnose, discover, diagnoseOptions }))).closed);
  if (io.env.DISCORD_TOKEN) chats.push((await startDiscord(discordOptionsFromEnv(io.env, { diagnose, discover, diagnoseOptions }))).closed);
  if (chats.length > 0) return Math.max(...(await Promise.all(chats)));
  return runConsoleChat(io, { diagnose, discover, diagnoseOptions });
}
