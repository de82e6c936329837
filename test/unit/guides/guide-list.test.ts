import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDE_IDS, guideHref, guideIdFromHash, listGuideIds } from '../../../src/ui/guides';

describe('listGuideIds', () => {
  it('lists every guide for a blank query and the ranked hits otherwise', () => {
    expect(listGuideIds('', 'zh-CN')).toEqual(GUIDE_IDS);
    expect(listGuideIds('   ', 'en')).toEqual(GUIDE_IDS);
    expect(listGuideIds('udev', 'en')[0]).toBe('linux-udev');
    expect(listGuideIds('!!!', 'en')).toEqual([]);
  });
});

describe('guide deep links', () => {
  it('round-trips every guide id through its href', () => {
    for (const id of GUIDE_IDS) expect(guideIdFromHash(guideHref(id))).toBe(id);
  });

  it('accepts a trailing slash and rejects other routes, unknown ids and bad escapes', () => {
    expect(guideIdFromHash('#/guides/clock-wrong/')).toBe('clock-wrong');
    expect(guideIdFromHash('#/guides')).toBeNull();
    expect(guideIdFromHash('#/guides/')).toBeNull();
    expect(guideIdFromHash('#/guides/nope')).toBeNull();
    expect(guideIdFromHash('#/guides/%E0%A4%A')).toBeNull();
    expect(guideIdFromHash('#/token/clock-wrong')).toBeNull();
    expect(guideIdFromHash('#/guides/clock-wrong/extra')).toBeNull();
  });

  it('never throws on any hash (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (tail) => {
        const id = guideIdFromHash(`#/guides/${tail}`);
        expect(id === null || GUIDE_IDS.includes(id)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});
