/**
 * A PIN as the card's AODF says to send it (ISO 7816-15 §8.8.2 PinAttributes, PKCS#15 v1.1 §6.8.2): the
 * encoding of pinType, the lengths, and padding to storedLength with padChar when the needs-padding flag is
 * set. A PIN the card cannot accept is refused before sending — never truncated, no try spent.
 */
import { NotSupportedError } from '../../shared/errors';
import { DEFAULT_PAD_CHAR, PIN_FLAG, PIN_TYPE } from './constants';
import type { PinInfo } from './directory-files';
import { Pkcs15PinFormatError } from './errors';

const PRINTABLE_ASCII_FIRST = 0x20;
const PRINTABLE_ASCII_LAST = 0x7e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/** BCD fills an odd last nibble (and, padded, whole bytes) with F (PKCS#15 v1.1 §6.8.2 "bcd"). */
const BCD_FILLER_NIBBLE = 0x0f;

function hasFlag(info: PinInfo, bit: number): boolean {
  return (info.flags & (1 << bit)) !== 0;
}

/** The longest PIN the card takes: maxLength, else storedLength (§8.8.2: the length the card stores; 0 = no limit). */
export function pinMaxLength(info: PinInfo): number {
  return info.maxLength ?? info.storedLength;
}

/** ISO 7816-4 §11.5.6: VERIFY without data asks for the state, so an empty PIN is never a PIN, whatever the AODF says. */
const ABSOLUTE_MIN_LENGTH = 1;

function checkLength(count: number, info: PinInfo): void {
  const max = pinMaxLength(info);
  const min = Math.max(info.minLength, ABSOLUTE_MIN_LENGTH);
  if (count < min) throw new Pkcs15PinFormatError('too-short', min, max);
  if (max > 0 && count > max) throw new Pkcs15PinFormatError('too-long', info.minLength, max);
}

function codesOf(pin: string, info: PinInfo, first: number, last: number): number[] {
  const codes = Array.from(pin, (c) => c.charCodeAt(0));
  if (codes.some((code) => code < first || code > last)) throw new Pkcs15PinFormatError('charset', info.minLength, pinMaxLength(info));
  return codes;
}

function padded(bytes: Uint8Array, info: PinInfo, padByte: number): Uint8Array<ArrayBuffer> {
  if (!hasFlag(info, PIN_FLAG.NEEDS_PADDING) || bytes.length >= info.storedLength) return Uint8Array.from(bytes);
  const out = new Uint8Array(info.storedLength).fill(padByte);
  out.set(bytes);
  return out;
}

/**
 * The reference data bytes for `pin`. The caller wipes them after the exchange. ascii-numeric is sent as the
 * typed characters when printable ASCII (what OpenSC sends for it too, so a PIN set with OpenSC still works).
 */
export function encodePin(pin: string, info: PinInfo): Uint8Array<ArrayBuffer> {
  switch (info.pinType) {
    case PIN_TYPE.ASCII_NUMERIC: {
      const codes = codesOf(pin, info, PRINTABLE_ASCII_FIRST, PRINTABLE_ASCII_LAST);
      checkLength(codes.length, info);
      return padded(Uint8Array.from(codes), info, info.padChar ?? DEFAULT_PAD_CHAR);
    }
    case PIN_TYPE.UTF8: {
      const bytes = new TextEncoder().encode(pin);
      checkLength(bytes.length, info);
      return padded(bytes, info, info.padChar ?? DEFAULT_PAD_CHAR);
    }
    case PIN_TYPE.BCD: {
      const digits = codesOf(pin, info, DIGIT_ZERO, DIGIT_NINE).map((code) => code - DIGIT_ZERO);
      checkLength(digits.length, info);
      const bytes = new Uint8Array(Math.ceil(digits.length / 2));
      digits.forEach((digit, i) => (bytes[i >> 1]! |= i % 2 === 0 ? digit << 4 : digit));
      if (digits.length % 2 === 1) bytes[bytes.length - 1]! |= BCD_FILLER_NIBBLE;
      return padded(bytes, info, info.padChar ?? 0xff);
    }
    default:
      // half-nibble-bcd and iso9564-1 (PIN block formats) have no user on the cards this profile targets.
      throw new NotSupportedError(`PKCS#15 pinType ${info.pinType}`, `PIN encoding ${info.pinType} is not supported`);
  }
}
