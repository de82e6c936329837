import { t, type Lang } from '../i18n';
import type { CorruptRecordNotice } from '../../store';
import { ErrorPanel } from './error-panel';

const STORE_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  'zh-CN': { tokens: '令牌记录', certificates: '证书缓存', settings: '设置', trustedCAs: 'CA 证书' },
  en: { tokens: 'token record', certificates: 'certificate cache', settings: 'settings', trustedCAs: 'CA certificates' },
};

/** Storage problems are shown, never hidden behind a blank screen (issue 4 §2). */
export function Notices({ lang, corrupt, storageError }: { lang: Lang; corrupt: readonly CorruptRecordNotice[]; storageError: unknown }) {
  if (corrupt.length === 0 && storageError === null) return null;
  return (
    <section class="notices" aria-label={t(lang, 'noticesLabel')}>
      {storageError !== null ? <ErrorPanel error={storageErrorOf(storageError)} lang={lang} /> : null}
      {corrupt.map((c) => (
        <p class="notice warn" role="status" key={`${c.store}/${c.key}`} data-testid="corrupt-notice">
          {t(lang, 'corruptNotice', { store: STORE_WORDS[lang][c.store] ?? c.store })}
        </p>
      ))}
    </section>
  );
}

/** A raw DOMException from IndexedDB is shown as the storage problem it is. */
function storageErrorOf(error: unknown): unknown {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'StorageUnavailableError') return error;
  return { name: 'StorageUnavailableError', guideId: 'storage-problem', fields: { reason: String(name ?? '') } };
}
