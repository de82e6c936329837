/**
 * The Web Smart Card relay's wire format (issue 15 §4): Chrome exposes `navigator.smartCard` to windows only
 * (WICG web-smart-card, `[Exposed=Window]`), so the window answers the driver worker's PC/SC calls over a
 * MessagePort. The worker side (src/sources/smart-card/relay-*.ts) is a SmartCardResourceManager; the window
 * side (src/ui/driver-client/smart-card-relay.ts) calls the real API. Contexts and connections cross as
 * numbers; a transaction crosses as begin → started → end → ended, so the worker's commands run inside the
 * window's SCardBeginTransaction. Plain structured-clonable data only.
 */

/** The message a window posts to its driver worker with the port (transferred). */
export const SMART_CARD_RELAY_OFFER = 'ukey-smart-card-relay';

export interface SmartCardRelayOffer {
  readonly type: typeof SMART_CARD_RELAY_OFFER;
  readonly port: MessagePort;
}

export function isSmartCardRelayOffer(value: unknown): value is SmartCardRelayOffer {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === SMART_CARD_RELAY_OFFER;
}

/** WICG web-smart-card SmartCardReaderStateIn, as plain data. */
export interface RelayReaderStateIn {
  readonly readerName: string;
  readonly currentState: Readonly<Record<string, boolean | undefined>>;
  readonly currentCount?: number;
}

export type RelayCall =
  | { readonly op: 'establishContext' }
  | { readonly op: 'listReaders'; readonly context: number }
  | { readonly op: 'getStatusChange'; readonly context: number; readonly readerStates: readonly RelayReaderStateIn[]; readonly timeout?: number }
  | { readonly op: 'connect'; readonly context: number; readonly readerName: string; readonly accessMode: string; readonly preferredProtocols?: readonly string[] }
  | { readonly op: 'transmit'; readonly connection: number; readonly command: ArrayBuffer }
  | { readonly op: 'status'; readonly connection: number }
  | { readonly op: 'disconnect'; readonly connection: number; readonly disposition?: string }
  /** Answered with `{ transaction }` once the window holds the transaction; `ended` follows `end`. */
  | { readonly op: 'beginTransaction'; readonly connection: number }
  /** The worker's transaction body finished: end with `disposition`, or `null` after a failure (the card resets). */
  | { readonly op: 'endTransaction'; readonly transaction: number; readonly disposition: string | null }
  /** The worker gave up waiting on call `call` (an AbortSignal fired): the window aborts it too. */
  | { readonly op: 'abort'; readonly call: number };

export interface RelayRequest {
  readonly id: number;
  readonly call: RelayCall;
}

/** A failure as the Web Smart Card API raised it: DOMException name, message, SmartCardError's responseCode. */
export interface RelayError {
  readonly name: string;
  readonly message: string;
  readonly responseCode?: string;
}

export type RelayMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: RelayError }
  | { readonly kind: 'transaction-ended'; readonly transaction: number; readonly error: RelayError | null };

/** A text for any thrown value; String() itself throws for objects without a usable toString (null prototype). */
function describeThrown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unprintable failure';
  }
}

export function toRelayError(error: unknown): RelayError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; responseCode?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : describeThrown(error),
    ...(typeof e.responseCode === 'string' ? { responseCode: e.responseCode } : {}),
  };
}
