// Every CA in the profiles has its hotline in the guides (issue 16 §2): the guides where the fix needs the CA
// (renewal, unlock, forgotten PIN, lost key) name each clerk CA with (one of) its published hotline(s), or — for a CA whose
// manuals publish none — its website, in both languages. The data is the CA profile rows, so a new row without a
// contact in the guides fails here.
import { describe, expect, it } from 'vitest';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';
import { LANGS, getGuide } from '../../../src/ui/guides';
import type { GuideId } from '../../../src/shared/errors/guide-ids';

const CA_GUIDES: readonly GuideId[] = ['renewal-rules', 'unlock', 'pin-locked', 'lost-or-damaged-token'];
const clerkCas = CA_PROFILES.filter((p) => p.id !== 'demo');

describe('CA contacts in the guides', () => {
  for (const id of CA_GUIDES) {
    for (const lang of LANGS) {
      it(`${id} (${lang}): every clerk CA with its hotline or website`, () => {
        const guide = getGuide(id);
        expect(guide, id).toBeDefined();
        const text = guide?.contactCa?.[lang] ?? '';
        for (const p of clerkCas) {
          const reachable = p.hotlines.length > 0 ? p.hotlines.some((h) => text.includes(h)) : p.serviceRoute.url !== null && text.includes(p.serviceRoute.url.replace(/^https?:\/\//, '').replace(/\/$/, ''));
          expect(reachable, `${p.id} in ${id} ${lang}: ${text}`).toBe(true);
        }
      });
    }
  }
});
