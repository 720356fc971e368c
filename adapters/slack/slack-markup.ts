/**
 * Slack rewrites what people type: `alice@acme.com` arrives as `<mailto:alice@acme.com|alice@acme.com>`,
 * a host name as `<http://imap.acme.com|imap.acme.com>`, and `&`, `<`, `>` as entities. The
 * conversation parses plain text, so the markup goes before it sees the reply.
 */
export function plainTextFromSlack(text: string): string {
  return text
    // A user mention keeps its id (`<@U123>`): `/mailhelp history @alice` needs it, not the name.
    .replace(/<@([UW][A-Z0-9]{2,})(?:\|[^<>]*)?>/g, '<@$1>')
    .replace(/<([^<>|]*)\|([^<>]*)>/g, (_match, _target: string, label: string) => label)
    .replace(/<(?:mailto:)?([^<>|@#!][^<>|]*)>/g, (_match, target: string) => target)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
