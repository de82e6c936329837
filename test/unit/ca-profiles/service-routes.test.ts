// Every CA in the profiles can be reached from the app (issue 16 §2): a published company hotline, or — when the
// CA's manuals publish none — its service route and website. No number is invented: every hotline is one the
// seed manuals print as the CA's service line, and none is a mobile number (a person's, never a company's).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';

const SEEDS_DIR = join(__dirname, '../../../../shared/seeds');
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

describe('CA service routes', () => {
  for (const profile of CA_PROFILES) {
    it(`${profile.id}: a hotline or a service route with its website, in both languages`, () => {
      expect(profile.serviceRoute.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(profile.serviceRoute.en).not.toMatch(/^$/);
      if (profile.id !== 'demo') expect(profile.hotlines.length > 0 || profile.serviceRoute.url !== null).toBe(true);
      if (profile.serviceRoute.url !== null) expect(profile.serviceRoute.url).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/);
      for (const h of profile.hotlines) {
        expect(h).toMatch(/^(400\d{7}|0\d{2,3}-\d{7,8})$/);
        expect(h.replace(/-/g, '')).not.toMatch(MOBILE);
      }
    });
  }

  it.skipIf(!existsSync(SEEDS_DIR))('every hotline and website is printed in the seed manuals (skipped: ../shared/seeds absent on this clone)', () => {
    const seeds = readdirSync(SEEDS_DIR).map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8')).join('\n');
    for (const profile of CA_PROFILES) {
      for (const h of profile.hotlines) expect(seeds.replace(/[-\s]/g, '')).toContain(h.replace(/-/g, ''));
      if (profile.serviceRoute.url !== null) expect(seeds).toContain(profile.serviceRoute.url.replace(/^https?:\/\//, '').replace(/\/$/, ''));
    }
  });
});
