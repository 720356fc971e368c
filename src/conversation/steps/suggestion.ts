import type { ConversationState } from '../state';

/**
 * The engine's "did you mean" for the email domain (dns.nxdomain on the account, see
 * src/diagnosis/email-domain): the address with the domain DNS says exists (gmial.com → gmail.com).
 */
export function suggestedAddress(state: ConversationState): string | undefined {
  const finding = state.report?.findings.find((f) => f.cause === 'dns.nxdomain' && f.target === 'account');
  const email = finding?.facts.suggestedEmail;
  return typeof email === 'string' && email.includes('@') ? email : undefined;
}

/**
 * The domain the examples in hints are built from ("like imap.example.com 993 ssl"). Never one
 * DNS says does not exist: the engine's suggestion then, or the neutral example.com.
 */
export function exampleDomain(state: ConversationState): string {
  const suggested = suggestedAddress(state);
  if (suggested) return suggested.slice(suggested.lastIndexOf('@') + 1);
  if (state.expected?.domainUnreadable) return 'example.com';
  return state.expected?.domain ?? state.email?.split('@')[1] ?? 'example.com';
}
