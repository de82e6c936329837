/**
 * The messages the page and the service worker exchange. Shared by sw.ts (worker side) and register.ts /
 * version-client.ts (page side) so both spell them the same way.
 */
export const SW_MESSAGE = {
  /** Page → SW: answer with the version on the MessagePort sent along (workbox-window `messageSW`). */
  GET_VERSION: 'GET_VERSION',
  /** Page → SW: the user agreed to update; activate the waiting worker now. */
  SKIP_WAITING: 'SKIP_WAITING',
} as const;

export type SwMessageType = (typeof SW_MESSAGE)[keyof typeof SW_MESSAGE];

export interface SwVersionReply {
  readonly type: 'VERSION';
  readonly version: string;
}

export function isSwVersionReply(value: unknown): value is SwVersionReply {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'VERSION' &&
    typeof (value as { version?: unknown }).version === 'string'
  );
}
