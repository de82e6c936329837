/** The UI speaks the seam's words (issue 17 §3): roles from the profile, key references as the profile issued them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from '../../../src/ui/router';
import { keyOffers, renewalsDue } from '../../../src/ui/key-offers';
import { effectivePolicy } from '../../../src/ui/pin/pin-policy';
import { certificateRoleKey, sortCertificates } from '../../../src/ui/token-view';
import { certRecord, report, tokenRecord } from '../store/fixtures';

describe('the UI over the card-profile seam', () => {
  it('shows the role the worker sent, not one recomputed from PIV slot numbers', () => {
    expect(certificateRoleKey(certRecord('p15', 1, { role: 'authentication' }), false)).toBe('slotRoleAuth');
    expect(certificateRoleKey(certRecord('p15', 2, { role: 'signature' }), false)).toBe('slotRoleSign');
    expect(certificateRoleKey(certRecord('p15', 3, { role: 'encryption' }), false)).toBe('slotRoleEncrypt');
    expect(certificateRoleKey(certRecord('piv', 0x82, { role: 'retired' }), false)).toBe('slotRoleRetired');
  });

  it('orders certificates by role (authentication, signature, encryption, card, older keys), then key reference', () => {
    const certs = [
      certRecord('t', 1, { role: 'encryption' }),
      certRecord('t', 5, { role: 'retired' }),
      certRecord('t', 2, { role: 'signature' }),
      certRecord('t', 4, { role: 'retired' }),
      certRecord('t', 3, { role: 'authentication' }),
    ];
    expect(sortCertificates(certs).map((c) => c.keyRef)).toEqual([3, 2, 1, 4, 5]);
  });

  it('takes a renewal route for a key reference the profile issued (#/token/p15/renew/1)', () => {
    expect(parseRoute('#/token/p15/renew/1')).toEqual({ name: 'renew', tokenId: 'p15', keyRef: 1 });
    expect(parseRoute('#/token/p15/renew/9a')).toEqual({ name: 'renew', tokenId: 'p15', keyRef: 0x9a });
  });

  it('round-trips any key reference through the renewal address (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat({ max: 0xffff_ffff }), (tokenId, keyRef) => {
        const route: Route = { name: 'renew', tokenId, keyRef };
        expect(parseRoute(hrefFor(route))).toEqual(route);
      }),
      { numRuns: 10_000 },
    );
  });

  it('offers what the profile can do; a record from before the worker said so keeps the old offers', () => {
    const readOnly = tokenRecord('p15', { capabilities: { credentials: { pin: true, unblockCode: false }, signs: false, renews: false } });
    expect(keyOffers(readOnly)).toEqual({ pin: true, unblockCode: false, renew: false, sign: false });
    expect(keyOffers(tokenRecord('old'))).toEqual({ pin: true, unblockCode: true, renew: true, sign: true });
  });

  it('全面检查 offers 去延期 only for a card whose profile renews, naming the role the profile gave', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    const soon = report({ notAfter: '2026-12-16T00:00:00Z' });
    const view = (id: string, capabilities?: { renews: boolean }) => ({
      record: tokenRecord(id, capabilities ? { capabilities: { credentials: { pin: true, unblockCode: capabilities.renews }, signs: capabilities.renews, renews: capabilities.renews } } : {}),
      certificates: [certRecord(id, id === 'p15' ? 2 : 0x9c, { role: 'signature', report: soon })],
      live: true,
      reading: false,
      error: null,
      pinStatus: null,
    });
    const due = renewalsDue([view('p15', { renews: false }), view('piv', { renews: true })], now);
    expect(due.map((d) => [d.view.record.id, d.cert.keyRef, d.roleKey])).toEqual([['piv', 0x9c, 'slotRoleSign']]);
  });

  it('a new PIN meets the card and every CA profile: the card policy is the base, not PIV 6–8', () => {
    const card = { minLength: 4, maxLength: 8, charset: 'digits' } as const;
    expect(effectivePolicy([], card)).toEqual(card);
    expect(effectivePolicy([{ minLength: 6, maxLength: 6, charset: 'digits' }], card)).toEqual({ minLength: 6, maxLength: 6, charset: 'digits' });
  });
});
