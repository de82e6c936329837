import { t, type Lang } from './i18n';
import type { TokenRecord } from '../store/records';

/**
 * What to call a key in a sentence: the user's label first; otherwise the model — but never the virtual card's
 * English product name in the Chinese UI (issue 8 §6): the demo key is "演示 UKEY".
 */
export function keyName(record: TokenRecord, lang: Lang): string {
  if (record.label) return record.label;
  if (record.isDemo) return t(lang, 'demoKeyName');
  if (record.transport === 'certificate-only') return t(lang, 'certOnlyKeyName');
  return record.model ?? record.productName;
}
