/**
 * One key, many windows (issue 15 §4, review defect 12): every window and popup runs its own driver worker, and
 * an operating system lets one of them claim a token's USB interface at a time (WebUSB §6.3 claimInterface;
 * Linux usbfs answers EBUSY, Chrome a NetworkError). So workers hand a token over: the one that needs it asks on
 * a BroadcastChannel (HTML §9.5: every context of the origin hears it), the one that holds it answers "holding"
 * at once and "released" as soon as no card command is in flight. The asker waits a bounded time and then
 * knows which of three things is true: it was released, another window keeps it busy, or no window of ours
 * holds it (another program does).
 */

export const HANDOVER_CHANNEL = 'ukey-token-handover';

export type HandoverMessage =
  | { readonly kind: 'request'; readonly tokenId: string; readonly from: string }
  | { readonly kind: 'holding'; readonly tokenId: string; readonly from: string; readonly to: string }
  | { readonly kind: 'released'; readonly tokenId: string; readonly from: string };

/** What the handover needs of a BroadcastChannel, so Node tests and the browser run the same code. */
export interface HandoverPort {
  post(message: HandoverMessage): void;
  listen(listener: (message: HandoverMessage) => void): () => void;
  close(): void;
}

export type HandoverOutcome = 'released' | 'busy' | 'nobody';

export interface TokenHandoverOptions {
  /** How long a holder has to say "holding": a worker answers within one task, so this is generous. */
  readonly answerMs?: number;
  /** How long the asker waits for "released" once a holder answered (a card operation may be running). */
  readonly releaseMs?: number;
  /** This context's id on the channel; default random. */
  readonly id?: string;
}

/** A message from the channel is any same-origin context's: only well-formed handover messages are acted on. */
export function isHandoverMessage(value: unknown): value is HandoverMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.tokenId !== 'string' || typeof m.from !== 'string') return false;
  return m.kind === 'request' || m.kind === 'released' || (m.kind === 'holding' && typeof m.to === 'string');
}

/** The origin-wide BroadcastChannel, or null where the context has none (then no handover: one window only). */
export function broadcastHandoverPort(name = HANDOVER_CHANNEL): HandoverPort | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  let open = true;
  return {
    // A reply that comes after close (a release finishing as the worker stops) has nobody to tell.
    post: (message) => {
      if (open) channel.postMessage(message);
    },
    listen: (listener) => {
      const handler = (event: MessageEvent): void => {
        if (isHandoverMessage(event.data)) listener(event.data);
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
    close: () => {
      open = false;
      channel.close();
    },
  };
}

export class TokenHandover {
  readonly id: string;
  private readonly answerMs: number;
  private readonly releaseMs: number;
  private readonly held = new Map<string, { readonly release: () => Promise<void>; readonly claimed: () => boolean }>();
  private readonly stop: () => void;

  constructor(private readonly port: HandoverPort, options: TokenHandoverOptions = {}) {
    this.id = options.id ?? Math.random().toString(36).slice(2);
    this.answerMs = options.answerMs ?? 400;
    this.releaseMs = options.releaseMs ?? 8_000;
    this.stop = port.listen((message) => this.onMessage(message));
  }

  /**
   * While registered, a request for `tokenId` from another context runs `release` (which waits for idle) — when
   * `claimed` says this context has the device claimed now. A context that already let go stays silent: its
   * "released" would send the asker to claim a device another window still holds (two app tabs, one idle).
   */
  hold(tokenId: string, release: () => Promise<void>, claimed: () => boolean = () => true): () => void {
    const entry = { release, claimed };
    this.held.set(tokenId, entry);
    return () => {
      if (this.held.get(tokenId) === entry) this.held.delete(tokenId);
    };
  }

  /** Asks whoever holds `tokenId` to let it go, and waits (bounded) for the answer. */
  ask(tokenId: string): Promise<HandoverOutcome> {
    return new Promise((resolve) => {
      let holding = false;
      const finish = (outcome: HandoverOutcome): void => {
        clearTimeout(answerTimer);
        clearTimeout(releaseTimer);
        unlisten();
        resolve(outcome);
      };
      const unlisten = this.port.listen((message) => {
        if (message.tokenId !== tokenId || message.from === this.id) return;
        if (message.kind === 'released') finish('released');
        if (message.kind === 'holding' && message.to === this.id) holding = true;
      });
      const answerTimer = setTimeout(() => {
        if (!holding) finish('nobody');
      }, this.answerMs);
      const releaseTimer = setTimeout(() => finish(holding ? 'busy' : 'nobody'), this.answerMs + this.releaseMs);
      this.port.post({ kind: 'request', tokenId, from: this.id });
    });
  }

  close(): void {
    this.held.clear();
    this.stop();
    this.port.close();
  }

  private onMessage(message: HandoverMessage): void {
    if (message.kind !== 'request' || message.from === this.id) return;
    const entry = this.held.get(message.tokenId);
    if (!entry?.claimed()) return;
    this.port.post({ kind: 'holding', tokenId: message.tokenId, from: this.id, to: message.from });
    void entry
      .release()
      .catch(() => undefined) // a release that failed still freed the claim (the device closes) or the token is gone
      .then(() => this.port.post({ kind: 'released', tokenId: message.tokenId, from: this.id }));
  }
}
