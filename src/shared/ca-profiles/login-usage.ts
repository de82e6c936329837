/**
 * The extendedKeyUsage purposes a CA puts in the certificates its customers sign in with, beyond id-kp-clientAuth
 * and anyExtendedKeyUsage (RFC 5280 §4.2.1.12), which are always accepted. pki takes them as input
 * (ChainPurpose.extraExtKeyUsages) so that pki itself knows no CA by name.
 */
import type { NameFields } from '../pki/certificate-policy';
import { findCaProfile } from './lookup';
import { CA_PROFILES } from './profiles';
import type { CaProfile } from './types';

export function loginExtKeyUsagesFor(issuer: NameFields, profiles: readonly CaProfile[] = CA_PROFILES): readonly string[] {
  return findCaProfile(issuer, profiles)?.loginExtKeyUsages ?? [];
}
