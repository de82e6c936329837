/**
 * Watches one reader on its own PC/SC context and reports once when the card we connected to is gone:
 * removed, the reader unplugged (a USB token is reader and card in one), or swapped for another card (the
 * event count moved on). A context runs one operation at a time (WICG web-smart-card §SmartCardContext), so the
 * watch never shares the context that transmits.
 */
import { isGoneCode, responseCodeOf } from './smart-card-errors';
import type { SmartCardContext, SmartCardReaderStateFlagsIn, SmartCardReaderStateOut } from './web-smart-card-types';

export interface PresenceWatch {
  /** Stops watching (aborts the pending getStatusChange). */
  stop(): void;
}

function flagsIn(out: SmartCardReaderStateOut): SmartCardReaderStateFlagsIn {
  const s = out.eventState;
  return { unavailable: s.unavailable, empty: s.empty, present: s.present, exclusive: s.exclusive, inuse: s.inuse, mute: s.mute, unpowered: s.unpowered };
}

/** True when the card seen at connect time is no longer there. */
function isGone(out: SmartCardReaderStateOut, connectedCount: number): boolean {
  const s = out.eventState;
  return s.unavailable || s.unknown || s.empty || !s.present || out.eventCount !== connectedCount;
}

/**
 * `connectedCount`: the event count read right after connecting. `onGone` is called at most once; a watch
 * failure that is not a "gone" code (e.g. the service is restarting) stops the watch without a verdict —
 * the next transmit will tell.
 */
export function watchCardPresence(
  context: SmartCardContext,
  readerName: string,
  first: SmartCardReaderStateOut,
  onGone: () => void,
): PresenceWatch {
  const abort = new AbortController();
  const connectedCount = first.eventCount;
  const loop = async (): Promise<void> => {
    let last = first;
    for (;;) {
      if (isGone(last, connectedCount)) {
        onGone();
        return;
      }
      const states = await context.getStatusChange(
        [{ readerName, currentState: flagsIn(last), currentCount: last.eventCount }],
        { signal: abort.signal },
      );
      const next = states.find((s) => s.readerName === readerName);
      if (!next) return;
      last = next;
    }
  };
  loop().catch((error: unknown) => {
    if (abort.signal.aborted) return;
    if (isGoneCode(responseCodeOf(error))) onGone();
  });
  return { stop: () => abort.abort() };
}
