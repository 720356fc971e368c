/**
 * Discovery and diagnoses run beside the conversation: each has an AbortController so cancel,
 * a new /mailhelp, the idle timeout or shutdown stop it and close its sockets.
 */
export class BackgroundWork {
  readonly #controllers = new Map<string, Map<string, AbortController>>();
  readonly #pending = new Set<Promise<unknown>>();

  /** Starts `work` under a name (e.g. `run:3`) in a conversation; the promise is tracked. */
  start(key: string, name: string, work: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const byName = this.#controllers.get(key) ?? new Map<string, AbortController>();
    byName.get(name)?.abort();
    byName.set(name, controller);
    this.#controllers.set(key, byName);
    const promise = work(controller.signal).finally(() => {
      this.#pending.delete(promise);
      if (byName.get(name) === controller) byName.delete(name);
      if (byName.size === 0 && this.#controllers.get(key) === byName) this.#controllers.delete(key);
    });
    this.#pending.add(promise);
  }

  abort(key: string, name: string): void {
    this.#controllers.get(key)?.get(name)?.abort();
  }

  /** Whether work of that name runs in this process for the conversation. */
  has(key: string, name: string): boolean {
    return this.#controllers.get(key)?.has(name) ?? false;
  }

  abortAll(key?: string): void {
    const keys = key === undefined ? [...this.#controllers.keys()] : [key];
    for (const k of keys) for (const controller of this.#controllers.get(k)?.values() ?? []) controller.abort();
  }

  /** Resolves when no work is left, including work started by work that finished meanwhile. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  get running(): number {
    return this.#pending.size;
  }
}
