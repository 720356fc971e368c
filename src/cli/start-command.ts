import { DiscordConfigError } from '../../adapters/discord/discord-errors';
import { discordOptionsFromEnv, startDiscord } from '../../adapters/discord/start-discord';
import { SlackConfigError } from '../../adapters/slack/slack-errors';
import { slackOptionsFromEnv, startSlack } from '../../adapters/slack/start-slack';
import { diagnoseOptionsFromEnv } from '../config/environment';
import { diagnose } from '../diagnosis/diagnose';
import { createDiscover } from '../discovery/discover';
import { DiagnosisLimits } from '../policy/limits/diagnosis-limits';
import { limitsFromEnv } from '../policy/limits/limits-config';
import { InvalidInputError } from '../settings/invalid-input';
import type { ConversationState } from '../conversation/state';
import { createLogger } from '../logging/logger';
import { openStores } from '../store/open-stores';
import { InvalidStoreConfigError, storeConfigFromEnv } from '../store/store-config';
import { type ChannelPoster, HelpDeskServices, helpDeskConfigFromEnv } from '../commands/help-desk-services';
import { SLACK_PLATFORM } from '../../adapters/slack/thread';
import { PLATFORM as DISCORD_PLATFORM } from '../../adapters/discord/custom-ids';
import { runConsoleChat } from './console-chat';
import type { CommandIo } from './diagnose-command';

/**
 * `mailhelp start` (`npm start`): the chat adapters whose tokens are configured, or the console
 * chat in this terminal when none are.
 */
export async function runStart(_argv: string[], io: CommandIo): Promise<number> {
  const diagnoseOptions = diagnoseOptionsFromEnv(io.env);
  const discover = createDiscover(diagnoseOptions);
  const engine = { diagnose, discover, diagnoseOptions };
  const slackWanted = !!io.env.SLACK_BOT_TOKEN;
  const discordWanted = !!io.env.DISCORD_TOKEN;
  if (!slackWanted && !discordWanted) return runConsoleChat(io, engine);

  // One process, one set of limits: per-user windows and the global cap span both chats.
  const limits = new DiagnosisLimits(limitsFromEnv(io.env));
  let storeConfig;
  try {
    storeConfig = storeConfigFromEnv(io.env);
  } catch (error) {
    if (!(error instanceof InvalidStoreConfigError)) throw error;
    throw new InvalidInputError('store:invalid_config', { detail: error.message }, error.message);
  }
  // MAILHELP_STORE: memory (this process only) or one Redis shared by every process.
  const stores = await openStores<ConversationState>(storeConfig, createLogger({ base: { component: 'store' } }));
  // Watches, history and outage detection: one set per process, shared by both chats.
  const helpDesk = new HelpDeskServices(helpDeskConfigFromEnv(io.env), engine, {}, { logger: createLogger({ base: { component: 'watch' } }) });
  const shared = { limits, store: stores.conversations, preferences: stores.preferences, commands: helpDesk.commands, records: helpDesk.records, onOutage: helpDesk.onOutage };
  try {
    const chats: Promise<number>[] = [];
    const posters: Record<string, ChannelPoster> = {};
    if (slackWanted) {
      const slack = await startSlack({ ...slackOptionsFromEnv(io.env, engine), ...shared });
      posters[SLACK_PLATFORM] = (channel, message) => slack.postToChannel(channel, message);
      chats.push(slack.closed);
    }
    if (discordWanted) {
      const options = { ...discordOptionsFromEnv(io.env, engine), ...shared };
      // The password page listens on PORT; with Slack on it too, Discord uses its own modal
      // (which warns that the field is not masked) rather than fail to bind.
      if (slackWanted) delete options.publicUrl;
      const discord = await startDiscord(options);
      posters[DISCORD_PLATFORM] = (channel, message) => discord.postToChannel(channel, message);
      chats.push(discord.closed);
    }
    helpDesk.startScheduler(posters);
    const code = Math.max(...(await Promise.all(chats)));
    await helpDesk.stop();
    await stores.close();
    return code;
  } catch (error) {
    await helpDesk.stop();
    await stores.close();
    if (error instanceof SlackConfigError || error instanceof DiscordConfigError) {
      throw new InvalidInputError('cli:invalid.chat_config', { detail: error.message }, error.message);
    }
    throw error;
  }
}
