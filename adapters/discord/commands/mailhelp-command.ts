import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { translator } from '../../../src/i18n/translator';
import { localizations } from '../locale';
import { adminCommand } from './admin-command';

export const COMMAND_NAME = 'mailhelp';
export const TARGET_OPTION = 'target';

/**
 * `/mailhelp [target]`, worded in every language from locales/<lang>/discord.json. The payload
 * always carries the default names (`mailhelp`, `target`); only what people read is localized.
 * Usable by everyone, in servers and in DMs with the bot. The admin-only commands are the
 * separate `/mailhelp-admin` (./admin-command), which Discord shows only to members with Manage Server.
 */
export function mailhelpCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const t = translator('en');
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      name_localizations: localizations('discord:command.name'),
      description: t('discord:command.description'),
      description_localizations: localizations('discord:command.description'),
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: TARGET_OPTION,
          name_localizations: localizations('discord:command.target_name'),
          description: t('discord:command.target_description'),
          description_localizations: localizations('discord:command.target_description'),
          required: false,
          max_length: 254,
        },
      ],
    },
    adminCommand(),
  ];
}
