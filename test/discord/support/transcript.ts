import type { FakeDiscord } from './fake-discord';
import type { Json } from './fake-objects';

const EPHEMERAL = 64;

/** One message the bot left, where it is, who can see it, and how often it was edited. */
export interface DiscordTranscriptLine {
  id: string;
  place: 'channel' | 'thread' | 'dm' | 'triage' | 'modal';
  public: boolean;
  text: string;
  edits: number;
  buttons: string[];
}

/**
 * Every message of a run in the order it was created, with the text it ended with; edits are
 * counted from the REST calls that changed it (webhook or channel PATCH). Modals are listed
 * from the interaction callbacks that showed them (type 9), at the place they happened.
 */
export function discordTranscript(fake: FakeDiscord): DiscordTranscriptLine[] {
  const edits = new Map<string, number>();
  const originals = new Map<string, string>();
  for (const record of fake.state.interactions.values()) if (record.originalMessageId) originals.set(record.token, record.originalMessageId);
  for (const call of fake.rest.calls) {
    if (call.method !== 'PATCH') continue;
    const channel = /^\/channels\/\d+\/messages\/(\d+)$/u.exec(call.path);
    const webhook = /^\/webhooks\/\d+\/([^/]+)\/messages\/([^/]+)$/u.exec(call.path);
    const id = channel?.[1] ?? (webhook ? (webhook[2] === '@original' ? originals.get(webhook[1] ?? '') : webhook[2]) : undefined);
    if (id) edits.set(id, (edits.get(id) ?? 0) + 1);
  }
  const threads = new Set(fake.threads().map((t) => t.id as string));
  const messages = [...fake.state.messages.values()]
    .filter((m) => m.author && (m.author as Json).id === fake.bot.id)
    .map((m): [number, DiscordTranscriptLine] => {
      const channel = m.channel_id as string;
      const place = channel === fake.ids.triageChannelId ? 'triage' : threads.has(channel) ? 'thread' : channel === fake.ids.dmChannelId ? 'dm' : 'channel';
      const flags = typeof m.flags === 'number' ? m.flags : 0;
      const line = { id: m.id as string, place, public: (flags & EPHEMERAL) === 0 && place !== 'dm', text: textOf(m), edits: edits.get(m.id as string) ?? 0, buttons: buttonsOf(m) } as const;
      return [Date.parse(String(m.timestamp)), line];
    });
  const modals = [...fake.state.interactions.values()]
    .filter((r) => r.callbackType === 9)
    .map((r): [number, DiscordTranscriptLine] => [r.ackedAt ?? r.createdAt, { id: r.id, place: 'modal', public: false, text: String((r.modal as Json | undefined)?.title ?? ''), edits: 0, buttons: [] }]);
  // Stable: a message and a modal of the same millisecond keep the order they were found in.
  return [...messages, ...modals].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
}

function textOf(message: Json): string {
  const embeds = (message.embeds as Json[] | undefined) ?? [];
  const parts = [message.content, ...embeds.flatMap((e) => [(e.author as Json | undefined)?.name, e.title, e.description, ...((e.fields as Json[] | undefined) ?? []).flatMap((f) => [f.name, f.value])])];
  return parts.filter(Boolean).join(' ').replace(/\s+/gu, ' ').trim();
}

function buttonsOf(message: Json): string[] {
  const rows = (message.components as Json[] | undefined) ?? [];
  return rows.flatMap((row) => ((row.components as Json[] | undefined) ?? []).filter((c) => c.type === 2).map((c) => `${c.style === 1 ? '*' : ''}${String(c.label)}`));
}

export function formatDiscordTranscript(lines: readonly DiscordTranscriptLine[], width = 110): string {
  return lines
    .map((l, i) => {
      const edited = l.edits > 0 ? ` (edited ×${l.edits})` : '';
      const buttons = l.buttons.length > 0 ? ` [${l.buttons.join(' | ')}]` : '';
      const text = l.text.length > width ? `${l.text.slice(0, width - 1)}…` : l.text;
      return `${String(i + 1).padStart(2)}. ${l.place.padEnd(7)} ${l.public ? 'public ' : 'private'}${edited}: ${text}${buttons}`;
    })
    .join('\n');
}
