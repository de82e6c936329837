// 通过 CA 解锁 texts: zh-CN against the glossary (issue 8 §6), same placeholders in English, an error text for
// every unlock error class, and no text asks the user to write the PUK down.
import { describe, expect, it } from 'vitest';
import { ASCII_PUNCTUATION_NEXT_TO_HAN, CLASS_NAME, GLOSSARY_ZH } from '../../../src/ui/i18n/glossary';
import { escrowPhaseText, ut, UNLOCK_ERROR_TEXTS, UNLOCK_TEXTS } from '../../../src/ui/i18n/unlock-texts';
import { registeredErrorNames } from '../../../src/shared/errors/error-registry';
import '../../../src/flows/unlock/errors';
import { FINAL_PHASES } from '../../../src/flows/unlock/escrow-record';
import { UNLOCK_CODE_DIGITS } from '../../../src/shared/cmp/unlock/unlock-code';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('unlock texts', () => {
  const zh = [
    ...Object.entries(UNLOCK_TEXTS['zh-CN']),
    ...Object.entries(UNLOCK_ERROR_TEXTS['zh-CN']).flatMap(([k, v]) => [[`${k}.cause`, v.cause] as const, [`${k}.whatToDo`, v.whatToDo] as const]),
    ...(['resetting', 'at-factory', 'pending', 'changing', 'changed', ...FINAL_PHASES] as const).map((p) => [p, escrowPhaseText('zh-CN', p)] as const),
  ];

  it('zh-CN follows the glossary: no avoided word, full-width punctuation, no class names', () => {
    for (const [where, text] of zh) {
      for (const entry of GLOSSARY_ZH) for (const avoid of entry.avoid) expect(text, where).not.toContain(avoid);
      expect(ASCII_PUNCTUATION_NEXT_TO_HAN.test(text), `${where}: ${text}`).toBe(false);
      expect(CLASS_NAME.test(text), where).toBe(false);
    }
  });

  it('English has every key with the same placeholders', () => {
    for (const [key, text] of Object.entries(UNLOCK_TEXTS['zh-CN'])) {
      const en = UNLOCK_TEXTS.en[key as keyof (typeof UNLOCK_TEXTS)['en']];
      expect(en, key).toBeTruthy();
      expect(placeholders(en), key).toEqual(placeholders(text));
    }
  });

  it('has cause and what-to-do for every unlock error class in both languages', () => {
    const names = registeredErrorNames().filter((n) => /^(Unlock|Escrowed)/.test(n));
    expect(names.sort()).toEqual(Object.keys(UNLOCK_ERROR_TEXTS['zh-CN']).sort());
    expect(Object.keys(UNLOCK_ERROR_TEXTS.en).sort()).toEqual(names);
  });

  it('shows the new unblock code the unlock screen passes as {code}, in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const text = ut(lang, 'shownUnblockCode', { code: '90817263' });
      expect(text, lang).toContain('90817263');
      expect(text, lang).not.toMatch(/\{\w+\}/);
    }
  });

  it('never asks the user to write the PUK down', () => {
    for (const [, text] of zh) expect(text).not.toMatch(/抄下|记下|写下|牢记/);
  });

  it('names the unlock code with the number of digits the CA issues (a screen once promised 8 while the CA sent 16)', () => {
    const texts = (['zh-CN', 'en'] as const).flatMap((lang) => [
      ...Object.values(UNLOCK_TEXTS[lang]),
      ...Object.values(UNLOCK_ERROR_TEXTS[lang]).flatMap((v) => [v.cause, v.whatToDo]),
    ]);
    const counts = texts.flatMap((text) => [...text.matchAll(/(\d+) ?(?:位|-digit| digits)/g)].map((m) => Number(m[1])));
    expect(counts.length).toBeGreaterThan(0);
    // PIN lengths (6 到 8 位) are said as a range and are not the code's.
    const codeCounts = texts.filter((t) => /解锁授权码|unlock code/i.test(t)).flatMap((t) => [...t.matchAll(/(\d+) ?(?:位数字|位解锁|-digit| digits)/g)].map((m) => Number(m[1])));
    expect(codeCounts.length).toBeGreaterThan(0);
    for (const n of codeCounts) expect(n).toBe(UNLOCK_CODE_DIGITS);
  });
});
