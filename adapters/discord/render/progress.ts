import type { RenderedProgress } from '../../../src/conversation/runner/conversation-output';
import type { DocumentCheck } from '../../../src/report-document/report-document';
import { clip, escaped, MESSAGE_CONTENT_LIMIT } from './message-text';

/** One line per finished check, the same words as the report's check list. */
export function checkLine(check: DocumentCheck): string {
  return `${check.symbol} ${escaped(check.label, 200)} — ${escaped(check.statusLabel, 100)} (${check.ms} ms)`;
}

/** The progress message: a bold title, then the checks finished so far; cut to fit one message. */
export function progressContent(progress: RenderedProgress): string {
  const mark = progress.stopped ? '⏹ ' : progress.done ? '' : '⏳ ';
  const lines = [`${mark}**${escaped(progress.title, 300)}**`];
  let length = [...lines[0]!].length;
  for (const [i, check] of progress.checks.entries()) {
    const line = checkLine(check);
    const rest = progress.checks.length - i;
    if (length + line.length + 1 > MESSAGE_CONTENT_LIMIT - 20) {
      lines.push(`… (+${rest})`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return clip(lines.join('\n'), MESSAGE_CONTENT_LIMIT);
}
