/**
 * What the PIN page offers (issue 16 §2; UX walk 2026-12-06 findings 3 and 15): a blocked PIN hides the
 * "change the default PIN" banner (its link leads to a form that is not there), and online unlock through the
 * CA is offered only for a key registered with its CA — an unregistered key goes to the CA's own route.
 */
import { describe, expect, it } from 'vitest';
import { defaultPinBannerShown, onlineUnlockOffered } from '../../../src/ui/pin/pin-offers';
import type { UnlockStatus } from '../../../src/worker/unlock-api';

const status = (over: Partial<UnlockStatus>): UnlockStatus => ({
  tokenId: 't', keySerial: '1', escrowPhase: null, registered: false, request: null, unblockCodeTriesLeft: 3, pinBlocked: false, ...over,
});

describe('PIN page offers', () => {
  it('a blocked PIN hides the default-PIN banner, even when the card says the PIN is the factory one', () => {
    expect(defaultPinBannerShown({ blocked: true, unblocked: false, defaultInUse: false, isDefault: true })).toBe(false);
    expect(defaultPinBannerShown({ blocked: true, unblocked: false, defaultInUse: true, isDefault: false })).toBe(false);
    expect(defaultPinBannerShown({ blocked: false, unblocked: false, defaultInUse: false, isDefault: true })).toBe(true);
    expect(defaultPinBannerShown({ blocked: false, unblocked: true, defaultInUse: true, isDefault: true })).toBe(false);
  });

  it('offers online unlock only for a key registered with its CA (or an open request to finish)', () => {
    expect(onlineUnlockOffered(null)).toBe(false);
    expect(onlineUnlockOffered(status({ registered: false }))).toBe(false);
    expect(onlineUnlockOffered(status({ registered: false, escrowPhase: 'pending' as UnlockStatus['escrowPhase'] }))).toBe(false);
    expect(onlineUnlockOffered(status({ registered: true }))).toBe(true);
    expect(onlineUnlockOffered(status({ registered: false, request: { requestId: 'ab', filedAt: '2026-12-06T00:00:00Z' } }))).toBe(true);
  });
});
