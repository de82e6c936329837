/**
 * The PIN policy this card states in its AODF (ISO 7816-15 §8.8.2 PinAttributes), as the seam's CardPinPolicy:
 * the UI checks a typed PIN against it before anything is sent. The numeric encodings (bcd, ascii-numeric,
 * half-nibble-bcd, iso9564-1) take digits only; utf8 takes what the user can type. Padding stays here
 * (pin-encoding.ts): the user never types the pad characters.
 */
import type { CardPinPolicy } from '../seam/token-model';
import { PIN_TYPE } from './constants';
import type { PinInfo } from './directory-files';
import { pinMaxLength } from './pin-encoding';

/** §8.8.2: a storedLength (and no maxLength) of 0 sets no limit; the UI still needs one to say. */
const NO_LIMIT = 64;
/** ISO 7816-4 §11.5.6: an empty VERIFY asks for the tries, so a PIN has at least one character. */
const ABSOLUTE_MIN_LENGTH = 1;

export function cardPinPolicy(info: PinInfo): CardPinPolicy {
  const minLength = Math.max(info.minLength, ABSOLUTE_MIN_LENGTH);
  const max = pinMaxLength(info);
  return {
    minLength,
    maxLength: max > 0 ? Math.max(max, minLength) : NO_LIMIT,
    charset: info.pinType === PIN_TYPE.UTF8 ? 'any' : 'digits',
  };
}
