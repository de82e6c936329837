import { t, type Lang } from './i18n';
import type { TokenRecord } from '../store';

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

/**
 * A key's name on its card and detail page: for a key recorded by its certificate without a label, the
 * holder's unit from the certificate (several such keys must not all read "用证书记录的 UKEY").
 */
export function viewName(view: { readonly record: TokenRecord; readonly certificates: ReadonlyArray<{ readonly report: { readonly subject: Readonly<Record<string, string>> } | null }> }, lang: Lang): string {
  const { record } = view;
  if (!record.label && record.transport === 'certificate-only') {
    const holder = view.certificates.map((c) => c.report?.subject.O ?? c.report?.subject.CN).find((h) => h !== undefined && h !== '');
    if (holder) return holder;
  }
  return keyName(record, lang);
}
