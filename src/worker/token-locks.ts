/**
 * One administrator operation per token at a time, across every window (issue 15 §2, review defect 5): every
 * window and popup starts its own dedicated worker, so a lock inside one worker protects nothing. The Web Locks
 * API (navigator.locks, W3C Web Locks §4: exclusive by default, granted in request order per origin) is shared by
 * every worker and window of the origin. Node has no navigator.locks: tests pass one `InProcessLocks` to every
 * "window" they build, so the same code path runs.
 */

export interface TokenLockManager {
  /** Runs `operation` while holding the exclusive lock `name`; the lock is released when it settles. */
  request<T>(name: string, operation: () => Promise<T>): Promise<T>;
}

/** FIFO exclusive locks within one JavaScript realm: what navigator.locks does across an origin. */
export class InProcessLocks implements TokenLockManager {
  private readonly tails = new Map<string, Promise<unknown>>();

  request<T>(name: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const tail = result.catch(() => undefined);
    this.tails.set(name, tail);
    void tail.then(() => {
      if (this.tails.get(name) === tail) this.tails.delete(name);
    });
    return result;
  }
}

interface WebLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** navigator.locks where the context has it (windows and workers of a secure context), else in-process locks. */
export function defaultTokenLocks(): TokenLockManager {
  const locks = (globalThis as { navigator?: { locks?: WebLocks } }).navigator?.locks;
  if (!locks) return new InProcessLocks();
  return { request: (name, operation) => locks.request(name, () => operation()) };
}

/** The lock for changes to one token's keys and unblock code (renewal plan+run, unblock-code escrow), named by its serial. */
export function tokenAdminLock(tokenSerial: string): string {
  return `ukey-token-admin:${tokenSerial}`;
}
