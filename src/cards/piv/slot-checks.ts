/**
 * Arguments refused before a byte is sent: a key slot this card application does not have, an algorithm PIV
 * cannot generate (STYLE.md: features a card lacks are checked up front).
 */
import { NotSupportedError } from '../../shared/errors';
import { CERTIFICATE_SLOTS, type SlotId } from './constants';
import { KEY_ALGORITHM_BY_NAME } from './keys';

export function slotLabel(slot: SlotId): string {
  return slot.toString(16).toUpperCase();
}

/**
 * Key slots with certificates (SP 800-73-4 Part 1 Table 4b): 9A, 9C, 9D, 9E, 82..95. Anything else is refused
 * before a byte is sent, as a feature this card application does not have.
 */
export function checkSlot(slot: SlotId): void {
  if (!Number.isInteger(slot) || !CERTIFICATE_SLOTS.includes(slot)) {
    throw new NotSupportedError(`PIV slot ${String(slot)}`, `${String(slot)} is not a PIV key or certificate slot`, 'card-error');
  }
}

export function checkAlgorithm(name: string): void {
  if (!Object.prototype.hasOwnProperty.call(KEY_ALGORITHM_BY_NAME, name)) {
    throw new NotSupportedError(`key algorithm ${name}`, `Key algorithm ${name} is not one of ${Object.keys(KEY_ALGORITHM_BY_NAME).join(', ')}`);
  }
}
