import { REST } from 'discord.js';
import { describeError } from '../discord-errors';
import { type DiscordConfig, discordConfigFromEnv } from '../discord-options';
import { registerCommands } from './register-commands';

/**
 * `npm run discord:register`: puts `/mailhelp` (with its translations) into Discord, in the
 * guild DISCORD_GUILD_ID when set (instant, for trying it out), else globally. Needs
 * DISCORD_TOKEN and DISCORD_APP_ID; DISCORD_API_URL points it elsewhere (tests, proxies).
 * Returns the exit code: 0 done, 1 Discord refused, 2 configuration missing.
 */
export async function runRegister(env: NodeJS.ProcessEnv, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let options: DiscordConfig;
  try {
    options = discordConfigFromEnv(env);
  } catch (error) {
    err.write(`discord:register: ${(error as Error).message}\n`);
    return 2;
  }
  if (!options.applicationId) {
    err.write('discord:register: DISCORD_APP_ID: not set (Developer Portal → your application → General Information → Application ID)\n');
    return 2;
  }
  const rest = new REST({ ...(options.apiUrl ? { api: options.apiUrl } : {}), retries: 1 }).setToken(options.token);
  try {
    const { scope, count } = await registerCommands(rest, { applicationId: options.applicationId, ...(options.guildId ? { guildId: options.guildId } : {}) });
    out.write(`discord:register: ${count} command(s) registered ${scope === 'guild' ? `in guild ${options.guildId}` : 'globally (may take a while to appear)'}\n`);
    return 0;
  } catch (error) {
    err.write(`discord:register: Discord refused: ${describeError(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runRegister(process.env, process.stdout, process.stderr).then((code) => {
    process.exitCode = code;
  });
}
