/**
 * What a card says about itself in its historical bytes (ISO 7816-4 §8.1.1): with category indicator 80 (or 00),
 * compact-TLV objects follow; tag 7 holds the card capabilities, whose third software function table says
 * whether the card takes command chaining (b8) and extended Lc/Le fields (b7) (§8.1.1.2.7, Table 118).
 * A reader at extended-APDU level can carry extended APDUs; only the card can say it understands them.
 */
import { parseAtr, AtrError } from '../tpdu';
import type { ExchangeLevel } from './ccid-descriptor';
import { MAX_EXTENDED_APDU, MAX_SHORT_APDU, type CcidCapabilities } from './ccid-transport-options';

export interface CardCapabilities {
  readonly commandChaining: boolean;
  readonly extendedLength: boolean;
}

/** ISO 7816-4 §8.1.1: category indicator bytes that announce compact-TLV data objects. */
const CATEGORY_COMPACT_TLV = 0x80;
const CATEGORY_COMPACT_TLV_WITH_STATUS = 0x00;
/** The status indicator that ends historical bytes of category 00 (§8.1.1.3). */
const STATUS_INDICATOR_LENGTH = 3;
/** Compact-TLV tag of the card capabilities (§8.1.1.2.7). */
const TAG_CARD_CAPABILITIES = 0x7;
const THIRD_TABLE_INDEX = 2;
const BIT_COMMAND_CHAINING = 0x80;
const BIT_EXTENDED_LENGTH = 0x40;

/** The card capabilities of these historical bytes, or undefined when they do not state them. */
export function cardCapabilities(historicalBytes: Uint8Array): CardCapabilities | undefined {
  const category = historicalBytes[0];
  let end = historicalBytes.length;
  if (category === CATEGORY_COMPACT_TLV_WITH_STATUS) end -= STATUS_INDICATOR_LENGTH;
  else if (category !== CATEGORY_COMPACT_TLV) return undefined;
  for (let offset = 1; offset < end; ) {
    const header = historicalBytes[offset]!;
    const tag = header >> 4;
    const length = header & 0x0f;
    const value = historicalBytes.subarray(offset + 1, offset + 1 + length);
    if (value.length < length) return undefined; // truncated: the card said nothing we can rely on
    if (tag === TAG_CARD_CAPABILITIES) {
      const third = value[THIRD_TABLE_INDEX];
      if (third === undefined) return undefined;
      return { commandChaining: (third & BIT_COMMAND_CHAINING) !== 0, extendedLength: (third & BIT_EXTENDED_LENGTH) !== 0 };
    }
    offset += 1 + length;
  }
  return undefined;
}

/**
 * Extended APDUs when the reader exchanges at extended level and the card does not say it lacks them: an ATR
 * whose card capabilities clear "extended Lc and Le" gets short APDUs (and ISO command chaining above us).
 */
export function ccidLinkCapabilities(level: ExchangeLevel, maxDataLength: number, atr: Uint8Array): CcidCapabilities {
  let card: CardCapabilities | undefined;
  try {
    card = cardCapabilities(parseAtr(atr).historicalBytes);
  } catch (error) {
    if (!(error instanceof AtrError)) throw error;
  }
  const extended = level === 'extended-apdu' && card?.extendedLength !== false;
  return { extendedApdu: extended, maxCommandLength: extended ? MAX_EXTENDED_APDU : Math.min(MAX_SHORT_APDU, maxDataLength) };
}
