import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUIDE_IDS, searchGuides, type GuideId, type Lang } from '../../../src/ui/guides';
import { nastyString } from './arbitraries';

function rankOf(query: string, lang: Lang, id: GuideId): number {
  return searchGuides(query, lang).indexOf(id);
}

describe('searchGuides: exact portal messages and short words (issue 8 §6)', () => {
  it('an exact portal message leads to its one guide', () => {
    expect(searchGuides('证书尚未生效或已过期', 'zh-CN')).toEqual(['clock-wrong']);
    expect(searchGuides('未查询到与证书关联的用户', 'zh-CN')).toEqual(['no-user-linked']);
  });

  it('a short word returns the answers, not every guide sharing a character pair', () => {
    const hits = searchGuides('延期', 'zh-CN');
    expect(hits[0]).toBe('renewal-rules');
    expect(hits.length).toBeLessThanOrEqual(5);
  });
});

describe('searchGuides: the problems users type', () => {
  it.each<[string, Lang, GuideId, number]>([
    // [query, language, expected guide, must be within the first N]
    ['时间', 'zh-CN', 'clock-wrong', 3],
    ['证书过期', 'zh-CN', 'clock-wrong', 3],
    ['证书尚未生效', 'zh-CN', 'clock-wrong', 1],
    ['锁', 'zh-CN', 'pin-locked', 1],
    ['PIN 锁定', 'zh-CN', 'pin-locked', 1],
    ['PIN锁定', 'zh-CN', 'pin-locked', 1],
    ['E1000', 'zh-CN', 'signature-error-e1000', 1],
    ['e1000', 'en', 'signature-error-e1000', 1],
    ['代理', 'zh-CN', 'proxy-exceptions', 1],
    ['udev', 'zh-CN', 'linux-udev', 1],
    ['udev', 'en', 'linux-udev', 1],
    ['初始密码', 'zh-CN', 'default-pins', 1],
    ['888888', 'zh-CN', 'default-pins', 1],
    ['延期', 'zh-CN', 'renewal-rules', 1],
    ['忘记密码', 'zh-CN', 'unlock', 1],
    ['UKEY 丢失', 'zh-CN', 'lost-or-damaged-token', 1],
    ['未查询到与证书关联的用户', 'zh-CN', 'no-user-linked', 1],
    ['插上 UKEY 无法识别', 'zh-CN', 'token-not-recognised', 2],
    ['驱动', 'zh-CN', 'windows-driver-winusb', 2],
    ['信访', 'zh-CN', 'one-token-per-department', 1],
    ['clock', 'en', 'clock-wrong', 1],
    ['certificate expired', 'en', 'clock-wrong', 3],
    ['pin locked', 'en', 'pin-locked', 1],
    ['proxy', 'en', 'proxy-exceptions', 1],
    ['winusb driver', 'en', 'windows-driver-winusb', 1],
    ['firefox', 'en', 'webusb-missing', 1],
    ['default pin', 'en', 'default-pins', 1],
    ['renew', 'en', 'renewal-rules', 1],
    ['lost token', 'en', 'lost-or-damaged-token', 1],
    ['SecurityError', 'en', 'protected-interface', 1],
  ])('%s (%s) → %s in the top %i', (query, lang, id, top) => {
    const rank = rankOf(query, lang, id);
    expect(rank, `results: ${searchGuides(query, lang).join(', ')}`).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(top);
  });

  it('forgives a typo in a Latin word', () => {
    expect(searchGuides('pruxy', 'en')[0]).toBe('proxy-exceptions');
    expect(searchGuides('revokd', 'en')[0]).toBe('revocation-unknown');
  });

  it('finds English words typed into the Chinese screen, after the Chinese hits', () => {
    expect(searchGuides('firefox', 'zh-CN')).toContain('webusb-missing');
    expect(searchGuides('proxy', 'zh-CN')[0]).toBe('proxy-exceptions');
  });

  it('returns each guide at most once', () => {
    const ids = searchGuides('PIN 证书 UKEY token', 'zh-CN');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('returns nothing for a query without searchable characters', () => {
    expect(searchGuides('', 'zh-CN')).toEqual([]);
    expect(searchGuides('  \n\t', 'en')).toEqual([]);
    expect(searchGuides('!!!', 'en')).toEqual([]);
  });
});

describe('searchGuides never throws', () => {
  it.each([
    '.*+?^${}()|[]\\/',
    'a'.repeat(10_000),
    '锁'.repeat(10_000),
    'E1000 '.repeat(2_000),
    '😀🔒🇨🇳',
    '\uD800',
    'x\uDC00y\uD83D',
    '\u0000\u200b\ufeff',
    'constructor __proto__ toString',
  ])('handles %#', (query) => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const ids = searchGuides(query, lang);
      expect(Array.isArray(ids)).toBe(true);
      for (const id of ids) expect(GUIDE_IDS).toContain(id);
    }
  });

  it('returns a list of known ids for any string (10,000 runs)', () => {
    fc.assert(
      fc.property(nastyString, fc.constantFrom<Lang>('zh-CN', 'en'), (query, lang) => {
        const ids = searchGuides(query, lang);
        expect(Array.isArray(ids)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(GUIDE_IDS).toContain(id);
      }),
      { numRuns: 10_000 },
    );
  });
});
