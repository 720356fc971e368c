import type { Target } from '../../settings/server-settings';
import type { CompleteProblem } from '../parse/complete-server';
import { quoteInput } from '../parse/normalize';
import type { ServerProblem } from '../parse/parse-server';
import { type Text, text } from '../text';

/** A short explanation of what was wrong with a typed server; the question's hint gives the example. */
export function serverProblemText(problem: ServerProblem | CompleteProblem, side: Target): Text {
  switch (problem.code) {
    case 'empty':
      return text('conversation:server.empty');
    case 'bad_port':
      return text('conversation:server.bad_port', { input: quoteInput(problem.token) });
    case 'unknown_word':
      return text('conversation:server.unknown_word', { input: quoteInput(problem.token) });
    case 'two_hosts':
      return text('conversation:server.two_hosts');
    case 'two_ports':
      return text('conversation:server.two_ports');
    case 'email_given':
      return text('conversation:server.email_given');
    case 'no_host':
      return text('conversation:server.no_host');
    case 'wrong_side':
      return side === 'incoming' ? text('conversation:server.wrong_side_incoming') : text('conversation:server.wrong_side_outgoing');
  }
}
