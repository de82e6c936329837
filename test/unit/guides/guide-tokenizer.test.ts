import fc from 'fast-check';
import { nastyString } from './arbitraries';
import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_TOKENS,
  MAX_WORD_CHARS,
  tokenizeForIndex,
  tokenizeForQuery,
} from '../../../src/ui/guides/guide-tokenizer';


describe('tokenizeForIndex', () => {
  it('emits CJK single characters and bigrams', () => {
    expect(tokenizeForIndex('证书过期')).toEqual(['证', '书', '过', '期', '证书', '书过', '过期']);
  });

  it('lower-cases Latin words and keeps digits with them', () => {
    expect(tokenizeForIndex('Error E1000, PIN!')).toEqual(['error', 'e1000', 'pin']);
  });

  it('splits mixed text at script changes and folds full-width Latin (NFKC)', () => {
    expect(tokenizeForIndex('ＰＩＮ锁定')).toEqual(['pin', '锁', '定', '锁定']);
    expect(tokenizeForIndex('udev规则')).toEqual(['udev', '规', '则', '规则']);
  });

  it('caps very long Latin words', () => {
    expect(tokenizeForIndex('x'.repeat(500))).toEqual(['x'.repeat(MAX_WORD_CHARS)]);
  });
});

describe('tokenizeForQuery', () => {
  it('uses bigrams for multi-character CJK runs and the character itself for a single one', () => {
    expect(tokenizeForQuery('证书过期')).toEqual(['证书', '书过', '过期']);
    expect(tokenizeForQuery('锁')).toEqual(['锁']);
    expect(tokenizeForQuery('PIN 锁定')).toEqual(['pin', '锁定']);
  });

  it('gives nothing for blanks, punctuation, emoji and lone surrogates', () => {
    for (const q of ['', '   ', '.*+?^${}()|[]\\', '😀😀', '\uD800', '\uDFFF\uD800', '\u0000']) {
      expect(tokenizeForQuery(q)).toEqual([]);
    }
  });

  it('de-duplicates and caps a 10,000-character query', () => {
    expect(tokenizeForQuery('锁'.repeat(10_000))).toEqual(['锁锁']);
    expect(tokenizeForQuery('ab '.repeat(5_000))).toEqual(['ab']);
    const many = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    expect(tokenizeForQuery(many)).toHaveLength(MAX_QUERY_TOKENS);
  });

  it('never throws and yields only non-empty, bounded tokens for any string (10,000 runs)', () => {
    fc.assert(
      fc.property(nastyString, (s) => {
        for (const tokens of [tokenizeForQuery(s), tokenizeForIndex(s)]) {
          expect(Array.isArray(tokens)).toBe(true);
          for (const t of tokens) {
            expect(t.length).toBeGreaterThan(0);
            expect(t.length).toBeLessThanOrEqual(MAX_WORD_CHARS * 2);
            expect(t).not.toMatch(/\s/);
          }
        }
        expect(tokenizeForQuery(s).length).toBeLessThanOrEqual(MAX_QUERY_TOKENS);
      }),
      { numRuns: 10_000 },
    );
  });
});
