import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { translator } from '../../../src/i18n/translator';
import { localizations } from '../locale';

export const ADMIN_COMMAND_NAME = 'mailhelp-admin';

/** The permission that makes a member an admin of mailhelp: what the command asks for, and what the router checks. */
export const ADMIN_PERMISSION = PermissionFlagsBits.ManageGuild;

const t = translator('en');

/**
 * A subcommand's or option's name (the default, which Discord sends back whatever the member's
 * language) with its translations and description from locales/<lang>/discord-admin.json.
 */
function worded(name: string, description = name) {
  return {
    name,
    name_localizations: localizations(`discord-admin:command.${name}_name`),
    description: t(`discord-admin:command.${description}_description`),
    description_localizations: localizations(`discord-admin:command.${description}_description`),
  };
}

/**
 * `/mailhelp-admin watch|unwatch|forget`: the commands only admins may run, apart from
 * `/mailhelp` so that Discord shows them only to members with Manage Server
 * (`default_member_permissions`). A server can grant the command to other roles in Server
 * Settings → Integrations, so the router checks the member's permissions on every interaction too.
 * Servers only: in a DM nobody is an admin.
 */
export function adminCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const target = (description: string) => ({ type: ApplicationCommandOptionType.String as const, ...worded('target', description), required: true, max_length: 254 });
  return {
    type: ApplicationCommandType.ChatInput,
    name: ADMIN_COMMAND_NAME,
    description: t('discord-admin:command.description'),
    description_localizations: localizations('discord-admin:command.description'),
    default_member_permissions: String(ADMIN_PERMISSION),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        ...worded('watch'),
        options: [target('target'), { type: ApplicationCommandOptionType.String, ...worded('interval'), required: false, max_length: 20 }],
      },
      { type: ApplicationCommandOptionType.Subcommand, ...worded('unwatch'), options: [target('unwatch_target')] },
      {
        type: ApplicationCommandOptionType.Subcommand,
        ...worded('forget'),
        options: [{ type: ApplicationCommandOptionType.User, ...worded('user'), required: true }],
      },
    ],
  };
}

/**
 * The interaction as the text `/mailhelp` would have carried (`watch imap.acme.com:993 10m`), so
 * the conversation parses and checks it as on every platform. Discord sends the default
 * (English) names of subcommands and options whatever the member's language.
 */
export function adminCommandText(options: ChatInputCommandInteraction['options']): string {
  const subcommand = options.getSubcommand(true);
  if (subcommand === 'forget') return `forget <@${String(options.get('user', true).value)}>`;
  const target = options.getString('target', true).trim();
  const interval = options.getString('interval')?.trim();
  return [subcommand, target, ...(interval ? [interval] : [])].join(' ');
}
