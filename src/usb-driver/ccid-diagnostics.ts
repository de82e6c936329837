/**
 * Plain, structured-clonable facts about a CCID link for the helpdesk export (issue 2 §3, DESIGN.md §9): what
 * the reader declares (CCID §5.1) and what the card answered to reset (ISO 7816-3 §8). No secrets in here.
 */
import { parseAtr } from '../tpdu/atr';
import { exchangeLevelOf, PROTOCOL_BITS, type CcidDescriptor, type ExchangeLevel } from './ccid-descriptor';
import { AtrError } from '../tpdu/atr-errors';

export interface CcidLinkReport {
  readonly deviceName: string;
  readonly exchangeLevel: ExchangeLevel;
  readonly bcdCcid: string;
  readonly featuresHex: string;
  readonly maxCcidMessageLength: number;
  /** Protocols the reader supports (dwProtocols). */
  readonly readerProtocols: readonly string[];
  readonly atrHex: string;
  /** Protocols the card offers in its ATR; empty when the ATR could not be parsed. */
  readonly cardProtocols: readonly string[];
  readonly historicalBytesHex: string;
  /** Why the ATR did not parse (AtrError reason), or null. */
  readonly atrProblem: string | null;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

export function describeCcidLink(deviceName: string, descriptor: CcidDescriptor, atr: Uint8Array): CcidLinkReport {
  const readerProtocols: string[] = [];
  if (descriptor.protocols & PROTOCOL_BITS.t0) readerProtocols.push('T=0');
  if (descriptor.protocols & PROTOCOL_BITS.t1) readerProtocols.push('T=1');
  let cardProtocols: string[] = [];
  let historicalBytesHex = '';
  let atrProblem: string | null = null;
  try {
    const parsed = parseAtr(atr);
    cardProtocols = parsed.protocols.map((t) => `T=${t}`);
    historicalBytesHex = hex(parsed.historicalBytes);
  } catch (error) {
    if (!(error instanceof AtrError)) throw error;
    atrProblem = error.reason;
  }
  return {
    deviceName,
    exchangeLevel: exchangeLevelOf(descriptor.features),
    bcdCcid: `${descriptor.bcdCcid >> 8}.${(descriptor.bcdCcid & 0xff).toString(16).padStart(2, '0')}`,
    featuresHex: descriptor.features.toString(16).padStart(8, '0').toUpperCase(),
    maxCcidMessageLength: descriptor.maxCcidMessageLength,
    readerProtocols,
    atrHex: hex(atr),
    cardProtocols,
    historicalBytesHex,
    atrProblem,
  };
}
