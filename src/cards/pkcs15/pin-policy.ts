/**
 * The PIN policy this card states in its AODF (ISO 7816-15 §8.8.2 PinAttributes), as the seam's CardPinPolicy:
 * the UI checks a typed PIN against it before anything is sent, and never refuses a PIN encodePin would send
 * (pin-encoding.ts; property test). bcd takes digits only; ascii-numeric and utf8 take what the user types, as
 * the encoder does (it sends printable ASCII for ascii-numeric, so a PIN set with OpenSC still works). Padding
 * stays in the profile: the user never types the pad characters.
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
    charset: info.pinType === PIN_TYPE.BCD ? 'digits' : 'any',
  };
}
