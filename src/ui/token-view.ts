import { revocationUncheckedText } from './i18n/revocation-texts';
import type { CertificateReport } from '../shared/pki';
import type { CertificateRecord, TokenRecord } from '../store';
import type { KeyRole, PinStatusPair } from '../worker';
import { t, type Lang, type UiKey } from './i18n';

/** One token as the screens show it: stored record + cached certificates + what this session learnt live. */
export interface TokenView {
  readonly record: TokenRecord;
  readonly certificates: readonly CertificateRecord[];
  /** Read from the plugged-in token during this session (otherwise the data shown is cached). */
  readonly live: boolean;
  readonly reading: boolean;
  readonly error: unknown;
  readonly pinStatus: PinStatusPair | null;
}

export type BadgeTone = 'ok' | 'warn' | 'bad';

export interface Badge {
  readonly tone: BadgeTone;
  readonly text: string;
  /** Expired / not-yet-valid and the clock looks wrong: tell the user to check it (DESIGN.md §2). */
  readonly clockHint: boolean;
}

/** Role of a certificate in a signing/encryption pair, as interface text keys. */
export const ROLE_KEY: Readonly<Record<CertificateReport['role'], UiKey>> = {
  signing: 'roleSigning',
  encryption: 'roleEncryption',
  both: 'roleBoth',
  unknown: 'roleUnknown',
};

/** YYYY-MM-DD in local time: unambiguous in both languages, and what CA portals print. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatDateTime(iso: string | null, lang: Lang): string {
  if (iso === null) return t(lang, 'never');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const BADGE: Readonly<Record<CertificateReport['status'], { tone: BadgeTone; key: UiKey }>> = {
  valid: { tone: 'ok', key: 'statusValid' },
  expiring: { tone: 'warn', key: 'statusExpiring' },
  expired: { tone: 'bad', key: 'statusExpired' },
  'not-yet-valid': { tone: 'bad', key: 'statusNotYetValid' },
};

export function badgeFor(report: CertificateReport, lang: Lang): Badge {
  const row = BADGE[report.status];
  const date = formatDate(report.status === 'not-yet-valid' ? report.notBefore : report.notAfter);
  // Only when a wrong clock could have produced this verdict (pki's rule, issue 7 §1): a not-yet-valid
  // certificate on a right clock is simply not valid yet (e.g. a renewal issued ahead).
  const clockHint = report.clockSuspect;
  return { tone: row.tone, text: t(lang, row.key, { date, days: report.daysLeft }), clockHint };
}

const REVOCATION_KEY: Readonly<Record<CertificateReport['revocation']['status'], UiKey>> = {
  good: 'revocationGood',
  revoked: 'revocationRevoked',
  unknown: 'revocationUnknown',
};

/**
 * "Unknown (the CRL expired on <date>)" when the cached CRL is stale (issue 3 §3: never a silent "good"), and
 * otherwise why it was not checked, with the way out (issue 7 §1: revocation truth).
 */
export function revocationText(report: CertificateReport, lang: Lang): string {
  const { status, since, unchecked } = report.revocation;
  if (status === 'unknown' && since !== undefined) return t(lang, 'revocationUnknownSince', { date: formatDate(since) });
  if (status === 'unknown' && unchecked !== undefined) return revocationUncheckedText(unchecked, lang);
  return t(lang, REVOCATION_KEY[status]);
}

/** Milliseconds of the earliest notAfter among a token's certificates; tokens without any sort last. */
export function soonestExpiry(certificates: readonly CertificateRecord[]): number {
  let soonest = Number.POSITIVE_INFINITY;
  for (const c of certificates) {
    const at = c.report ? Date.parse(c.report.notAfter) : Number.NaN;
    if (!Number.isNaN(at) && at < soonest) soonest = at;
  }
  return soonest;
}

/** Soonest-expiring first (issue 4 §1), then by label and id so the order is stable. */
export function sortTokens(views: readonly TokenView[]): TokenView[] {
  return [...views].sort((a, b) => {
    const d = soonestExpiry(a.certificates) - soonestExpiry(b.certificates);
    if (d !== 0 && !Number.isNaN(d)) return d;
    return a.record.label.localeCompare(b.record.label) || a.record.id.localeCompare(b.record.id);
  });
}

/** The words of each role the card's profile gives a key (issue 17 §3: 身份认证 / 签名 / 加密). */
const KEY_ROLE_KEY: Readonly<Record<KeyRole, UiKey>> = {
  authentication: 'slotRoleAuth',
  signature: 'slotRoleSign',
  encryption: 'slotRoleEncrypt',
  'card-authentication': 'slotRoleCardAuth',
  retired: 'slotRoleRetired',
};

/** Role order on a card and in the dashboard: what the clerk uses most first, older keys last. */
const KEY_ROLE_RANK: Readonly<Record<KeyRole, number>> = {
  authentication: 0,
  signature: 1,
  encryption: 2,
  'card-authentication': 3,
  retired: 4,
};

/**
 * What a certificate is for, in the clerk's words: the role the card's profile gave its key (issue 17 §3). A key
 * recorded by its certificate alone, or a record stored before profiles gave roles (refreshed at the next read of
 * the token), is named by key usage (RFC 5280 §4.2.1.3, via the report's role): never by the key reference.
 */
export function certificateRoleKey(cert: CertificateRecord, certificateOnly: boolean): UiKey {
  if (cert.role && !certificateOnly) return KEY_ROLE_KEY[cert.role];
  return cert.report ? ROLE_KEY[cert.report.role] : 'roleUnknown';
}

/** A record stored before profiles gave roles sorts after every role, until the token is read again. */
const NO_ROLE_RANK = 5;

/** By role as the profile gave it, then by key reference, so the order is stable whatever the card. */
export function sortCertificates(certs: readonly CertificateRecord[]): CertificateRecord[] {
  const rank = (c: CertificateRecord): number => (c.role ? KEY_ROLE_RANK[c.role] : NO_ROLE_RANK) * 0x1_0000_0000 + c.keyRef;
  return [...certs].sort((a, b) => rank(a) - rank(b));
}
