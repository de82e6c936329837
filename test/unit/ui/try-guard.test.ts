import { describe, expect, it } from 'vitest';
import { tryGuard } from '../../../src/ui/pin/try-guard';

// Regression: the PIN forms could be submitted before the tries-left read had finished, so the last try could
// be spent without the confirmation DESIGN.md §7 requires.
describe('tryGuard', () => {
  it('asks for confirmation on the last try', () => {
    expect(tryGuard(1)).toBe('last-try');
  });
  it('asks for confirmation when the tries left are unknown', () => {
    expect(tryGuard(null)).toBe('tries-unknown');
  });
  it('lets a try through when more than one is left', () => {
    expect(tryGuard(2)).toBeNull();
    expect(tryGuard(10)).toBeNull();
  });
});
