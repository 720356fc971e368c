import type { Capabilities } from '../probes/capabilities';
import { printable, type LineReader } from '../probes/line-reader';
import { isReadFailure, smtpCommand } from '../probes/mail-commands';

/**
 * Whether an SMTP server takes a login before TLS, asked without sending any secret: `AUTH
 * <mechanism>` with no initial response, cancelled with `*` at the first challenge (RFC 4954
 * §4). EHLO alone does not tell: Gmail-style servers list AUTH on the plain port and then answer
 * "530 5.7.0 Must issue a STARTTLS command first", which is what a mail app set to "none" gets.
 */
export interface PlainAuthAnswer {
  /** The server sent a challenge: it would take the password in plaintext. */
  accepted: boolean;
  /** The server's reply, for the evidence. */
  response: string;
}

/** Worth asking only where the answer changes the verdict: AUTH or STARTTLS is on offer. */
export function shouldAskPlainAuth(capabilities: Capabilities): boolean {
  return capabilities.ok && (capabilities.authMechanisms.length > 0 || capabilities.startTls);
}

export async function askPlainAuth(reader: LineReader, capabilities: Capabilities, timeoutMs: number): Promise<PlainAuthAnswer | undefined> {
  const mechanism = capabilities.authMechanisms.includes('PLAIN') || !capabilities.authMechanisms.includes('LOGIN') ? 'PLAIN' : 'LOGIN';
  const reply = await smtpCommand(reader, `AUTH ${mechanism}`, timeoutMs);
  if (isReadFailure(reply)) {
    // "334" with nothing after it is a challenge too; anything else unreadable says nothing.
    if (reply.kind === 'malformed' && /^334\b/.test(reply.line)) return cancelled(reader, reply.line, timeoutMs);
    return undefined;
  }
  if (reply.code === 334) return cancelled(reader, reply.text, timeoutMs);
  return { accepted: false, response: printable(reply.text) };
}

/** Cancels the exchange so the server never waits for (or counts) a credential. */
async function cancelled(reader: LineReader, challenge: string, timeoutMs: number): Promise<PlainAuthAnswer> {
  await smtpCommand(reader, '*', timeoutMs);
  return { accepted: true, response: printable(challenge) };
}
