/**
 * The reach map asks "does a registered card profile speak this command set" through data next to the
 * known-token table (issue 17 §3): these tests keep that list in step with the worker's profile registry.
 */
import { describe, expect, it } from 'vitest';
import { REACH_CONTEXTS, reachForDevice } from '../../../src/ui/reach';
import { isSpokenCommandSet, KNOWN_TOKENS, SPOKEN_COMMAND_SETS } from '../../../src/usb-driver/known-tokens';
import { CARD_PROFILES } from '../../../src/worker/card-profiles';

describe('spoken command sets (issue 17 §3)', () => {
  it('every spoken command set is the id of a registered card profile', () => {
    const ids = CARD_PROFILES.map((p) => p.id);
    expect(SPOKEN_COMMAND_SETS.length).toBeGreaterThan(0);
    for (const set of SPOKEN_COMMAND_SETS) expect(ids).toContain(set);
  });

  it('every known token names a spoken set, a vendor set or none known', () => {
    for (const token of KNOWN_TOKENS) {
      const named = isSpokenCommandSet(token.commandSet) || token.commandSet === 'vendor' || token.commandSet === 'unknown';
      expect(named, `${token.vendor} ${token.model}`).toBe(true);
    }
  });

  it('the verdict calls a token supported exactly when a registered profile speaks its command set', () => {
    for (const token of KNOWN_TOKENS) {
      if (token.productId === null) continue;
      const expected = isSpokenCommandSet(token.commandSet) ? 'supported' : token.commandSet === 'vendor' ? 'missing' : 'unknown';
      for (const context of REACH_CONTEXTS) {
        expect(reachForDevice({ vendorId: token.vendorId, productId: token.productId }, context).cardProfile, `${token.model} in ${context}`).toBe(expected);
      }
    }
  });
});
