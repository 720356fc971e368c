import type { SlotRequest, Slot } from './concurrency-queue';
import type { RateLimitDecision, Requester } from './diagnosis-rate-limit';

/**
 * The limits when several processes share them (MAILHELP_STORE=redis://): a user's 10 per 10
 * minutes is 10 in total, and MAILHELP_MAX_CONCURRENT diagnoses run at once in the whole
 * deployment, whichever process took each command. Redis implements both (src/store/redis).
 */
export interface SharedRateLimit {
  /** Counts one diagnosis against the requester's windows when both have room. */
  take(requester: Requester): Promise<RateLimitDecision & { ticket?: string }>;
  /** Whether one more diagnosis would be counted now, without counting it. */
  peek(requester: Requester): Promise<RateLimitDecision>;
  /** Un-counts the diagnosis `ticket` stood for (it never ran). */
  giveBack(requester: Requester, ticket: string): Promise<void>;
}

export interface SharedQueue {
  /** A place in the deployment's line; rejects with QueueFullError when it is full. */
  request(request: SlotRequest): Promise<Slot>;
  /** Diagnoses waiting in the whole deployment. */
  queued(): Promise<number>;
  /** This process takes no new requests; its waiting ones are turned away. */
  close(): void;
}
