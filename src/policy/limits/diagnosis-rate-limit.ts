import { SlidingWindow, type SlidingWindowOptions } from './sliding-window';

/**
 * Who may start a diagnosis now: a per-user window (one person cannot turn the bot into a
 * scanner) and a per-workspace window (one Slack workspace or Discord guild cannot use up the
 * bot for everyone). A diagnosis is counted against both or neither, so a refusal by the
 * workspace window costs the user nothing.
 */
export interface DiagnosisRateLimitOptions {
  user: SlidingWindowOptions;
  workspace: SlidingWindowOptions;
}

export interface Requester {
  /** Platform user id, unique within the workspace. */
  user: string;
  /** Slack team / Discord guild id; the console uses one fixed value. */
  workspace: string;
  /** `slack`, `discord`, `console`: the same id on two platforms is two people. */
  platform?: string;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; scope: 'user' | 'workspace'; limit: number; windowMs: number; retryAfterMs: number };

export class DiagnosisRateLimit {
  private readonly perUser: SlidingWindow;
  private readonly perWorkspace: SlidingWindow;

  constructor(options: DiagnosisRateLimitOptions) {
    this.perUser = new SlidingWindow(options.user);
    this.perWorkspace = new SlidingWindow(options.workspace);
  }

  /** Counts one diagnosis for the requester when both windows have room. */
  take(requester: Requester): RateLimitDecision {
    const { workspaceKey, userKey } = keysOf(requester);
    const user = this.perUser.peek(userKey);
    if (!user.allowed) return { scope: 'user', ...user };
    const workspace = this.perWorkspace.take(workspaceKey);
    if (!workspace.allowed) return { scope: 'workspace', ...workspace };
    this.perUser.take(userKey);
    return { allowed: true };
  }

  /** Whether one more diagnosis would be allowed now, without counting it (checked when `/mailhelp` is typed). */
  peek(requester: Requester): RateLimitDecision {
    const { workspaceKey, userKey } = keysOf(requester);
    const user = this.perUser.peek(userKey);
    if (!user.allowed) return { scope: 'user', ...user };
    const workspace = this.perWorkspace.peek(workspaceKey);
    if (!workspace.allowed) return { scope: 'workspace', ...workspace };
    return { allowed: true };
  }

  /** Un-counts the requester's last diagnosis: it never ran (e.g. the queue was full). */
  giveBack(requester: Requester): void {
    const { workspaceKey, userKey } = keysOf(requester);
    this.perUser.giveBack(userKey);
    this.perWorkspace.giveBack(workspaceKey);
  }

  /** Forgets idle users and workspaces; call now and then (e.g. every few minutes). */
  prune(): void {
    this.perUser.prune();
    this.perWorkspace.prune();
  }
}

/** NUL cannot appear in platform ids, so joined keys cannot collide. */
function keysOf(requester: Requester): { workspaceKey: string; userKey: string } {
  const workspaceKey = `${requester.platform ?? ''}\u0000${requester.workspace}`;
  return { workspaceKey, userKey: `${workspaceKey}\u0000${requester.user}` };
}
