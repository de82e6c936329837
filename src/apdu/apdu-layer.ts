/**
 * One layer of the APDU processor stack (STYLE.md, yubikit `core/smartcard` processors): it takes a command,
 * does its one job (chaining, 6Cxx, 61xx, later secure messaging) and hands the rest to the layer below.
 * Composed in one place, processor.ts; each layer is testable alone over a fake layer.
 */
import type { CommandApdu } from './command';
import type { ResponseApdu } from './response';

export interface ApduLayer {
  /** Sends `command` through this layer and below; the status word comes back un-interpreted. */
  transmit(command: CommandApdu): Promise<ResponseApdu>;
}
