/** One conversation: a thread on a platform (the console uses one "thread" per /mailhelp). */
export interface ConversationKey {
  platform: string;
  /** Slack channel id, Discord channel id, or "local" for the console. */
  channel: string;
  /** Slack thread_ts, Discord thread id, console session number. */
  thread: string;
}

/** A stable string for maps and Redis keys; parts are escaped so no two keys collide. */
export function keyString(key: ConversationKey): string {
  return [key.platform, key.channel, key.thread].map((part) => encodeURIComponent(part)).join(':');
}
