/**
 * A command's output as pasted into a chat: Slack and Discord users put it in a code block
 * (```…```, often glued to the first and last line, sometimes with a language tag), or quote it
 * (`> ` on each line); Windows terminals end lines with CR LF. The output itself is left alone.
 */
export function pastedOutput(raw: string): string {
  let text = raw.replace(/\r\n?/gu, '\n');
  // A code block: the fences go, and a language tag alone on the opening line ("```bash").
  text = text.replace(/^\s*```(?:[a-z0-9_+-]*\n)?/iu, '').replace(/\n?```\s*$/u, '');
  const lines = text.split('\n');
  // Quoted as a whole: every non-empty line starts with "> " (or Slack's "&gt; " before unescaping).
  if (lines.some((l) => l.trim() !== '') && lines.every((l) => l.trim() === '' || /^\s*>\s?/u.test(l))) {
    return lines.map((l) => l.replace(/^\s*>\s?/u, '')).join('\n');
  }
  return text;
}
