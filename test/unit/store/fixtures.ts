import type { CertificateReport } from '../../../src/shared/pki/certificate-report';
import type { CertificateRecord, TokenRecord } from '../../../src/store/records';

export function tokenRecord(id: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    label: '',
    vendor: 'Demo',
    model: 'Virtual PIV',
    productName: 'Virtual token',
    serialNumber: '12345678',
    firmwareVersion: '5.4.3',
    transport: 'virtual',
    isDemo: true,
    lastReadAt: '2026-11-01T08:00:00.000Z',
    pairedAt: '2026-10-01T08:00:00.000Z',
    ...overrides,
  };
}

/** The same record as versions before schema v8 stored it (key field `slot`), for upgrade tests. */
export function certRecordBeforeV8(tokenId: string, keyRef: number): Record<string, unknown> {
  const { keyRef: slot, ...rest } = certRecord(tokenId, keyRef);
  return { ...rest, slot };
}

export function report(overrides: Partial<CertificateReport> = {}): CertificateReport {
  return {
    subject: { CN: '张三' },
    subjectDN: 'CN=张三',
    issuer: { CN: 'Demo CA' },
    issuerDN: 'CN=Demo CA',
    serialNumber: '0a1b',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    publicKey: { algorithm: 'SM2', bits: 256, curve: 'SM2' },
    signatureAlgorithm: 'SM2-with-SM3',
    fingerprints: { sha256: 'aa'.repeat(32), sha1: 'bb'.repeat(20) },
    keyUsage: ['digitalSignature'],
    extKeyUsage: [],
    status: 'valid',
    daysLeft: 40,
    renewable: true,
    signatureValid: true,
    chain: { status: 'trusted', path: ['CN=Demo CA'] },
    revocation: { status: 'unknown', reason: '' },
    identifiers: { usci: '91110000600037341L' },
    role: 'signing',
    clockSuspect: false,
    caProfileId: 'demo',
    ...overrides,
  };
}

export function certRecord(tokenId: string, keyRef: number, overrides: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    tokenId,
    keyRef,
    der: Uint8Array.of(0x30, 0x03, 0x02, 0x01, keyRef).buffer,
    report: report(),
    parseError: null,
    readAt: '2026-11-01T08:00:00.000Z',
    ...overrides,
  };
}
