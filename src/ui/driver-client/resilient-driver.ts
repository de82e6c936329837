/**
 * A DeviceService that survives its worker (issue 7 §2): every call races the worker's crash and a time limit;
 * when either wins, the call rejects with a typed error and — unless a job is alive — the worker is terminated
 * and the next call starts a fresh one. No call is ever repeated on the user's behalf — a PIN operation that
 * was cut off is reported, never re-sent (DESIGN.md §7).
 *
 * Long flows are jobs (issue 15 §5): a job that reported progress within JOB_STALL_MS is alive, and the worker
 * running it may be in the middle of a card command (terminating it mid-escrow left the factory unblock code on the
 * card, review defects 7 and 11). So while a job is alive a call that runs out of time is reported, but the
 * worker is kept: that call is most likely queued behind the job's card lock, not stuck.
 */
import {
  isDeclared,
  SERVICE_NAMES,
  DriverCrashedError,
  DriverTimeoutError,
  type DeviceService,
  type JobStatus,
  type JobTicket,
} from '../../worker';

/** One running worker: its service, a way to stop it, and a promise that rejects when it crashes. */
export interface DriverInstance {
  readonly service: DeviceService;
  readonly crashed: Promise<never>;
  terminate(): void;
}

/** Time limits per call, by `service.method`. Key generation on RSA tokens takes tens of seconds; reads of a full card a few. */
const DEFAULT_TIMEOUT_MS = 45_000;
const TIMEOUT_MS: Readonly<Record<string, number>> = { 'keyAdmin.generateKey': 180_000, 'pin.createCsr': 90_000, 'pin.sign': 90_000 };

/** The longest a job may go without a new step and still count as alive: one RSA key generation on a slow token. */
export const JOB_STALL_MS = 180_000;

/** The time limit of `call` ("service.method"). */
export function timeoutFor(call: string): number {
  return Object.hasOwn(TIMEOUT_MS, call) ? TIMEOUT_MS[call]! : DEFAULT_TIMEOUT_MS;
}

export interface ResilientOptions {
  readonly now?: () => number;
  readonly jobStallMs?: number;
}

/** The jobs this window knows of in the current worker, by id: the last progress count and when it changed. */
class LiveJobs {
  private readonly jobs = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly stallMs: number,
  ) {}

  seen(call: string, value: unknown): void {
    if (call === 'jobs.startJob') this.jobs.set((value as JobTicket).id, { count: -1, at: this.now() });
    if (call !== 'jobs.jobStatus') return;
    const status = value as JobStatus;
    if (status.state !== 'running') return void this.jobs.delete(status.id);
    const known = this.jobs.get(status.id);
    if (!known || known.count !== status.progressCount) this.jobs.set(status.id, { count: status.progressCount, at: this.now() });
  }

  alive(): boolean {
    const now = this.now();
    return [...this.jobs.values()].some((j) => now - j.at < this.stallMs);
  }

  clear(): void {
    this.jobs.clear();
  }
}

export function resilientDriver(start: () => DriverInstance, timeouts: (call: string) => number = timeoutFor, options: ResilientOptions = {}): DeviceService {
  let current: DriverInstance | null = null;
  const jobs = new LiveJobs(options.now ?? (() => Date.now()), options.jobStallMs ?? JOB_STALL_MS);
  const retire = (dead: DriverInstance): void => {
    if (current === dead) {
      current = null;
      jobs.clear(); // its jobs died with it; what their flows saved is read back by id
    }
    dead.terminate();
  };
  const instance = (): DriverInstance => {
    if (!current) {
      const started = start();
      // A crash while idle retires the worker at once, so the next call starts a fresh one.
      started.crashed.catch(() => retire(started));
      current = started;
    }
    return current;
  };
  const call = async (service: string, method: string, args: unknown[]): Promise<unknown> => {
    const running = instance();
    const fn = (running.service as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[service]![method]!;
    const qualified = `${service}.${method}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = timeouts(qualified);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DriverTimeoutError(method, limit)), limit);
    });
    try {
      // Called plainly: `fn.apply(…)` on a comlink proxy is a remote call of `apply` that ships `this` as a
      // fresh proxy (a MessageChannel per call); the worker's methods are bound (api-surface.ts exposeService).
      const value = await Promise.race([fn(...args), running.crashed, timedOut]);
      if (current === running) jobs.seen(qualified, value);
      return value;
    } catch (error) {
      if (error instanceof DriverCrashedError) retire(running);
      // A stuck call is told apart from one waiting behind a live job: only the former costs the worker.
      if (error instanceof DriverTimeoutError && !jobs.alive()) retire(running);
      if (error instanceof DriverCrashedError) throw new DriverCrashedError(method);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  // The same shape as the worker's endpoint (api-surface.ts): each service an object of its declared methods
  // only, each method going through the same crash and time-limit race whichever worker is current.
  const driver = Object.create(null) as Record<string, unknown>;
  for (const service of SERVICE_NAMES) {
    driver[service] = new Proxy(Object.create(null) as object, {
      get: (_target, method) => (typeof method === 'string' && isDeclared(service, method) ? (...args: unknown[]) => call(service, method, args) : undefined),
    });
  }
  return Object.freeze(driver) as unknown as DeviceService;
}
