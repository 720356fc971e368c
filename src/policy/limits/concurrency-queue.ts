import { MailhelpError } from '../../errors/mailhelp-error';
/**
 * A global cap on diagnoses running at once, with a first-come-first-served queue behind it.
 * Each waiting caller knows its place ("you are number N") and is told when it moves up, and can
 * leave the queue (the user pressed cancel, or the conversation ended).
 */
export class QueueFullError extends MailhelpError {
  constructor(readonly maxQueued: number) {
    super('QUEUE_FULL', `${maxQueued} diagnoses are already waiting`);
  }
}

export class QueueCancelledError extends MailhelpError {
  constructor(readonly why: 'cancelled' | 'timeout' | 'closed') {
    super('QUEUE_CANCELLED', why === 'timeout' ? 'waited too long for a free slot' : why === 'closed' ? 'no new work is taken (shutting down)' : 'left the queue');
  }
}

export interface ConcurrencyQueueOptions {
  /** Diagnoses that may run at once (MAILHELP_MAX_CONCURRENT). */
  maxConcurrent: number;
  /** Callers that may wait; one more is refused with QueueFullError. */
  maxQueued?: number;
  /** A caller still waiting after this long leaves with QueueCancelledError('timeout'); 0: no limit. */
  maxWaitMs?: number;
}

export interface SlotRequest {
  /** Called with the new place each time it changes: N while waiting, 0 once running. */
  onPosition?: (position: number) => void;
  /** Aborting leaves the queue while waiting; a running slot is freed by release() only. */
  signal?: AbortSignal;
}

export interface Slot {
  /** 0 when running; N ≥ 1 while waiting, N - 1 callers ahead ("you are number N"). */
  readonly position: number;
  /** Resolves when the slot is granted; rejects with QueueCancelledError if it never is. */
  readonly granted: Promise<void>;
  /** Leaves the queue, or frees the slot if running. Safe to call more than once. */
  cancel(): void;
  /** Frees a running slot for the next in line. Safe to call more than once. */
  release(): void;
}

const DEFAULT_MAX_QUEUED = 100;

interface Waiter {
  position: number;
  grant(): void;
  fail(error: QueueCancelledError): void;
  onPosition?: (position: number) => void;
}

export class ConcurrencyQueue {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private closed = false;

  constructor(private readonly options: ConcurrencyQueueOptions) {
    if (!(options.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be at least 1');
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Asks for a slot. Throws QueueFullError when the queue is full, QueueCancelledError when closed. */
  request(request: SlotRequest = {}): Slot {
    if (this.closed) throw new QueueCancelledError('closed');
    if (request.signal?.aborted) throw new QueueCancelledError('cancelled');
    const maxQueued = this.options.maxQueued ?? DEFAULT_MAX_QUEUED;
    if (this.active >= this.options.maxConcurrent && this.waiting.length >= maxQueued) throw new QueueFullError(maxQueued);

    let state: 'waiting' | 'running' | 'done' = 'waiting';
    let timer: NodeJS.Timeout | undefined;
    let resolveGranted!: () => void;
    let rejectGranted!: (error: QueueCancelledError) => void;
    const granted = new Promise<void>((resolve, reject) => {
      resolveGranted = resolve;
      rejectGranted = reject;
    });
    // A caller that cancels without awaiting `granted` must not cause an unhandled rejection.
    granted.catch(() => undefined);

    // Aborting only takes a waiting caller out of the line: a running diagnosis keeps its slot
    // until its work has really stopped and it calls release(), so the cap always holds.
    const onAbort = (): void => {
      if (state === 'waiting') slot.cancel();
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const waiter: Waiter = {
      position: 0,
      grant: () => {
        state = 'running';
        this.active++;
        clearTimeout(timer);
        waiter.position = 0;
        resolveGranted();
      },
      fail: (error) => {
        state = 'done';
        cleanup();
        rejectGranted(error);
      },
      ...(request.onPosition ? { onPosition: request.onPosition } : {}),
    };
    const slot: Slot = {
      get position() {
        return waiter.position;
      },
      granted,
      cancel: () => {
        if (state === 'waiting') {
          this.leave(waiter);
          waiter.fail(new QueueCancelledError('cancelled'));
        } else slot.release();
      },
      release: () => {
        if (state !== 'running') return;
        state = 'done';
        cleanup();
        this.active--;
        this.next();
      },
    };

    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.active < this.options.maxConcurrent && this.waiting.length === 0) {
      waiter.grant();
    } else {
      this.waiting.push(waiter);
      waiter.position = this.waiting.length;
      if (this.options.maxWaitMs) {
        timer = setTimeout(() => {
          if (state !== 'waiting') return;
          this.leave(waiter);
          waiter.fail(new QueueCancelledError('timeout'));
        }, this.options.maxWaitMs);
      }
    }
    return slot;
  }

  /** Runs `work` in a slot: waits its turn (rejecting if it never comes), runs, frees the slot. */
  async run<T>(work: () => Promise<T>, request: SlotRequest = {}): Promise<T> {
    const slot = this.request(request);
    await slot.granted;
    try {
      return await work();
    } finally {
      slot.release();
    }
  }

  /** Stops taking new requests and sends every waiting caller away; running work goes on. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.fail(new QueueCancelledError('closed'));
  }

  private leave(waiter: Waiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    this.renumber(index);
  }

  private next(): void {
    while (this.active < this.options.maxConcurrent && this.waiting.length > 0) {
      const waiter = this.waiting.shift()!;
      waiter.grant();
      waiter.onPosition?.(0);
      this.renumber(0);
    }
  }

  /** Everyone from `from` on moved up one place; tell them. */
  private renumber(from: number): void {
    for (let i = from; i < this.waiting.length; i++) {
      const waiter = this.waiting[i]!;
      if (waiter.position !== i + 1) {
        waiter.position = i + 1;
        waiter.onPosition?.(i + 1);
      }
    }
  }
}
