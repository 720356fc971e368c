import type { RenderedProgress } from '../../../src/conversation/runner/conversation-output';
import type { DocumentCheck } from '../../../src/report-document/report-document';
import { BLOCK_LIMITS, clip, escapeMrkdwn, mrkdwn, rawMrkdwn, section } from './block-kit';
import type { SlackMessage } from './message-blocks';

/** "`✓` Incoming · DNS lookup: passed (3 ms)": the symbol reads without colour. */
export function checkLine(check: DocumentCheck): string {
  return `\`${check.symbol}\` ${escapeMrkdwn(check.label)}: ${escapeMrkdwn(check.statusLabel)} (${check.ms} ms)`;
}

/** ⏳ while checking, ⏹ once stopped without a report; nothing when finished (the title says so). */
export function progressMark(progress: Pick<RenderedProgress, 'done' | 'stopped'>): string {
  if (progress.stopped) return '⏹ ';
  return progress.done ? '' : '⏳ ';
}

/**
 * The one progress message of a run, rewritten as checks finish. Check lines are joined into
 * one section (3,000 characters hold the engine's 40 checks at most); the newest lines are kept
 * if ever they do not fit.
 */
export function progressMessage(progress: RenderedProgress): SlackMessage {
  const lines = progress.checks.map(checkLine);
  while (lines.join('\n').length > BLOCK_LIMITS.sectionText - 2 && lines.length > 1) lines.shift();
  const blocks = [section(mrkdwn(`${progressMark(progress)}${progress.title}`))];
  if (lines.length > 0) blocks.push(section(rawMrkdwn(lines.join('\n'))));
  return { text: clip(progress.title, BLOCK_LIMITS.messageText), blocks };
}
