/**
 * What the helpdesk export says about a card's Answer-to-Reset (ISO 7816-3 §8), the same for every transport:
 * the protocols it offers, its historical bytes, or why it does not parse.
 */
import { parseAtr } from './atr';
import { AtrError } from './atr-errors';

export interface AtrSummary {
  readonly atrHex: string;
  readonly cardProtocols: string[];
  readonly historicalBytesHex: string;
  /** The AtrError reason when the ATR breaks §8, else null. */
  readonly atrProblem: string | null;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

export function summarizeAtr(atr: Uint8Array): AtrSummary {
  try {
    const parsed = parseAtr(atr);
    return {
      atrHex: hex(atr),
      cardProtocols: parsed.protocols.map((t) => `T=${t}`),
      historicalBytesHex: hex(parsed.historicalBytes),
      atrProblem: null,
    };
  } catch (error) {
    if (!(error instanceof AtrError)) throw error;
    return { atrHex: hex(atr), cardProtocols: [], historicalBytesHex: '', atrProblem: error.reason };
  }
}
