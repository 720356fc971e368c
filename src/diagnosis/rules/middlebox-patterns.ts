/**
 * What a firewall that "inspects" mail does to the conversation, as data with sources. Cisco
 * ASA/PIX ESMTP inspection (the old "SMTP fixup") is on by default with `_default_esmtp_map`:
 * `mask-banner`, `no allow-tls` (the STARTTLS keyword is taken out of the EHLO answer) and
 * `match ehlo-reply-parameter others mask`; commands it does not allow reach the server as X's,
 * so the server answers that it does not know them. A server never says these things itself:
 * seeing them means something between the bot and the server altered the conversation.
 */
export interface MiddleboxPattern {
  id: string;
  /** Which part of the SMTP conversation the pattern is read in. */
  where: 'banner' | 'ehlo_keyword' | 'starttls_reply';
  test: RegExp;
  /** Who does it, for the finding: the network admin looks for this device. */
  device: string;
  source: string;
}

export const CISCO_ESMTP_INSPECTION = 'Cisco ASA/PIX ESMTP inspection';

const CISCO_DEFAULTS =
  'Cisco ASA Series Firewall CLI Configuration Guide, "SMTP and Extended SMTP Inspection" → "Defaults for ESMTP Inspection" (_default_esmtp_map: mask-banner, no allow-tls, match ehlo-reply-parameter others mask)';

export const MIDDLEBOX_PATTERNS: readonly MiddleboxPattern[] = [
  {
    id: 'cisco.mask-banner',
    where: 'banner',
    // Every character of the banner text but the 2s and 0s becomes an asterisk.
    test: /^(?=(?:[^*]*\*){3})[*\s20]+$/u,
    device: CISCO_ESMTP_INSPECTION,
    source: `${CISCO_DEFAULTS}; Cisco ASA 5500 Series Configuration Guide using ASDM, "SMTP and Extended SMTP Inspection": "changes the characters in the server SMTP banner to asterisks except for the 2, 0, 0 characters"`,
  },
  {
    id: 'cisco.masked-ehlo-keyword',
    where: 'ehlo_keyword',
    // `250 XXXXXXXA` where STARTTLS stood; other masked parameters are all X's. Real keywords
    // that start with X (XCLIENT, XFORWARD, XEXCH50) have other letters after the first.
    test: /^X{4,}[A-Z0-9]?$/u,
    device: CISCO_ESMTP_INSPECTION,
    source: `Cisco document 118550 ("Why does XXXXXXXA appear after EHLO and 500 #5.5.1 command not recognized after STARTTLS?"); ${CISCO_DEFAULTS}`,
  },
  {
    id: 'cisco.starttls-rewritten',
    where: 'starttls_reply',
    // The server listed STARTTLS, then did not know the command: it received X's instead.
    test: /^50[02][ -](?:#?5\.5\.[0-9] )?.{0,80}(?:command not recognized|unrecognized command|command unrecognized|unknown command)/iu,
    device: CISCO_ESMTP_INSPECTION,
    source: 'Cisco document 118550 ("500 #5.5.1 command not recognized" after STARTTLS behind an ASA/PIX with ESMTP inspection); Cisco document 113423 (ASA ESMTP inspection: commands it does not allow are replaced with X\'s)',
  },
];

/** The first pattern that matches `text` in that part of the conversation. */
export function matchMiddlebox(where: MiddleboxPattern['where'], text: string): MiddleboxPattern | undefined {
  return MIDDLEBOX_PATTERNS.find((p) => p.where === where && p.test.test(text.trim()));
}
