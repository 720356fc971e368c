import type { ConversationKey } from '../../src/store/conversation-key';

/** Every conversation on Slack lives in a thread: the channel (or DM) and the root message's ts. */
export interface ThreadRef {
  channel: string;
  /** `ts` of the thread's root message, which is also its `thread_ts`. */
  thread: string;
}

export const SLACK_PLATFORM = 'slack';

export function conversationKey(thread: ThreadRef): ConversationKey {
  return { platform: SLACK_PLATFORM, channel: thread.channel, thread: thread.thread };
}
