import { t, type Lang, type UiKey } from '../i18n';
import type { CertificateReport, ChainStatus } from '../../shared/pki';
import type { CertificateRecord } from '../../store';
import { caName } from '../ca-routes';
import { deadlineFor } from '../renewal-deadline';
import { hrefFor } from '../router';
import { certificateRoleKey, formatDate, revocationText } from '../token-view';
import { CopyButton } from './copy-button';
import { deadlineText } from './deadline-text';
import { DnList } from './dn-list';
import { StatusBadge } from './status-badge';
import { WithDates } from './with-dates';
import { labelColon } from '../i18n/punctuation';

const CHAIN_KEY: Readonly<Record<ChainStatus, UiKey>> = {
  trusted: 'chainTrusted',
  'unknown-issuer': 'chainUnknownIssuer',
  'bad-signature': 'chainBadSignature',
  'issuer-expired': 'chainIssuerExpired',
  'self-signed': 'chainSelfSigned',
  'issuer-not-ca': 'chainIssuerNotCa',
  'issuer-key-usage': 'chainIssuerKeyUsage',
  'path-too-long': 'chainPathTooLong',
  'name-constraints': 'chainNameConstraints',
  'unknown-critical-extension': 'chainUnknownCriticalExtension',
  'issuer-revoked': 'chainIssuerRevoked',
  'wrong-key-usage': 'chainWrongKeyUsage',
};

const IDENTIFIER_KEY: Readonly<Record<string, UiKey>> = { usci: 'idUsci', orgCode: 'idOrgCode', customerNumber: 'idCustomerNumber' };

/** "SM2 256", "RSA 2048", "EC P-256": SM2 named as such (GB/T 32918), not as a bare EC curve OID. */
export function algorithmText(report: CertificateReport): string {
  const pk = report.publicKey;
  const curve = pk.curve && pk.curve !== pk.algorithm ? ` ${pk.curve}` : '';
  return `${pk.algorithm}${curve} (${pk.bits})`;
}

function Row({ label, value, lang, copy, testId }: { label: string; value: string; lang: Lang; copy?: boolean; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span class={copy ? 'mono' : undefined} data-testid={testId}>{value}</span> {copy ? <CopyButton text={value} lang={lang} what={label} /> : null}
      </dd>
    </>
  );
}

/**
 * One certificate, answers first (issue 8 §4): who, valid until, what it is for, issuer verified, revocation;
 * then the identifiers a clerk quotes, with copy buttons; DNs, algorithms, fingerprints and the key reference folded
 * under "技术详情". When no CA root is imported at all, the issuer line says so neutrally (the screen explains once).
 */
export function CertificateDetails({ cert, lang, noRoots, certificateOnly = false }: { cert: CertificateRecord; lang: Lang; noRoots: boolean; certificateOnly?: boolean }) {
  const r = cert.report;
  const keyRefText = cert.keyRef.toString(16).toUpperCase();
  const role = t(lang, certificateRoleKey(cert, certificateOnly));
  if (!r) {
    return (
      <article class="card cert" data-key-ref={keyRefText}>
        <h3>{role} · {t(lang, 'unreadableCert')}</h3>
        {cert.parseError ? <details class="tech"><summary>{t(lang, 'techDetails')}</summary><p class="mono small">{cert.parseError}</p></details> : null}
      </article>
    );
  }
  const neutralIssuer = noRoots && r.chain.status === 'unknown-issuer';
  const chainText = neutralIssuer ? t(lang, 'chainNotChecked') : t(lang, CHAIN_KEY[r.chain.status]);
  const due = deadlineText(deadlineFor(r, new Date()), lang);
  const colon = labelColon(lang);
  return (
    <article class="card cert" data-key-ref={keyRefText} aria-labelledby={`cert-${keyRefText}`}>
      <h3 id={`cert-${keyRefText}`}>
        {role}{colon}{r.subject.CN ?? r.subjectDN}
      </h3>
      <StatusBadge report={r} lang={lang} />
      {due ? <p class="deadline"><WithDates text={due} /> <a href={hrefFor({ name: 'guides', guideId: 'renewal-rules' })}>{t(lang, 'renewalGuide')}</a></p> : null}
      <dl class="facts">
        <Row label={t(lang, 'holder')} value={r.subject.CN ?? '—'} lang={lang} />
        {r.subject.O ? <Row label={t(lang, 'keyUnit')} value={r.subject.O} lang={lang} /> : null}
        <Row label={t(lang, 'validTo')} value={formatDate(r.notAfter)} lang={lang} />
        <Row label={t(lang, 'role')} value={role} lang={lang} />
        <dt>{t(lang, 'issuer')}</dt>
        {/* The CA by the name clerks know (its profile), else the issuer's own name from the certificate. */}
        <dd data-cert-value={caName(r.caProfileId, lang) ? undefined : true}>{caName(r.caProfileId, lang) ?? r.issuer.O ?? r.issuer.CN ?? r.issuerDN}</dd>
        <dt>{t(lang, 'chain')}</dt>
        <dd data-testid="chain-status">
          {chainText}
          {r.chain.status === 'trusted' || neutralIssuer ? null : <> <a href={hrefFor({ name: 'guides', guideId: 'certificate-untrusted' })}>{t(lang, 'detailsGuide')}</a></>}
        </dd>
        <dt>{t(lang, 'revocation')}</dt>
        <dd data-testid="revocation-status">
          {revocationText(r, lang)}
          {r.revocation.status === 'good' ? null : <> <a href={hrefFor({ name: 'guides', guideId: 'revocation-unknown' })}>{t(lang, 'detailsGuide')}</a></>}
        </dd>
      </dl>
      <h4>{t(lang, 'quoteTitle')}</h4>
      <dl class="facts">
        {Object.entries(r.identifiers).map(([key, value]) => {
          const known = IDENTIFIER_KEY[key];
          return <Row key={key} label={known ? t(lang, known) : key} value={value} lang={lang} copy />;
        })}
        <Row label={t(lang, 'serialNumber')} value={r.serialNumber} lang={lang} copy />
      </dl>
      <details class="tech" data-testid="tech-details">
        <summary>{t(lang, 'techDetails')}</summary>
        <dl class="facts">
          <dt>{t(lang, 'holder')}</dt>
          <dd><DnList dn={r.subject} lang={lang} /></dd>
          <dt>{t(lang, 'issuer')}</dt>
          <dd><DnList dn={r.issuer} lang={lang} /></dd>
          <Row label={t(lang, 'validFrom')} value={formatDate(r.notBefore)} lang={lang} />
          <Row label={t(lang, 'algorithm')} value={algorithmText(r)} lang={lang} />
          <Row label={t(lang, 'signatureAlgorithm')} value={r.signatureAlgorithm} lang={lang} />
          {/* The card profile's own name of the key reference, only here under 技术详情 (issue 17 §3). */}
          {certificateOnly ? null : <Row label={t(lang, 'keyRef')} value={cert.keyRefLabel ?? keyRefText} lang={lang} />}
          <Row label={t(lang, 'fingerprintSha256')} value={r.fingerprints.sha256} lang={lang} copy />
          <Row label={t(lang, 'fingerprintSha1')} value={r.fingerprints.sha1} lang={lang} copy />
        </dl>
      </details>
    </article>
  );
}
