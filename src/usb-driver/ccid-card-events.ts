/**
 * The interrupt IN endpoint of a CCID reader (CCID Rev 1.1 §6.3): NotifySlotChange says a card came or went,
 * HardwareError reports a reader fault. A frame that does not decode is surfaced to the problem listeners and
 * skipped, not taken as the end of card-change events (review §2: it used to end them silently); only a run of
 * bad frames stops the listener, and that is surfaced too.
 */
import type { UKeyError } from '../shared/errors';
import { decodeInterrupt, type InterruptMessage } from './ccid-codec';
import { CcidHardwareError, MalformedCcidError } from './ccid-errors';

/** Bad frames in a row after which the interrupt endpoint is given up (a reader spewing garbage or stalling). */
export const MAX_BAD_INTERRUPT_FRAMES = 8;

export interface CardEventSource {
  /** One interrupt transfer; null when the link stopped. A rejection ends the listener (e.g. a disconnect). */
  read(): Promise<{ readonly status: string | undefined; readonly bytes: Uint8Array | null } | null>;
  readonly stopped: () => boolean;
}

export interface CardEventSinks {
  readonly cardChanged: (present: boolean) => void;
  readonly problem: (error: UKeyError) => void;
}

function toProblem(message: InterruptMessage): UKeyError | null {
  if (message.kind !== 'HardwareError') return null;
  return new CcidHardwareError(message.errorCode, `Reader hardware error 0x${message.errorCode.toString(16)} on the interrupt endpoint`);
}

export async function listenForCardEvents(source: CardEventSource, sinks: CardEventSinks): Promise<void> {
  let badInARow = 0;
  const bad = (error: MalformedCcidError): boolean => {
    sinks.problem(error);
    badInARow++;
    if (badInARow < MAX_BAD_INTERRUPT_FRAMES) return false;
    sinks.problem(new MalformedCcidError('interrupt-given-up', `${badInARow} bad interrupt frames in a row: card changes are no longer reported`));
    return true;
  };
  while (!source.stopped()) {
    const result = await source.read();
    if (result === null || source.stopped()) return;
    if (result.status !== 'ok' || !result.bytes) {
      if (bad(new MalformedCcidError(`usb-${result.status ?? 'no-data'}`, `Interrupt IN ended with status ${String(result.status)}`))) return;
      continue;
    }
    let message: InterruptMessage;
    try {
      message = decodeInterrupt(result.bytes);
    } catch (error) {
      if (!(error instanceof MalformedCcidError)) throw error;
      if (bad(error)) return;
      continue;
    }
    badInARow = 0;
    const problem = toProblem(message);
    if (problem) sinks.problem(problem);
    const slot = message.kind === 'NotifySlotChange' ? message.slots[0] : undefined;
    if (slot?.changed) sinks.cardChanged(slot.present);
  }
}
