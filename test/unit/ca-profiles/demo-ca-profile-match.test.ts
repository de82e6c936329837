/**
 * Regression (issue 16 §2, review finding 8/9): the demo CA row looked for "UKey Assistant Demo" in the issuer's
 * CN, but the demo CA's CN is "UKey 助手演示 CA", so demo certificates got no CA profile (no renewal route, no PIN
 * rules). The row now matches the demo CA certificate's whole subject Name (RFC 5280 §7.1 name chaining), and this
 * test keeps the row equal to the certificate's bytes.
 */
import { describe, expect, it } from 'vitest';
import { CA_ONLINE_SERVICES } from '../../../src/shared/ca-profiles/ca-services';
import { caProfilePolicy } from '../../../src/shared/ca-profiles/inspect-with-profile';
import { findCaProfile, parseDnString } from '../../../src/shared/ca-profiles/lookup';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { demoCaCertificateDer } from '../../../src/virtual/demo-ca';

describe('demo CA profile match', () => {
  it('a certificate issued by the demo CA (issuer = the demo CA certificate subject) gets the demo profile', () => {
    const ca = parseCertificate(demoCaCertificateDer());
    expect(findCaProfile(ca.subject.fields)?.id).toBe('demo');
    expect(findCaProfile(ca.subject.text)?.id).toBe('demo');
    expect(caProfilePolicy()({ issuer: ca.subject.fields, subject: { CN: '张三' } }).profileId).toBe('demo');
  });

  it('the online service of the demo row renews certificates of the same CA', () => {
    const service = CA_ONLINE_SERVICES.find((s) => s.caProfileId === 'demo')!;
    const ca = parseCertificate(new Uint8Array(Buffer.from(service.issuingCaCertificate.value, 'base64')));
    expect(findCaProfile(ca.subject.fields)?.id).toBe('demo');
  });

  it('a look-alike display string is not the demo CA', () => {
    expect(findCaProfile(parseDnString('CN=UKey Assistant Demo CA,C=CN'))?.id ?? null).not.toBe('demo');
    expect(findCaProfile(parseDnString('CN=UKey 助手演示 CA,O=Someone Else,C=CN'))?.id ?? null).not.toBe('demo');
  });
});
