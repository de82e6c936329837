import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';

/**
 * The emulated card keeps only a verifier of its PUK (no PUK is stored, DESIGN.md §7), so a test that needs
 * to know the card's PUK watches it being set: CHANGE REFERENCE DATA for the PUK (INS 24, P2 81; SP 800-73-4
 * Part 2 §3.2.2: old and new reference data, 8 bytes each, padded with FF) answered 9000. The value returned
 * is checked against the card's own verifier, so a missed change fails the test instead of passing it.
 */
export function watchCardPuk(card: PivCard, initial: string = FACTORY_DEFAULTS.PUK): () => string {
  let current = initial;
  const transmit = card.transmit.bind(card);
  card.transmit = async (apdu: Uint8Array) => {
    const reply = await transmit(apdu);
    const ok = reply.length >= 2 && reply[reply.length - 2] === 0x90 && reply[reply.length - 1] === 0x00;
    if (ok && apdu[1] === 0x24 && apdu[3] === 0x81 && apdu[4] === 16) {
      current = new TextDecoder().decode(apdu.slice(5 + 8, 5 + 16).filter((b) => b !== 0xff));
    }
    return reply;
  };
  return () => {
    if (!card.referenceIs('puk', current)) throw new Error('the card holds a PUK this test did not see being set');
    return current;
  };
}
