import type { ConversationEvent } from '../events';
import { completeServer, inferSide } from '../parse/complete-server';
import { parseEmail, type EmailProblem } from '../parse/parse-email';
import { quoteInput } from '../parse/normalize';
import { parseServerSpec } from '../parse/parse-server';
import type { ConversationState } from '../state';
import { text } from '../text';
import { badAnswer, type Transition } from '../transition';
import { beginDiscovery } from './discovery';
import { startRun } from './run';
import { staleChoice } from './stale';

const EMAIL_PROBLEMS: Readonly<Record<EmailProblem, string>> = {
  empty: 'conversation:email.invalid',
  no_at: 'conversation:email.invalid',
  invalid: 'conversation:email.invalid',
  domain_only: 'conversation:email.domain_only',
};

export function onAskEmail(state: ConversationState, event: ConversationEvent): Transition {
  if (event.type !== 'text') return staleChoice(state, event);
  const email = parseEmail(event.text);
  if (email.ok) return beginDiscovery({ ...state, email: email.email }, email.email);
  // A server typed here ("imap.acme.com:993") is the server-only shortcut, as after /mailhelp.
  const server = parseServerSpec(event.text);
  if (server.ok && server.spec.host && !/@/u.test(event.text)) {
    const side = inferSide(server.spec);
    const completed = side ? completeServer(server.spec, side) : undefined;
    if (side && completed?.ok) {
      return startRun({ ...state, serverOnly: true, scope: side, settings: { [side]: completed.settings }, provided: [side] });
    }
  }
  const domain = email.problem === 'domain_only' ? quoteInput(event.text).toLowerCase() : 'example.com';
  return badAnswer(state, text(EMAIL_PROBLEMS[email.problem], { domain }));
}
