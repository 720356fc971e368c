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
  const shared = { limits, store: stores.conversations, preferences: stores.preferences };
  try {
    const chats: Promise<number>[] = [];
    if (slackWanted) chats.push((await startSlack({ ...slackOptionsFromEnv(io.env, engine), ...shared })).closed);
    if (discordWanted) {
      const options = { ...discordOptionsFromEnv(io.env, engine), ...shared };
      // The password page listens on PORT; with Slack on it too, Discord uses its own modal
      // (which warns that the field is not masked) rather than fail to bind.
      if (slackWanted) delete options.publicUrl;
      chats.push((await startDiscord(options)).closed);
    }
    const code = Math.max(...(await Promise.all(chats)));
    await stores.close();
    return code;
  } catch (error) {
    await stores.close();
    if (error instanceof SlackConfigError || error instanceof DiscordConfigError) {
      throw new InvalidInputError('cli:invalid.chat_config', { detail: error.message }, error.message);
    }
    throw error;
  }
}
