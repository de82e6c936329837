import { CHAIN_STATUSES, REVOCATION_UNCHECKED_REASONS, type CertificateReport, type RevocationStatus } from '../shared/pki';
import { TOKEN_TRANSPORT_KINDS, type CardPinPolicy, type KeyRole, type TokenCapabilities } from '../cards/seam';
import type { CertificateRecord, CrlRecord, TokenRecord, TrustedCaRecord } from './records';

/**
 * Shape checks for records read back from IndexedDB. A record written by an older or broken build, or edited
 * by hand, must be caught here and reported — never crash a screen (issue 4 §2: "never a blank app").
 */
type Obj = Record<string, unknown>;

const TRANSPORTS = [...TOKEN_TRANSPORT_KINDS, 'certificate-only'] as const;
// Every enum the screens index tables with is checked against its full list (issue 7 §2): an unknown value
// from an older or damaged record must make the record corrupt, not crash a screen with undefined text.
const REVOCATION_STATUSES: readonly RevocationStatus[] = ['good', 'revoked', 'unknown'];
const STATUSES = ['valid', 'expiring', 'expired', 'not-yet-valid'];
const ROLES = ['signing', 'encryption', 'both', 'unknown'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isIsoTime = (v: unknown): v is string => isStr(v) && !Number.isNaN(Date.parse(v));

function isStringRecord(v: unknown): v is Record<string, string> {
  return isObj(v) && Object.values(v).every(isStr);
}

export function isTokenRecord(v: unknown): v is TokenRecord {
  return (
    isObj(v) &&
    isStr(v.id) && v.id.length > 0 &&
    isStr(v.label) &&
    isStrOrNull(v.vendor) &&
    isStrOrNull(v.model) &&
    isStr(v.productName) &&
    isStrOrNull(v.serialNumber) &&
    isStrOrNull(v.firmwareVersion) &&
    (TRANSPORTS as readonly unknown[]).includes(v.transport) &&
    typeof v.isDemo === 'boolean' &&
    (v.lastReadAt === null || isIsoTime(v.lastReadAt)) &&
    isIsoTime(v.pairedAt) &&
    (v.notes === undefined || isStr(v.notes)) &&
    (v.pinPolicy === undefined || isCardPinPolicy(v.pinPolicy)) &&
    (v.capabilities === undefined || isCapabilities(v.capabilities))
  );
}

const PIN_CHARSETS = ['digits', 'letters-digits', 'any'];
const KEY_ROLES: readonly KeyRole[] = ['authentication', 'signature', 'encryption', 'card-authentication', 'retired'];

function isCardPinPolicy(v: unknown): v is CardPinPolicy {
  return isObj(v) && isNum(v.minLength) && isNum(v.maxLength) && PIN_CHARSETS.includes(v.charset as string);
}

function isCapabilities(v: unknown): v is TokenCapabilities {
  const credentials = isObj(v) ? v.credentials : null;
  return (
    isObj(v) && isObj(credentials) && typeof credentials.pin === 'boolean' && typeof credentials.unblockCode === 'boolean' &&
    typeof v.signs === 'boolean' && typeof v.renews === 'boolean'
  );
}

/** The fields of a report the screens read; anything else may vary between pki versions. */
export function isCertificateReport(v: unknown): v is CertificateReport {
  if (!isObj(v)) return false;
  const pk = v.publicKey;
  const fp = v.fingerprints;
  const chain = v.chain;
  const revocation = v.revocation;
  return (
    isStringRecord(v.subject) && isStr(v.subjectDN) &&
    isStringRecord(v.issuer) && isStr(v.issuerDN) &&
    isStr(v.serialNumber) && isIsoTime(v.notBefore) && isIsoTime(v.notAfter) &&
    isObj(pk) && isStr(pk.algorithm) && isNum(pk.bits) &&
    isStr(v.signatureAlgorithm) &&
    isObj(fp) && isStr(fp.sha256) && isStr(fp.sha1) &&
    Array.isArray(v.keyUsage) && v.keyUsage.every(isStr) &&
    Array.isArray(v.extKeyUsage) && v.extKeyUsage.every(isStr) &&
    STATUSES.includes(v.status as string) && isNum(v.daysLeft) &&
    typeof v.renewable === 'boolean' &&
    (v.signatureValid === null || typeof v.signatureValid === 'boolean') &&
    isObj(chain) && (CHAIN_STATUSES as readonly unknown[]).includes(chain.status) && Array.isArray(chain.path) && chain.path.every(isStr) &&
    isObj(revocation) && (REVOCATION_STATUSES as readonly unknown[]).includes(revocation.status) &&
    (revocation.unchecked === undefined || (REVOCATION_UNCHECKED_REASONS as readonly unknown[]).includes(revocation.unchecked)) &&
    (revocation.url === undefined || isStr(revocation.url)) &&
    isStringRecord(v.identifiers) && ROLES.includes(v.role as string) &&
    typeof v.clockSuspect === 'boolean' && isStrOrNull(v.caProfileId)
  );
}

export function isCertificateRecord(v: unknown): v is CertificateRecord {
  return (
    isObj(v) &&
    isStr(v.tokenId) &&
    isNum(v.keyRef) &&
    (v.role === undefined || (KEY_ROLES as readonly unknown[]).includes(v.role)) &&
    (v.keyRefLabel === undefined || isStr(v.keyRefLabel)) &&
    v.der instanceof ArrayBuffer &&
    (v.report === null || isCertificateReport(v.report)) &&
    isStrOrNull(v.parseError) &&
    isIsoTime(v.readAt)
  );
}

/** Best-effort token id of a corrupt record, so the app can re-read that token. */
export function tokenIdOf(v: unknown, key: unknown): string | null {
  if (isObj(v) && isStr(v.tokenId)) return v.tokenId;
  if (isObj(v) && isStr(v.id)) return v.id;
  if (isStr(key)) return key;
  if (Array.isArray(key) && isStr(key[0])) return key[0];
  return null;
}

export function isTrustedCaRecord(v: unknown): v is TrustedCaRecord {
  return (
    isObj(v) &&
    isStr(v.id) && /^[0-9a-f]{64}$/.test(v.id) &&
    v.der instanceof ArrayBuffer && v.der.byteLength > 0 &&
    isStr(v.label) &&
    isIsoTime(v.notAfter) &&
    isIsoTime(v.importedAt)
  );
}

export function isCrlRecord(v: unknown): v is CrlRecord {
  return (
    isObj(v) &&
    isStr(v.id) && /^[0-9a-f]{64}$/.test(v.id) &&
    v.der instanceof ArrayBuffer && v.der.byteLength > 0 &&
    isStr(v.issuer) &&
    isIsoTime(v.thisUpdate) &&
    (v.nextUpdate === null || isIsoTime(v.nextUpdate)) &&
    isIsoTime(v.storedAt)
  );
}
