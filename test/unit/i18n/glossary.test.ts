/**
 * Every zh-CN string of the app against the glossary (issue 8 §6): no avoided word, full-width punctuation next
 * to Chinese characters, no error class names in sentences. Strings are gathered from every zh table and guide.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_TITLES, ENV_SCREEN_TEXT, STATUS_TEXT } from '../../../src/ui/env-check';
import { FIX_LABELS } from '../../../src/ui/env-check/types';
import { GUIDES } from '../../../src/ui/guides/guides';
import { GUIDE_GROUPS } from '../../../src/ui/guides/guide-groups';
import { ERROR_TEXTS_ZH, GENERIC_ZH, GUIDE_FALLBACK_ZH } from '../../../src/ui/i18n/error-texts-zh';
import { registeredErrorTexts } from '../../../src/shared/errors/error-text-registry';
import { ASCII_PUNCTUATION_NEXT_TO_HAN, CLASS_NAME, GLOSSARY_ZH } from '../../../src/ui/i18n/glossary';
import { revocationUncheckedText } from '../../../src/ui/i18n/revocation-texts';
import { UI_ZH } from '../../../src/ui/i18n/ui-zh';
import { REVOCATION_UNCHECKED_REASONS } from '../../../src/shared/pki/certificate-report';

// Error texts are registered by each group with its errors (issue 17 §3): load every module that defines errors.
import.meta.glob(['../../../src/**/*errors.ts', '../../../src/**/*-error.ts', '../../../src/apdu/hex.ts'], { eager: true });

function zhStrings(): Array<[where: string, text: string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(UI_ZH)) out.push([`ui.${k}`, v]);
  for (const [k, v] of Object.entries(ERROR_TEXTS_ZH)) out.push([`error.${k}.cause`, v.cause], [`error.${k}.whatToDo`, v.whatToDo]);
  for (const [k, v] of registeredErrorTexts()) out.push([`error.${k}.cause`, v['zh-CN'].cause], [`error.${k}.whatToDo`, v['zh-CN'].whatToDo]);
  for (const [k, v] of Object.entries(GUIDE_FALLBACK_ZH)) if (v) out.push([`fallback.${k}`, `${v.cause}${v.whatToDo}`]);
  out.push(['generic', `${GENERIC_ZH.cause}${GENERIC_ZH.whatToDo}`]);
  for (const reason of REVOCATION_UNCHECKED_REASONS) out.push([`revocation.${reason}`, revocationUncheckedText(reason, 'zh-CN')]);
  for (const [k, v] of Object.entries(CHECK_TITLES)) out.push([`check.${k}`, v['zh-CN']]);
  for (const [k, v] of Object.entries(STATUS_TEXT)) out.push([`status.${k}`, v['zh-CN']]);
  for (const [k, v] of Object.entries(FIX_LABELS)) out.push([`fix.${k}`, v['zh-CN']]);
  for (const [k, v] of Object.entries(ENV_SCREEN_TEXT['zh-CN'])) out.push([`env.${k}`, v]);
  for (const g of GUIDE_GROUPS) out.push([`group.${g.id}`, g.title['zh-CN']]);
  for (const g of GUIDES) {
    out.push([`guide.${g.id}.title`, g.title['zh-CN']], [`guide.${g.id}.summary`, g.summary['zh-CN']]);
    g.causes['zh-CN'].forEach((t, i) => out.push([`guide.${g.id}.cause${i}`, t]));
    g.steps['zh-CN'].forEach((t, i) => out.push([`guide.${g.id}.step${i}`, t]));
    if (g.contactCa) out.push([`guide.${g.id}.contactCa`, g.contactCa['zh-CN']]);
  }
  return out;
}

describe('zh-CN glossary (issue 8 §6)', () => {
  const strings = zhStrings();

  it('gathers the app’s zh strings (guides, interface, errors, checks)', () => {
    expect(strings.length).toBeGreaterThan(600);
  });

  for (const entry of GLOSSARY_ZH) {
    it(`uses “${entry.use}”, never ${entry.avoid.map((a) => `“${a}”`).join(' / ')}`, () => {
      const offending = strings.filter(([, text]) => entry.avoid.some((word) => text.includes(word) && !(word === '槽位' && text.startsWith('PIV 槽位'))));
      expect(offending).toEqual([]);
    });
  }

  it('uses full-width punctuation next to Chinese characters', () => {
    expect(strings.filter(([, text]) => ASCII_PUNCTUATION_NEXT_TO_HAN.test(text))).toEqual([]);
  });

  it('puts no error class name into a sentence', () => {
    expect(strings.filter(([, text]) => CLASS_NAME.test(text))).toEqual([]);
  });
});
