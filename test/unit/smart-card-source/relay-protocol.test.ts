/**
 * The Web Smart Card relay's wire helpers (issue 15 §4): a failure of any shape crosses as plain data that keeps
 * the DOMException name and SmartCardError's responseCode (what classifySmartCardError reads), and the offer a
 * window posts is recognised — anything else on the worker's message port is not (property-tested).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSmartCardRelayOffer, SMART_CARD_RELAY_OFFER, toRelayError } from '../../../src/shared/smart-card-relay/protocol';

const RUNS = 10_000;

describe('relay wire helpers', () => {
  it('toRelayError never throws and always gives string name and message', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const error = toRelayError(value);
        return typeof error.name === 'string' && typeof error.message === 'string' && (error.responseCode === undefined || typeof error.responseCode === 'string');
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the name, message and responseCode of a SmartCardError-shaped failure', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, message, responseCode) => {
        const error = Object.assign(new Error(message), { name, responseCode });
        expect(toRelayError(error)).toEqual({ name, message, responseCode });
      }),
      { numRuns: RUNS },
    );
    expect(toRelayError(new DOMException('gone', 'InvalidStateError'))).toEqual({ name: 'InvalidStateError', message: 'gone' });
  });

  it('recognises only the relay offer among the messages a worker receives', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const typed = typeof value === 'object' && value !== null && (value as { type?: unknown }).type === SMART_CARD_RELAY_OFFER;
        return isSmartCardRelayOffer(value) === typed;
      }),
      { numRuns: RUNS },
    );
    // comlink's own messages are never taken for an offer
    expect(isSmartCardRelayOffer({ id: '1', type: 'APPLY', path: ['listPairedTokens'] })).toBe(false);
  });
});
