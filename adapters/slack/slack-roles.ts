import type { webApi } from '@slack/bolt';
import type { UserRoles } from '../../src/conversation/state';

export interface SlackRoleOptions {
  /** MAILHELP_TRIAGE_CHANNEL: its members are help-desk staff. */
  triageChannel?: string;
  /** MAILHELP_ADMIN_GROUP: a user group (S…) whose members count as admins. */
  adminGroup?: string;
  /** MAILHELP_HELPDESK_GROUP: a user group whose members are help-desk staff. */
  helpDeskGroup?: string;
  logger: { warn(details: object, message: string): void };
}

/** Pages read of a channel's or group's members: a triage channel is not a whole company. */
const MAX_PAGES = 10;

/**
 * What a Slack user may do, read from Slack when a channel command asks: workspace admins and
 * owners (`users.info`), or members of the configured admin group, are admins; admins, members
 * of the triage channel (`conversations.members`) and of the help-desk group are help desk. A
 * look-up that fails grants nothing.
 */
export async function slackRoles(client: webApi.WebClient, userId: string, options: SlackRoleOptions): Promise<UserRoles> {
  const info = await client.users.info({ user: userId }).catch((error: unknown) => {
    options.logger.warn({ err: error }, 'slack: users.info failed; no admin rights assumed');
    return undefined;
  });
  const user = info?.user;
  const workspaceAdmin = Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
  const admin = workspaceAdmin || (options.adminGroup ? await inGroup(client, options.adminGroup, userId, options) : false);
  const helpDesk =
    admin ||
    (options.helpDeskGroup ? await inGroup(client, options.helpDeskGroup, userId, options) : false) ||
    (options.triageChannel ? await inChannel(client, options.triageChannel, userId, options) : false);
  return { admin, helpDesk };
}

async function inGroup(client: webApi.WebClient, group: string, userId: string, options: SlackRoleOptions): Promise<boolean> {
  try {
    const answer = await client.usergroups.users.list({ usergroup: group });
    return (answer.users ?? []).includes(userId);
  } catch (error) {
    options.logger.warn({ err: error }, 'slack: usergroups.users.list failed');
    return false;
  }
}

async function inChannel(client: webApi.WebClient, channel: string, userId: string, options: SlackRoleOptions): Promise<boolean> {
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      if ((answer.members ?? []).includes(userId)) return true;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    return false;
  } catch (error) {
    options.logger.warn({ err: error }, 'slack: conversations.members failed');
    return false;
  }
}
