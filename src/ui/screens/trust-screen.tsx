import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { CaImportError } from '../../shared/pki';
import { ErrorPanel } from '../components/error-panel';
import { formatDate } from '../token-view';
import { useAppState, useModel } from '../use-app';
import { CrlSection } from './crl-section';
import { parseDnString } from '../../shared/ca-profiles';
import { DnList, dnShortName } from '../components/dn-list';

/** Refused before reading (pki's MAX_CERTIFICATE_FILE_BYTES): a CA bundle is kilobytes, not megabytes. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** Accepted CA certificate files: DER, PEM and PKCS#7 bundles (parsed in the driver worker). */
const CA_FILE_ACCEPT = '.cer,.crt,.pem,.der,.p7b';

/**
 * The local trust store (issue 3 §3): CA certificates the user imports, kept in idb. After each change the
 * tokens are re-read, so a chain whose root was just imported reads "trusted" instead of "unknown issuer".
 */
export function TrustScreen() {
  const model = useModel();
  const state = useAppState();
  const { lang } = state;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<number | null>(null);

  const run = async (action: () => Promise<number | null>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      try {
        if (file.size > MAX_CA_FILE_BYTES) throw new CaImportError('unreadable', `CA file of ${file.size} bytes is larger than ${MAX_CA_FILE_BYTES}`);
        return await model.importCaFile(new Uint8Array(await file.arrayBuffer()));
      } finally {
        input.value = ''; // the same file may be chosen again after an error
      }
    });
  };

  return (
    <section aria-labelledby="trust-title">
      <h1 id="trust-title" tabIndex={-1}>{t(lang, 'trustTitle')}</h1>
      <p>{t(lang, 'trustIntro')}</p>
      {state.demo ? <p class="notice" data-testid="demo-trust-note">{t(lang, 'demoTrustNote')}</p> : null}
      <p>
        <label for="ca-file">{t(lang, 'trustFileLabel')}</label>
        <br />
        <input id="ca-file" type="file" accept={CA_FILE_ACCEPT} disabled={busy} onChange={(e) => onFile(e.currentTarget)} data-testid="ca-file" />
      </p>
      {busy ? <p role="status">{t(lang, 'loading')}</p> : null}
      {result !== null ? (
        <p role="status" class="ok-text" data-testid="trust-result">
          {result > 0 ? t(lang, 'trustImported', { count: result }) : t(lang, 'trustNothingNew')}
        </p>
      ) : null}
      {error !== null ? <ErrorPanel error={error} lang={lang} /> : null}
      <h2 id="trust-list-title">{t(lang, 'trustListLabel')}</h2>
      {state.trustedCas.length === 0 ? (
        <p>{t(lang, 'trustEmpty')}</p>
      ) : (
        <table aria-labelledby="trust-list-title" data-testid="trusted-cas">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'trustSubject')}</th>
              <th scope="col">{t(lang, 'trustValidUntil')}</th>
              <th scope="col">
                <span class="visually-hidden">{t(lang, 'trustRemove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.trustedCas.map((ca) => (
              <tr key={ca.id} data-ca-id={ca.id}>
                <td>
                  <DnList dn={parseDnString(ca.subjectDN)} lang={lang} />
                </td>
                <td class="date">{formatDate(ca.notAfter)}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={t(lang, 'trustRemoveLabel', { name: dnShortName(parseDnString(ca.subjectDN), ca.subjectDN) })}
                    onClick={() => void run(async () => (await model.removeTrustedCa(ca.id), null))}
                  >
                    {t(lang, 'trustRemove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CrlSection />
    </section>
  );
}
