import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { CrlError } from '../../shared/pki';
import { ErrorPanel } from '../components/error-panel';
import { formatDate } from '../token-view';
import { useAppState, useModel } from '../use-app';
import { parseDnString } from '../../shared/ca-profiles';
import { DnList, dnShortName } from '../components/dn-list';

/** CRL files as CAs publish them: DER (.crl) or PEM "X509 CRL" (RFC 7468 §5). */
const CRL_FILE_ACCEPT = '.crl,.pem,.der';
/** A CRL larger than this is refused before it is read into memory (pki's MAX_CRL_BYTES; a national CA's is a few MB). */
const MAX_CRL_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Importing a CRL by hand (issue 7 §1 "revocation truth"): the worker on an https origin cannot fetch an http://
 * distribution point, and CA servers rarely allow cross-origin downloads, so the user can bring the file.
 */
export function CrlSection() {
  const model = useModel();
  const { lang, crls } = useAppState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const onFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    void (async () => {
      try {
        if (file.size > MAX_CRL_FILE_BYTES) throw new CrlError('unreadable', `CRL file of ${file.size} bytes is larger than ${MAX_CRL_FILE_BYTES}`);
        const info = await model.importCrlFile(new Uint8Array(await file.arrayBuffer()));
        setDone(t(lang, 'crlImported', { issuer: dnShortName(parseDnString(info.issuerDN), info.issuerDN), date: formatDate(info.thisUpdate) }));
      } catch (e) {
        setError(e);
      } finally {
        input.value = '';
        setBusy(false);
      }
    })();
  };

  return (
    <section aria-labelledby="crl-title">
      <h2 id="crl-title">{t(lang, 'crlTitle')}</h2>
      <p>{t(lang, 'crlIntro')}</p>
      <p>
        <label for="crl-file">{t(lang, 'crlFileLabel')}</label>
        <br />
        <input id="crl-file" type="file" accept={CRL_FILE_ACCEPT} disabled={busy} onChange={(e) => onFile(e.currentTarget)} data-testid="crl-file" />
      </p>
      {done !== null ? (
        <p role="status" class="ok-text" data-testid="crl-result">
          {done}
        </p>
      ) : null}
      {error !== null ? <ErrorPanel error={error} lang={lang} /> : null}
      <h3 id="crl-list-title">{t(lang, 'crlListLabel')}</h3>
      {crls.length === 0 ? (
        <p>{t(lang, 'crlEmpty')}</p>
      ) : (
        <table aria-labelledby="crl-list-title" data-testid="kept-crls">
          <thead>
            <tr>
              <th scope="col">{t(lang, 'crlIssuer')}</th>
              <th scope="col">{t(lang, 'crlNextUpdate')}</th>
            </tr>
          </thead>
          <tbody>
            {crls.map((crl) => (
              <tr key={crl.sha256}>
                <td>
                  <DnList dn={parseDnString(crl.issuerDN)} lang={lang} />
                </td>
                <td class="date">{crl.nextUpdate ? formatDate(crl.nextUpdate) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
