import { t, type Lang, type UiKey } from '../../i18n';
import type { GuideId } from '../../guides/guide-ids';
import type { CertificateReport, ChainStatus } from '../../pki/certificate-report';
import type { CertificateRecord } from '../../store/records';
import { hrefFor } from '../router';
import { formatDate, revocationText, ROLE_KEY } from '../token-view';
import { CopyButton } from './copy-button';
import { StatusBadge } from './status-badge';

const CHAIN_KEY: Readonly<Record<ChainStatus, UiKey>> = {
  trusted: 'chainTrusted',
  'unknown-issuer': 'chainUnknownIssuer',
  'bad-signature': 'chainBadSignature',
  'issuer-expired': 'chainIssuerExpired',
  'self-signed': 'chainSelfSigned',
};

const IDENTIFIER_KEY: Readonly<Record<string, UiKey>> = { usci: 'idUsci', orgCode: 'idOrgCode', customerNumber: 'idCustomerNumber' };

/** "SM2 256", "RSA 2048", "EC P-256": SM2 named as such (GB/T 32918), not as a bare EC curve OID. */
export function algorithmText(report: CertificateReport): string {
  const pk = report.publicKey;
  const curve = pk.curve && pk.curve !== pk.algorithm ? ` ${pk.curve}` : '';
  return `${pk.algorithm}${curve} (${pk.bits})`;
}

function Row({ label, value, lang, copy }: { label: string; value: string; lang: Lang; copy?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span class="mono">{value}</span> {copy ? <CopyButton text={value} lang={lang} what={label} /> : null}
      </dd>
    </>
  );
}

/** A verdict row; anything but a clean verdict links the guide that explains it. */
function VerdictRow({ label, value, ok, guideId, lang, testId }: { label: string; value: string; ok: boolean; guideId: GuideId; lang: Lang; testId: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>
        {value}
        {ok ? null : (
          <>
            {' '}
            <a href={hrefFor({ name: 'guides', guideId })}>{t(lang, 'detailsGuide')}</a>
          </>
        )}
      </dd>
    </>
  );
}

/** Every field a user may be asked for, with copy buttons for what they quote (issue 4 §1). */
export function CertificateDetails({ cert, lang }: { cert: CertificateRecord; lang: Lang }) {
  const r = cert.report;
  const slot = cert.slot.toString(16).toUpperCase();
  if (!r) {
    return (
      <article class="card cert" data-slot={slot}>
        <h3>
          {t(lang, 'slot')} {slot}: {t(lang, 'unreadableCert')}
        </h3>
        {cert.parseError ? <p class="mono small">{cert.parseError}</p> : null}
      </article>
    );
  }
  return (
    <article class="card cert" data-slot={slot} aria-label={`${t(lang, 'slot')} ${slot}`}>
      <h3>
        {r.subject.CN ?? r.subjectDN} <span class="muted small">· {t(lang, ROLE_KEY[r.role])} · {t(lang, 'slot')} {slot}</span>
      </h3>
      <StatusBadge report={r} lang={lang} />
      <dl class="facts">
        <Row label={t(lang, 'holder')} value={r.subjectDN} lang={lang} />
        <Row label={t(lang, 'issuer')} value={r.issuerDN} lang={lang} />
        <Row label={t(lang, 'serialNumber')} value={r.serialNumber} lang={lang} copy />
        <Row label={t(lang, 'validFrom')} value={formatDate(r.notBefore)} lang={lang} />
        <Row label={t(lang, 'validTo')} value={formatDate(r.notAfter)} lang={lang} />
        <Row label={t(lang, 'algorithm')} value={algorithmText(r)} lang={lang} />
        <Row label={t(lang, 'signatureAlgorithm')} value={r.signatureAlgorithm} lang={lang} />
        <Row label={t(lang, 'role')} value={t(lang, ROLE_KEY[r.role])} lang={lang} />
        <VerdictRow label={t(lang, 'chain')} value={t(lang, CHAIN_KEY[r.chain.status])} ok={r.chain.status === 'trusted'} guideId="certificate-untrusted" lang={lang} testId="chain-status" />
        <VerdictRow
          label={t(lang, 'revocation')}
          value={revocationText(r, lang)}
          ok={r.revocation.status === 'good'}
          guideId="revocation-unknown"
          lang={lang}
          testId="revocation-status"
        />
        {Object.entries(r.identifiers).map(([key, value]) => {
          const known = IDENTIFIER_KEY[key];
          return <Row key={key} label={known ? t(lang, known) : key} value={value} lang={lang} copy />;
        })}
        <Row label={t(lang, 'fingerprintSha256')} value={r.fingerprints.sha256} lang={lang} copy />
        <Row label={t(lang, 'fingerprintSha1')} value={r.fingerprints.sha1} lang={lang} copy />
      </dl>
    </article>
  );
}
