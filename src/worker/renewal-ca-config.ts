/**
 * Which CA renews a certificate, and how (issue 10 §2): the issuing CA certificate (sent in extraCerts), the
 * CMP signer certificate the app pins (RFC 9483 §3.5: responses must be signed by it), the CA profile whose
 * window rule applies, and the management-key policy of that CA — the factory default (the demo token), or
 * asked from an administrator. The app never stores a management key.
 */
import { demoCaCertificateDer } from '../virtual/demo-ca';
import { FACTORY_DEFAULTS } from '../cards/piv/constants';
import { parseCertificate } from '../shared/pki/parse-certificate';

export type ManagementKeyPolicy = { readonly kind: 'factory-default'; readonly hex: string } | { readonly kind: 'administrator' };

export interface RenewalCaConfig {
  /** Row of src/shared/ca-profiles whose renewal rule applies. */
  readonly caProfileId: string;
  readonly caCertificate: Uint8Array;
  readonly cmpCertificate: Uint8Array;
  readonly managementKey: ManagementKeyPolicy;
}

export function builtInRenewalCas(): RenewalCaConfig[] {
  const demo = demoCaCertificateDer();
  return [
    {
      caProfileId: 'demo',
      caCertificate: demo,
      // `ca serve --demo` signs CMP responses with the demo CA key itself.
      cmpCertificate: demo,
      managementKey: { kind: 'factory-default', hex: FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX },
    },
  ];
}

/** The configured CA that issued `certificate` (its issuer Name equals the CA's subject, byte for byte), or null. */
export function renewalCaFor(certificate: Uint8Array, configs: readonly RenewalCaConfig[]): RenewalCaConfig | null {
  const issuer = parseCertificate(certificate).issuer.text;
  return configs.find((c) => parseCertificate(c.caCertificate).subject.text === issuer) ?? null;
}
