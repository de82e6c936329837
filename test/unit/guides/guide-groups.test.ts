import { describe, expect, it } from 'vitest';
import { GUIDE_IDS } from '../../../src/shared/errors/guide-ids';
import { GUIDE_GROUPS } from '../../../src/ui/guides/guide-groups';

describe('guide groups by job (issue 8 §6)', () => {
  it('put every guide in exactly one group', () => {
    const grouped = GUIDE_GROUPS.flatMap((g) => g.guides);
    expect([...grouped].sort()).toEqual([...GUIDE_IDS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });
});
