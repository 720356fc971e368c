import type { APIEmbed, APIMessageTopLevelComponent } from 'discord.js';
import type { InteractionAck } from './interaction-ack';

/** A message the adapter wants to post, before it knows which route it takes. */
export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  /**
   * Only the user may see it (a one-time login link): posted only through an interaction, as
   * an ephemeral message, never with the channel API, where everyone would see it.
   */
  private?: boolean;
  /** An edit that only makes sense on the message itself: never posted again as a new one. */
  editOnly?: boolean;
}

/** A message that was posted, and how it can be edited later. */
export interface PostedMessage {
  id: string;
  channelId: string;
  /** Posted through this interaction: editable through its token while that lives. */
  ack?: InteractionAck;
  /** The interaction's own response (`@original`), not a follow-up. */
  original: boolean;
  /** Posted with the channel API: the bot can edit it there at any time. */
  viaChannel: boolean;
}

type Payload = { content?: string; embeds?: APIEmbed[]; components?: APIMessageTopLevelComponent[] };

/** A new message: what is not given is empty. */
export function createPayload(message: OutgoingMessage): Required<Payload> {
  return { content: message.content ?? '', embeds: message.embeds ?? [], components: message.components ?? [] };
}

/** An edit: only the parts given change (greying out buttons keeps the text). */
export function editPayload(message: OutgoingMessage): Payload {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    ...(message.embeds ? { embeds: message.embeds } : {}),
    ...(message.components ? { components: message.components } : {}),
  };
}

/** Bodies for the channel API; users' text never pings anyone. */
export function channelCreateBody(message: OutgoingMessage): Record<string, unknown> {
  return { ...createPayload(message), allowed_mentions: { parse: [] } };
}

export function channelEditBody(message: OutgoingMessage): Record<string, unknown> {
  return { ...editPayload(message), allowed_mentions: { parse: [] } };
}
