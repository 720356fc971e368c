import type { RenderedSignInCode } from '../../../src/conversation/runner/conversation-output';
import { SECURE_LINK_ACTION } from '../action-ids';
import { BLOCK_LIMITS, plain } from './block-kit';
import { sayMessage, type SlackMessage } from './message-blocks';

/** The OAuth sign-in code as an ephemeral message: the words, the code to copy, a button to the provider's page. */
export function signInCodeMessage(code: RenderedSignInCode): SlackMessage {
  const words = sayMessage(code.message);
  return {
    text: words.text,
    blocks: [
      ...words.blocks,
      { type: 'actions', elements: [{ type: 'button', action_id: SECURE_LINK_ACTION, style: 'primary', url: code.url, text: plain(code.buttonLabel, BLOCK_LIMITS.buttonLabel) }] },
    ],
  };
}
