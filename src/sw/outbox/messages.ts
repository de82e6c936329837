/**
 * Names shared by the service worker's outbox and src/sw/client, so both spell them the same way.
 * Page → SW: `postMessage` to the controller (wakes a stopped worker). Driver worker → SW and SW → everyone:
 * a BroadcastChannel (a dedicated worker has no service-worker controller to post to).
 */
export const OUTBOX_CHANNEL = 'ukey-outbox';
/** Background Sync tag (WICG Background Synchronization §3): one per outbox. */
export const OUTBOX_SYNC_TAG = 'ukey-outbox';

export const OUTBOX_MESSAGE = {
  /** Something may be due (enqueued, page came online, timer): run a delivery pass. */
  KICK: 'OUTBOX_KICK',
  /** An entry changed state; read the database for the details. */
  CHANGED: 'OUTBOX_CHANGED',
} as const;

export interface OutboxKickMessage {
  readonly type: typeof OUTBOX_MESSAGE.KICK;
  readonly reason: 'enqueued' | 'online' | 'timer' | 'manual';
}

export interface OutboxChangedMessage {
  readonly type: typeof OUTBOX_MESSAGE.CHANGED;
  readonly id: string;
  readonly state: string;
}

export function isOutboxKick(value: unknown): value is OutboxKickMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === OUTBOX_MESSAGE.KICK;
}

export function isOutboxChanged(value: unknown): value is OutboxChangedMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === OUTBOX_MESSAGE.CHANGED &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}
