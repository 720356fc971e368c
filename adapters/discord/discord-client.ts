import { Client, GatewayIntentBits, type RESTOptions } from 'discord.js';

export interface ClientOptions {
  apiUrl?: string;
  /** REST retries of 5xx and network errors (default 3); tests use fewer. */
  restRetries?: number;
}

/**
 * The discord.js client: the Guilds intent only. Every answer comes through buttons, select
 * menus and modals, so no privileged intent (Message Content, Members) is needed and the bot
 * never reads what people type in channels. Rate limits are @discordjs/rest's job: it queues
 * per route and waits out 429s; requests are not rejected on a rate limit.
 */
export function createDiscordClient(options: ClientOptions = {}): Client {
  const rest: Partial<RESTOptions> = {
    ...(options.apiUrl ? { api: options.apiUrl } : {}),
    retries: options.restRetries ?? 3,
    timeout: 15_000,
  };
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest,
    // Text comes from users (an address, a server name): it must never ping @everyone or a role.
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
  });
}
