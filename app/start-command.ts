import { DiscordConfigError } from '../adapters/discord/discord-errors';
import { discordOptionsFromEnv, startDiscord } from '../adapters/discord/start-discord';
import { SlackConfigError } from '../adapters/slack/slack-errors';
import { slackOptionsFromEnv, startSlack } from '../adapters/slack/start-slack';
import { diagnoseOptionsFromEnv } from '../src/config/environment';
import { createCheckTargets } from '../src/diagnosis/check-targets';
import { diagnose } from '../src/diagnosis/diagnose';
import { createDiscover } from '../src/discovery/discover';
import { InvalidInputError } from '../src/settings/invalid-input';
import { createLogger } from '../src/logging/logger';
import { type ChannelPoster, HelpDeskServices, helpDeskConfigFromEnv } from '../src/commands/help-desk-services';
import { SLACK_PLATFORM } from '../adapters/slack/thread';
import { PLATFORM as DISCORD_PLATFORM } from '../adapters/discord/custom-ids';
import { helpDeskStores } from '../src/commands/help-desk-stores';
import { registerHelpDeskMetrics } from '../src/metrics/help-desk-metrics';
import type { Stores } from '../src/store/open-stores';
import { openProcessServices } from '../src/cli/process-services';
import { runConsoleChat } from './console-chat';
import { checkPublicUrl } from '../src/secure-login/public-url';
import type { CommandIo } from '../src/cli/diagnose-command';

/**
 * `mailhelp start` (`npm start`): the chat adapters whose tokens are configured, or the console
 * chat in this terminal when none are.
 */
export async function runStart(_argv: string[], io: CommandIo): Promise<number> {
  checkPublicUrl(io.env.MAILHELP_PUBLIC_URL);
  const diagnoseOptions = diagnoseOptionsFromEnv(io.env);
  const discover = createDiscover(diagnoseOptions);
  // The policy is checked before the sign-in question too, with the diagnosis's own options.
  const engine = { diagnose, discover, diagnoseOptions, checkTargets: createCheckTargets(diagnoseOptions) };
  const slackWanted = !!io.env.SLACK_BOT_TOKEN;
  const discordWanted = !!io.env.DISCORD_TOKEN;
  if (!slackWanted && !discordWanted) return runConsoleChat(io, engine);

  const services = await openProcessServices(io.env, createLogger({ base: { component: 'process' } }));
  const { chatOptions, stores, metrics, readiness } = services;
  // Watches, history and outage detection: one set per process, shared by both chats.
  const helpDeskConfig = helpDeskConfigFromEnv(io.env);
  const helpDesk = new HelpDeskServices(helpDeskConfig, engine, helpDeskStores(stores as Stores<unknown>, helpDeskConfig), { logger: createLogger({ base: { component: 'watch' } }) });
  helpDesk.useMetrics(registerHelpDeskMetrics(metrics.registry, helpDesk.stores.watches));
  const shared = { ...chatOptions, commands: helpDesk.commands, records: helpDesk.records, onOutage: helpDesk.onOutage };
  try {
    const chats: Promise<number>[] = [];
    const posters: Record<string, ChannelPoster> = {};
    const runners: { openConversations: number }[] = [];
    metrics.setSources({ conversationsActive: () => runners.reduce((sum, runner) => sum + runner.openConversations, 0) });
    const slackHttp = slackWanted && !io.env.SLACK_APP_TOKEN?.trim();
    const publicUrl = !!io.env.MAILHELP_PUBLIC_URL?.trim();
    // Health and metrics go on whichever listener has PORT: Slack's HTTP endpoint, the login
    // page, or their own.
    const opsOnSlack = slackHttp || (slackWanted && publicUrl);
    const opsOnDiscord = !slackWanted && publicUrl;
    if (slackWanted) {
      const slack = await startSlack({ ...slackOptionsFromEnv(io.env, engine), ...shared, deliveries: stores.deliveries, ...(opsOnSlack ? { ops: services.ops } : {}) });
      posters[SLACK_PLATFORM] = (channel, message) => slack.postToChannel(channel, message);
      readiness.push({ name: 'slack', check: () => slack.connected() });
      runners.push(slack.runner);
      chats.push(slack.closed);
    }
    if (discordWanted) {
      const options = { ...discordOptionsFromEnv(io.env, engine), ...shared, ...(opsOnDiscord ? { ops: services.ops } : {}) };
      // The password page listens on PORT; with Slack on it too, Discord uses its own modal
      // (which warns that the field is not masked) rather than fail to bind.
      if (slackWanted) delete options.publicUrl;
      const discord = await startDiscord(options);
      posters[DISCORD_PLATFORM] = (channel, message) => discord.postToChannel(channel, message);
      readiness.push({ name: 'discord', check: () => discord.connected() });
      runners.push(discord.runner);
      chats.push(discord.closed);
    }
    if (!opsOnSlack && !opsOnDiscord) await services.listenOps(portFromEnv(io.env), io.env.HOST?.trim() || '0.0.0.0');
    helpDesk.startScheduler(posters);
    const code = Math.max(...(await Promise.all(chats)));
    await helpDesk.stop();
    await services.close();
    return code;
  } catch (error) {
    await helpDesk.stop();
    await services.close();
    if (error instanceof SlackConfigError || error instanceof DiscordConfigError) {
      throw new InvalidInputError('cli:invalid.chat_config', { detail: error.message }, error.message);
    }
    throw error;
  }
}

/** PORT (default 3000), as the chats read it. */
function portFromEnv(env: NodeJS.ProcessEnv): number {
  const port = Number(env.PORT?.trim());
  return env.PORT?.trim() && Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3000;
}
