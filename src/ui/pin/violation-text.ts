import { t, type Lang, type UiKey } from '../i18n';
import type { PinCharset, PinPolicy, PinViolation } from './pin-policy';

const CHARSET_KEY: Readonly<Record<PinCharset, UiKey>> = {
  digits: 'policyDigits',
  'letters-digits': 'policyLettersDigits',
  any: 'policyAny',
};

export function policyText(policy: PinPolicy, lang: Lang): string {
  return t(lang, 'policyTitle', { min: policy.minLength, max: policy.maxLength, charset: t(lang, CHARSET_KEY[policy.charset]) });
}

export function violationText(v: PinViolation, lang: Lang): string {
  switch (v.code) {
    case 'empty':
      return t(lang, 'violationEmpty');
    case 'too-short':
      return t(lang, 'violationTooShort', { min: v.min, len: v.len });
    case 'too-long':
      return t(lang, 'violationTooLong', { max: v.max, len: v.len });
    case 'digits-only':
      return t(lang, 'violationDigitsOnly');
    case 'letters-and-digits':
      return t(lang, 'violationLettersDigits');
    case 'ascii-only':
      return t(lang, 'violationAsciiOnly');
    case 'mismatch':
      return t(lang, 'violationMismatch');
    case 'same-as-old':
      return t(lang, 'violationSameAsOld');
    case 'is-default':
      return t(lang, 'violationIsDefault');
  }
}
