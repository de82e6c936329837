/**
 * The app's certificate inspection: pki's inspectCertificate with the CA rows of this folder as its policy
 * (issue 7 §5: pki takes policy as input). The worker and the CLI call this. Not re-exported from the barrel
 * (index.ts), so the window, which imports CA rows for PIN rules, does not pull pki into its bundle.
 */
import type { CertificatePolicySource } from '../pki/certificate-policy';
import type { CertificateReport } from '../pki/certificate-report';
import { inspectCertificate, type InspectContext } from '../pki/inspect';
import { extractIdentifiers, findCaProfile } from './lookup';
import { CA_PROFILES } from './profiles';
import type { CaProfile } from './types';

/** Policy from the first CA row whose issuer match fits; without a row, the common identifier rules. */
export function caProfilePolicy(profiles: readonly CaProfile[] = CA_PROFILES): CertificatePolicySource {
  return ({ issuer, subject }) => {
    const profile = findCaProfile(issuer, profiles);
    return {
      profileId: profile?.id ?? null,
      renewal: profile?.renewal ?? null,
      identifiers: extractIdentifiers(profile, subject),
    };
  };
}

export interface ProfileInspectContext extends Omit<InspectContext, 'policy'> {
  /** CA rows to match the issuer against; default CA_PROFILES. */
  readonly profiles?: readonly CaProfile[];
}

export function inspectWithCaProfiles(der: Uint8Array, context: ProfileInspectContext): Promise<CertificateReport> {
  const { profiles, ...rest } = context;
  return inspectCertificate(der, { ...rest, policy: caProfilePolicy(profiles) });
}
