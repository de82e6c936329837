/**
 * Plain, structured-clonable facts about a CCID link for the helpdesk export (issue 2 §3, DESIGN.md §9): what
 * the reader declares (CCID §5.1) and what the card answered to reset (ISO 7816-3 §8). No secrets in here.
 */
import { summarizeAtr } from '../tpdu';
import { exchangeLevelOf, PROTOCOL_BITS, type CcidDescriptor, type ExchangeLevel } from './ccid-descriptor';

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


export function describeCcidLink(deviceName: string, descriptor: CcidDescriptor, atr: Uint8Array): CcidLinkReport {
  const readerProtocols: string[] = [];
  if (descriptor.protocols & PROTOCOL_BITS.t0) readerProtocols.push('T=0');
  if (descriptor.protocols & PROTOCOL_BITS.t1) readerProtocols.push('T=1');
  return {
    deviceName,
    exchangeLevel: exchangeLevelOf(descriptor.features),
    bcdCcid: `${descriptor.bcdCcid >> 8}.${(descriptor.bcdCcid & 0xff).toString(16).padStart(2, '0')}`,
    featuresHex: descriptor.features.toString(16).padStart(8, '0').toUpperCase(),
    maxCcidMessageLength: descriptor.maxCcidMessageLength,
    readerProtocols,
    ...summarizeAtr(atr),
  };
}
