import type { RecordedCall } from './fake-slack-api';
import { allText } from './slack-harness';

/** Where a message of the bot showed, and who could see it. */
export type SlackPlace = 'channel' | 'thread' | 'ephemeral' | 'modal' | 'triage';

/** One message the bot showed, with its last text and how often it was edited in place. */
export interface SlackTranscriptLine {
  place: SlackPlace;
  /** Everyone in the channel could see it (a root, a thread reply); false for ephemerals and modals. */
  public: boolean;
  ts?: string;
  text: string;
  edits: number;
  buttons: string[];
}

/**
 * The messages of a recorded run as a person would have seen them: posts and ephemerals in
 * order, each with the text it ended with (chat.update folded into the message it edited).
 * For assertions on what is public and how many messages one check costs, and the closing note.
 */
export function slackTranscript(calls: readonly RecordedCall[], triageChannel = 'C0TRIAGE'): SlackTranscriptLine[] {
  const lines: SlackTranscriptLine[] = [];
  const byTs = new Map<string, SlackTranscriptLine>();
  for (const call of calls) {
    switch (call.method) {
      case 'chat.postMessage': {
        const place: SlackPlace = call.args.channel === triageChannel ? 'triage' : call.args.thread_ts ? 'thread' : 'channel';
        const line = { place, public: true, ts: call.answer.ts, text: messageText(call.args), edits: 0, buttons: buttonsOf(call.args.blocks) };
        lines.push(line);
        if (call.answer.ts) byTs.set(call.answer.ts, line);
        break;
      }
      case 'chat.postEphemeral':
        lines.push({ place: 'ephemeral', public: false, text: messageText(call.args), edits: 0, buttons: buttonsOf(call.args.blocks) });
        break;
      case 'response_url': {
        const replaces = call.args.replace_original === true;
        const isPublic = call.args.response_type === 'in_channel';
        if (replaces && lines.length > 0 && !lines[lines.length - 1]!.public) {
          const last = lines[lines.length - 1]!;
          last.text = messageText(call.args);
          last.edits += 1;
        } else lines.push({ place: isPublic ? 'channel' : 'ephemeral', public: isPublic, text: messageText(call.args), edits: 0, buttons: buttonsOf(call.args.blocks) });
        break;
      }
      case 'views.open':
        lines.push({ place: 'modal', public: false, text: allText(call.args.view?.title), edits: 0, buttons: [] });
        break;
      case 'chat.update': {
        const line = byTs.get(call.args.ts);
        if (line) {
          line.text = messageText(call.args);
          line.edits += 1;
          line.buttons = buttonsOf(call.args.blocks);
        }
        break;
      }
    }
  }
  return lines;
}

function messageText(args: Record<string, any>): string {
  return (Array.isArray(args.blocks) && args.blocks.length > 0 ? allText(args.blocks) : String(args.text ?? '')).replace(/\s+/gu, ' ').trim();
}

function buttonsOf(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((b: any) => (b.type === 'actions' ? (b.elements ?? []).filter((e: any) => e.type === 'button').map((e: any) => `${e.style === 'primary' ? '*' : ''}${e.text?.text ?? ''}`) : []));
}

/** The transcript as numbered lines for a person (the closing note, a failing assertion). */
export function formatTranscript(lines: readonly SlackTranscriptLine[], width = 110): string {
  return lines
    .map((l, i) => {
      const edited = l.edits > 0 ? ` (edited ×${l.edits})` : '';
      const buttons = l.buttons.length > 0 ? ` [${l.buttons.join(' | ')}]` : '';
      const text = l.text.length > width ? `${l.text.slice(0, width - 1)}…` : l.text;
      return `${String(i + 1).padStart(2)}. ${l.place.padEnd(9)} ${l.public ? 'public ' : 'private'}${edited}: ${text}${buttons}`;
    })
    .join('\n');
}
