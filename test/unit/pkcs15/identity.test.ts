/**
 * The PKCS#15 profile's readIdentity (issue 15 §4 review A): EF.TokenInfo's serialNumber (ISO 7816-15), the same
 * value readFacts gives, so a reopen after a handover recognises the card; null for a card without TokenInfo.
 */
import { describe, expect, it } from 'vitest';
import { PKCS15_PROFILE } from '../../../src/cards/pkcs15';
import { pkcs15CardFrom, pkcs15TestLayout } from '../../../src/virtual/pkcs15-card';
import { CardTransport } from './card-transport';

async function identityAndFacts(withoutTokenInfo: boolean): Promise<{ identity: string | null; named: string | null }> {
  const card = pkcs15CardFrom(await pkcs15TestLayout(withoutTokenInfo ? { withoutTokenInfo: true } : {}));
  const facts = await (await PKCS15_PROFILE.open(new CardTransport(card), {}))!.readFacts();
  const session = (await PKCS15_PROFILE.open(new CardTransport(card), {}))!;
  return { identity: (await session.readIdentity?.()) ?? null, named: facts.serialNumber ?? facts.cardIdentifier };
}

describe('PKCS#15 card identity', () => {
  it('is the TokenInfo serial, as readFacts names the card', async () => {
    const { identity, named } = await identityAndFacts(false);
    expect(identity).toBe('202612060015');
    expect(identity).toBe(named);
  });

  it('is null for a card without EF.TokenInfo (the reopen then compares the ATR only)', async () => {
    const { identity, named } = await identityAndFacts(true);
    expect(identity).toBeNull();
    expect(named).toBeNull();
  });
});
