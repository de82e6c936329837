/**
 * Tokenizer for the offline guide search. Chinese has no spaces, so a CJK run is indexed as its single
 * characters plus its overlapping character bigrams ("证书过期" → 证 书 过 期 证书 书过 过期); a query of two or
 * more characters matches by bigrams, a one-character query ("锁") by the single character. Latin letters and
 * digits form lower-cased words ("E1000" → "e1000"). Everything else separates tokens.
 * Pure and total: every string, including lone surrogates, gives an array (never throws).
 */

/** Longest query we tokenise; the rest of a pasted 10k-character text adds nothing but work. */
export const MAX_QUERY_CHARS = 256;
/** Longest Latin word kept, so fuzzy matching never works on a huge token. */
export const MAX_WORD_CHARS = 40;
/** Most distinct tokens a query contributes. */
export const MAX_QUERY_TOKENS = 48;

/** Code point ranges treated as ideographic-like scripts without word spaces (CJK, kana, hangul). */
const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x3040, 0x30ff], // hiragana, katakana
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xac00, 0xd7af], // hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0x20000, 0x3134f], // CJK extensions B–G
];

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function isCjk(cp: number): boolean {
  return CJK_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

type Run = { readonly kind: 'cjk' | 'word'; readonly chars: string[] };

function splitRuns(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  // NFKC folds full-width Latin (ＰＩＮ) and digits typed in a Chinese input method to ASCII.
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const cp = ch.codePointAt(0) ?? 0;
    const kind = isCjk(cp) ? 'cjk' : WORD_CHAR.test(ch) ? 'word' : undefined;
    if (kind === undefined) {
      current = undefined;
      continue;
    }
    if (current?.kind !== kind) {
      current = { kind, chars: [] };
      runs.push(current);
    }
    current.chars.push(ch);
  }
  return runs;
}

function bigrams(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Tokens for indexing a guide text: CJK singles + bigrams, Latin words. */
export function tokenizeForIndex(text: string): string[] {
  const out: string[] = [];
  for (const run of splitRuns(text)) {
    if (run.kind === 'word') out.push(run.chars.slice(0, MAX_WORD_CHARS).join(''));
    else out.push(...run.chars, ...bigrams(run.chars));
  }
  return out;
}

/**
 * Tokens for a user's query: CJK bigrams (a single character only when the run is one character long),
 * Latin words; capped in length and count, de-duplicated.
 */
export function tokenizeForQuery(query: string): string[] {
  const out = new Set<string>();
  const runs = splitRuns(query.slice(0, MAX_QUERY_CHARS));
  // A Latin word cut in half by the length cap would match the wrong things: drop it.
  const cutMidWord = query.length > MAX_QUERY_CHARS && WORD_CHAR.test(query.charAt(MAX_QUERY_CHARS));
  if (cutMidWord && runs[runs.length - 1]?.kind === 'word') runs.pop();
  for (const run of runs) {
    if (run.kind === 'word') out.add(run.chars.slice(0, MAX_WORD_CHARS).join(''));
    else if (run.chars.length === 1) out.add(run.chars[0]!);
    else for (const b of bigrams(run.chars)) out.add(b);
    if (out.size >= MAX_QUERY_TOKENS) break;
  }
  return [...out].slice(0, MAX_QUERY_TOKENS);
}
