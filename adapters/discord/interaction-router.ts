import type { ButtonInteraction, ChatInputCommandInteraction, Interaction, ModalSubmitInteraction } from 'discord.js';
import type { ConversationMode } from '../../src/config/environment';
import type { ConversationEvent, StartedEvent } from '../../src/conversation/events';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Capabilities, UserRoles } from '../../src/conversation/state';
import { otherOwner } from '../../src/conversation/runner/conversation-view';
import { type Translate, translator } from '../../src/i18n/translator';
import { checkSubject } from '../../src/conversation/parse/parse-command';
import type { ConversationKey } from '../../src/store/conversation-key';
import type { AdapterLogger } from './adapter-logger';
import { ADMIN_COMMAND_NAME, ADMIN_PERMISSION, adminCommandText } from './commands/admin-command';
import { COMMAND_NAME, TARGET_OPTION } from './commands/mailhelp-command';
import type { Conversations } from './conversation/conversations';
import type { DiscordOutput } from './conversation/discord-output';
import { type AckKind, type AnswerableInteraction, InteractionAck } from './conversation/interaction-ack';
import { type ConversationPlace, placeForReturning, placeForStart, privatePlace } from './conversation/place';
import { conversationKey, type CustomIdAction, PLATFORM, parseCustomId } from './custom-ids';
import { describeError } from './discord-errors';
import { languageOf } from './locale';
import { modalText, modalValues, startModal } from './render/modals';

export interface RouterDependencies {
  runner: ConversationRunner;
  conversations: Conversations;
  capabilities: Capabilities;
  /** When to defer an interaction nothing has answered yet (Discord's limit is 3 s). */
  ackDeadlineMs: number;
  logger: AdapterLogger;
  /** DISCORD_HELPDESK_ROLE: members with this role are help-desk staff. */
  helpDeskRoleId?: string;
  /** MAILHELP_CONVERSATION=dm: conversations go to a DM with the user, never into the channel. */
  conversationMode?: ConversationMode;
}

/**
 * Discord interactions as conversation events: `/mailhelp` starts one, a button is a choice
 * (or opens the answer box), a modal is a form or a typed answer. Every interaction gets
 * exactly one first response, within the deadline, whatever the conversation does.
 */
export class InteractionRouter {
  constructor(private readonly deps: RouterDependencies) {}

  /** The InteractionCreate listener; never throws (an error is logged, the user told by the runner). */
  async handle(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) await this.#command(interaction);
      else if (interaction.isChatInputCommand() && interaction.commandName === ADMIN_COMMAND_NAME) await this.#adminCommand(interaction);
      else if (interaction.isButton()) await this.#button(interaction);
      else if (interaction.isModalSubmit()) await this.#modal(interaction);
    } catch (error) {
      this.deps.logger.error({ interaction: interaction.id, error: describeError(error) }, 'discord: interaction failed');
    }
  }

  async #command(interaction: ChatInputCommandInteraction): Promise<void> {
    const target = interaction.options.getString(TARGET_OPTION)?.trim() ?? '';
    if (target) return this.#start(interaction, 'command', target);
    // A bare /mailhelp: the first question is a form, and a modal must be the first response.
    const ack = this.#ack(interaction, 'command', () => false);
    await ack.showModal(startModal(translator(languageOf(interaction.locale))));
  }

  /**
   * `/mailhelp-admin …`: Discord shows it only to members with Manage Server, but a server can
   * grant it to any role or member (Server Settings → Integrations), so the member's own
   * permissions decide here; a refusal is private and starts nothing.
   */
  async #adminCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (!interaction.inGuild() || !interaction.memberPermissions.has(ADMIN_PERMISSION)) {
      const ack = this.#ack(interaction, 'command', () => true);
      const text = translator(languageOf(interaction.locale))('discord-admin:refused');
      const posted = await ack.respond({ content: text }, true);
      if (!posted) await ack.followUp({ content: text }, true);
      return;
    }
    await this.#start(interaction, 'command', adminCommandText(interaction.options));
  }

  async #button(interaction: ButtonInteraction): Promise<void> {
    const parsed = parseCustomId(interaction.customId);
    if (parsed?.kind !== 'conversation') return this.#stale(interaction);
    const { key, action } = parsed;
    const output = this.#resume(key, interaction);
    const ack = this.#ack(interaction, 'component', () => output.ephemeral);
    if (!(await this.#isOwner(key, interaction, ack))) return;
    output.attach(ack);
    if (action.kind === 'answer') return output.showAnswerModal(ack);
    if (action.kind !== 'choice') return this.#stale(interaction, ack);
    await this.#dispatch(key, { type: 'choice', choiceId: action.choiceId }, output, ack);
  }

  async #modal(interaction: ModalSubmitInteraction): Promise<void> {
    const parsed = parseCustomId(interaction.customId);
    if (parsed?.kind === 'start') return this.#start(interaction, 'modal', modalText(interaction.fields, 'target').trim());
    const kind: AckKind = interaction.isFromMessage() ? 'modal_from_message' : 'modal';
    if (parsed?.kind !== 'conversation') return this.#stale(interaction);
    const event = modalEvent(parsed.action, interaction);
    if (!event) return this.#stale(interaction);
    const output = this.#resume(parsed.key, interaction);
    const ack = this.#ack(interaction, kind, () => output.ephemeral);
    if (!(await this.#isOwner(parsed.key, interaction, ack))) return;
    output.attach(ack);
    await this.#dispatch(parsed.key, event, output, ack);
  }

  /**
   * In a public thread anyone can press the buttons; only the person who asked may answer
   * (a sign-in form for someone else's account must never open). Others get a private note,
   * and their interaction is not attached to the conversation, so nothing of it goes through them.
   */
  async #isOwner(key: ConversationKey, interaction: ButtonInteraction | ModalSubmitInteraction, ack: InteractionAck): Promise<boolean> {
    const owner = otherOwner(await this.deps.runner.conversation(key).catch(() => undefined), interaction.user.id);
    if (owner === undefined) return true;
    const text = translator(languageOf(interaction.locale))('discord:not_yours', { user: `<@${owner}>` });
    const posted = await ack.respond({ content: text }, true);
    if (!posted) await ack.followUp({ content: text }, true);
    return false;
  }

  /**
   * A new conversation, keyed by the interaction that started it, in the channel it came from.
   * A start that opens no conversation (help, a language, a limit that holds, a channel command)
   * is answered with ephemeral replies only, and no thread is made for it.
   */
  async #start(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, kind: AckKind, text: string): Promise<void> {
    const key = conversationKey(interaction.channelId ?? interaction.user.id, interaction.id);
    const t = translator(languageOf(interaction.locale));
    let output: DiscordOutput | undefined;
    // Until the runner has said whether this start is private, a deferred answer is private too.
    const ack = this.#ack(interaction, kind, () => output?.ephemeral ?? true);
    // The guild is the "workspace" the rate limits count per; a DM counts as no guild.
    const user = { id: interaction.user.id, name: interaction.user.displayName, ...(interaction.guildId ? { workspace: interaction.guildId } : {}) };
    const roles = rolesOf(interaction, this.deps.helpDeskRoleId);
    const started: StartedEvent = { type: 'started', user, text, locale: interaction.locale, capabilities: this.deps.capabilities, roles };
    const prepared = await this.deps.runner.prepareStart(PLATFORM, started);
    const inChannel = placeForStart(interaction, {
      threadName: threadName(t, text, new Date()),
      rootText: t('chat:discord.root', { user: `<@${interaction.user.id}>` }),
      rootUser: interaction.user.id,
    });
    const wantsDm = prepared.opensConversation && inChannel.inGuild && this.deps.conversationMode === 'dm';
    const place = !prepared.opensConversation ? privatePlace(inChannel) : wantsDm ? await this.#dmPlace(interaction, inChannel, ack, t) : inChannel;
    output = this.deps.conversations.start(key, place);
    output.attach(ack);
    await this.#dispatch(key, prepared.event, output, ack);
  }

  /**
   * MAILHELP_CONVERSATION=dm: the conversation goes to a DM with the user, and the channel hears
   * nothing; the command itself is answered with a private pointer. A user who takes no DMs
   * from the server gets the conversation in ephemeral replies instead (private as well).
   */
  async #dmPlace(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, inChannel: ConversationPlace, ack: InteractionAck, t: Translate): Promise<ConversationPlace> {
    try {
      const dm = await interaction.user.createDM();
      await ack.respond({ content: t('chat:discord.moved_to_dm') }, true);
      return { channelId: dm.id, thread: 'none', ephemeral: false, channelPostable: true, inGuild: false, threadName: '' };
    } catch (error) {
      this.deps.logger.info({ interaction: interaction.id, error: describeError(error) }, 'discord: no DM with the user; private replies instead');
      return privatePlace(inChannel);
    }
  }

  async #dispatch(key: ConversationKey, event: ConversationEvent, output: DiscordOutput, ack: InteractionAck): Promise<void> {
    try {
      await this.deps.runner.handle(key, event, output);
    } finally {
      await ack.settle('finished');
    }
  }

  /** A button or modal that belongs to no conversation we can find: say so, privately. */
  async #stale(interaction: AnswerableInteraction, existing?: InteractionAck): Promise<void> {
    const ack = existing ?? this.#ack(interaction, interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage()) ? 'component' : 'modal', () => true);
    const text = translator(languageOf(interaction.locale))('discord:stale_button');
    const posted = await ack.respond({ content: text }, true);
    if (!posted) await ack.followUp({ content: text }, true);
  }

  #resume(key: ConversationKey, interaction: ButtonInteraction | ModalSubmitInteraction): DiscordOutput {
    return this.deps.conversations.resume(key, (): ConversationPlace => placeForReturning(interaction));
  }

  #attach(output: DiscordOutput, interaction: AnswerableInteraction, kind: AckKind): InteractionAck {
    const ack = this.#ack(interaction, kind, () => output.ephemeral);
    output.attach(ack);
    return ack;
  }

  #ack(interaction: AnswerableInteraction, kind: AckKind, ephemeral: () => boolean): InteractionAck {
    return new InteractionAck(interaction, kind, { deadlineMs: this.deps.ackDeadlineMs, ephemeral, logger: this.deps.logger });
  }
}

/**
 * What the member may do, from the interaction itself (no API call): Manage Server makes an admin
 * (the same permission the admin command's default_member_permissions asks for), the configured
 * role help-desk staff. In a DM nobody is either.
 */
function rolesOf(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, helpDeskRoleId: string | undefined): UserRoles {
  if (!interaction.inGuild()) return { admin: false, helpDesk: false };
  const admin = interaction.memberPermissions.has(ADMIN_PERMISSION);
  const memberRoles = interaction.member.roles;
  const hasRole = helpDeskRoleId !== undefined && (Array.isArray(memberRoles) ? memberRoles.includes(helpDeskRoleId) : memberRoles.cache.has(helpDeskRoleId));
  return { admin, helpDesk: admin || hasRole };
}

/** "Mail check · acme.com · 10:42 UTC": what is checked and when, never who or which address. */
function threadName(t: Translate, target: string, at: Date): string {
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(at);
  const subject = checkSubject(target);
  return subject ? t('chat:discord.thread_name', { subject, time }) : t('chat:discord.thread_name_plain', { time });
}

function modalEvent(action: CustomIdAction, interaction: ModalSubmitInteraction): ConversationEvent | undefined {
  if (action.kind === 'answer_modal') return { type: 'text', text: modalText(interaction.fields, 'answer') };
  if (action.kind === 'form') return { type: 'form_submitted', formId: action.formId, values: modalValues(interaction.fields) };
  return undefined;
}
