import { MailhelpError } from './mailhelp-error';

/**
 * The conversation no longer waits for what was sent to it (a password from the one-time login
 * page after the chat moved on or ended). Thrown by the runner, answered by the login page with
 * "this link has ended"; here so that neither has to import the other.
 */
export class ConversationEndedError extends MailhelpError {
  constructor() {
    super('CONVERSATION_ENDED', 'the conversation no longer waits for a password');
  }
}
