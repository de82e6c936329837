import { useState } from 'preact/hooks';
import { t, type Lang } from '../i18n';
import { ErrorPanel } from '../components/error-panel';
import { viewName } from '../key-name';
import { hrefFor } from '../router';
import { useModel } from '../use-app';
import { pastedCertificateBytes } from './pasted-text';
import './errors';

type Outcome = { kind: 'none' } | { kind: 'busy' } | { kind: 'error'; error: unknown } | { kind: 'done'; id: string; added: boolean };

/** File types a clerk gets from certmgr or a CA assistant (DER/PEM X.509, PKCS#7 bundles). */
const ACCEPT = '.cer,.crt,.pem,.der,.p7b,.p7c,.cert,application/pkix-cert,application/x-x509-ca-cert,application/pkcs7-mime';

/**
 * "用证书记录 UKEY" (issue 16 §1): a file from the picker or dropped here, or pasted Base64. The certificate
 * is judged in a lazily loaded chunk (pki) with the user's CAs and CRLs, then kept as a certificate-only key.
 */
export function AddByCertificate({ lang }: { lang: Lang }) {
  const model = useModel();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [pasted, setPasted] = useState('');
  const [over, setOver] = useState(false);

  const record = async (bytes: () => Uint8Array | Promise<Uint8Array>) => {
    setOutcome({ kind: 'busy' });
    try {
      const data = await bytes();
      const [{ inspectCertificateFile }, trust] = await Promise.all([import('./inspect-file'), model.certificateTrustInput()]);
      const certs = await inspectCertificateFile(data, { ...trust, now: new Date(), online: navigator.onLine });
      const result = await model.addCertificateOnlyKey(certs);
      setOutcome({ kind: 'done', ...result });
      if (result.added) setPasted('');
    } catch (error) {
      setOutcome({ kind: 'error', error });
    }
  };
  const fromFile = (file: File | undefined | null) => {
    if (file) void record(async () => new Uint8Array(await file.arrayBuffer()));
  };
  const done = outcome.kind === 'done' ? model.getState().tokens.get(outcome.id) : undefined;
  const doneName = done ? viewName(done, lang) : '';

  return (
    <section class="card way" aria-labelledby="pair-cert-title" data-testid="add-by-certificate">
      <h2 id="pair-cert-title">{t(lang, 'pairCertTitle')}</h2>
      <p>{t(lang, 'pairCertIntro')}</p>
      <div
        class={`drop-zone${over ? ' over' : ''}`}
        data-testid="cert-drop"
        onDragOver={(e) => {
          e.preventDefault(); // HTML §6.11.8: without it the browser opens the file instead of dropping it here
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          fromFile(e.dataTransfer?.files[0]);
        }}
      >
        <label class="button primary file-button">
          {t(lang, 'certPick')}
          <input
            type="file"
            accept={ACCEPT}
            class="visually-hidden"
            data-testid="cert-file"
            onChange={(e) => {
              fromFile(e.currentTarget.files?.[0]);
              e.currentTarget.value = ''; // the same file again is a new choice
            }}
          />
        </label>
        <p class="small">{t(lang, 'certDrop')}</p>
      </div>
      <p>
        <label for="cert-paste">{t(lang, 'certPasteLabel')}</label>
        <textarea id="cert-paste" rows={4} spellcheck={false} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} data-testid="cert-paste" />
      </p>
      <p class="actions">
        <button type="button" disabled={pasted.trim() === '' || outcome.kind === 'busy'} onClick={() => void record(() => pastedCertificateBytes(pasted))} data-testid="cert-paste-button">
          {t(lang, 'certPasteButton')}
        </button>
        <a href={hrefFor({ name: 'guides', guideId: 'export-certificate' })}>{t(lang, 'certHowToExport')}</a>
      </p>
      {outcome.kind === 'busy' ? <p role="status">{t(lang, 'certReading')}</p> : null}
      {outcome.kind === 'error' ? <ErrorPanel error={outcome.error} lang={lang} /> : null}
      {outcome.kind === 'done' ? (
        <p role="status" class={outcome.added ? 'ok-text' : ''} data-testid="cert-added">
          {t(lang, outcome.added ? 'certAdded' : 'certAlready', { name: doneName })}{' '}
          <a href={hrefFor({ name: 'token', tokenId: outcome.id })}>{t(lang, 'certOpenKey')}</a>
        </p>
      ) : null}
    </section>
  );
}
