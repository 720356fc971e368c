/**
 * The messages of one full Slack and one full Discord check, as Markdown tables for a closing
 * note: order, where (channel root, thread, ephemeral, modal, triage, DM), public or private,
 * posted or edited, first words. It runs the full-conversation tests with PRINT_TRANSCRIPT and
 * reads their transcripts, so it works on any commit that has them (an older one included):
 *
 *     node --require tsx/cjs test/support/record-messages-entry.ts OUT_DIR [SUFFIX]
 *
 * writes OUT_DIR/messages-slack-SUFFIX.md and OUT_DIR/messages-discord-SUFFIX.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir = '.', suffix = 'now'] = process.argv.slice(2);
const RUNS = [
  { name: 'slack', title: 'Slack', test: 'test/slack/conversation.test.ts' },
  { name: 'discord', title: 'Discord', test: 'test/discord/full-conversation.test.ts' },
];
const LINE = /^\s*(\d+)\. (\S+)\s+(public|private)\s*(?:\(edited ×(\d+)\))?: (.*)$/u;

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
for (const run of RUNS) {
  const out = execFileSync('npx', ['mocha', run.test], { encoding: 'utf8', env: { ...process.env, PRINT_TRANSCRIPT: '1' }, maxBuffer: 16 * 1024 * 1024 });
  // The first transcript printed (Slack prints one, for its HTTP run).
  const lines: string[] = [];
  for (const text of out.split('\n')) {
    const match = LINE.exec(text);
    if (!match) {
      if (lines.length > 0) break;
      continue;
    }
    const [, n, place, visibility, edits, message = ''] = match;
    const where = place === 'channel' ? 'channel root' : place;
    const how = edits ? `posted, edited ×${edits}` : 'posted';
    const words = message.replace(/\|/gu, '\\|').slice(0, 110) + (message.length > 110 ? '…' : '');
    lines.push(`| ${n} | ${where} | ${visibility} | ${how} | ${words} |`);
  }
  const inThread = lines.filter((l) => /^\| \d+ \| thread \| public/u.test(l)).length;
  const body = [
    `# ${run.title}: the messages of one full check (${suffix}, commit ${commit})`,
    '',
    `From \`${run.test}\` (the real ${run.name === 'slack' ? 'Bolt' : 'discord.js'} against the fake API): /mailhelp, the address, the settings confirmed, receiving, the sign-in test with a wrong password, the report, the help desk, done. Text is what the message showed last (an edited message, after its last edit). Modals are listed where they opened.`,
    '',
    '| # | where | seen by | posted / edited | text (first words) |',
    '|---|---|---|---|---|',
    ...lines,
    '',
    `${lines.length} entries; ${inThread} public messages in the thread.`,
    '',
  ].join('\n');
  writeFileSync(join(outDir, `messages-${run.name}-${suffix}.md`), body);
  console.log(`${run.title}: ${lines.length} entries, ${inThread} in the thread → ${join(outDir, `messages-${run.name}-${suffix}.md`)}`);
}
