import { CA_PROFILES, defaultPinsFor, findCaProfile, type CaProfile } from '../../shared/ca-profiles';
import type { CertificateReport } from '../../shared/pki';
import { knownDefaultPins } from './default-pins';
import { effectivePolicy, UNREAD_CARD_PIN_POLICY, type PinPolicy } from './pin-policy';

/** The PIN policy and known default PINs of one token, from the CA profiles of its certificates. */
export interface TokenPinRules {
  /** What a new PIN must meet: the card's limits narrowed by every CA profile of its certificates. */
  readonly policy: PinPolicy;
  /** The card's own limits (its profile's answer): what the current PIN, or the unblock code, is checked against. */
  readonly card: PinPolicy;
  readonly defaults: readonly string[];
  readonly profiles: readonly CaProfile[];
}

function profileOf(report: CertificateReport): CaProfile | null {
  return CA_PROFILES.find((p) => p.id === report.caProfileId) ?? findCaProfile(report.issuerDN);
}

export function tokenPinRules(reports: readonly CertificateReport[], cardPolicy: PinPolicy | undefined): TokenPinRules {
  const card = cardPolicy ?? UNREAD_CARD_PIN_POLICY;
  const profiles = [...new Set(reports.map(profileOf).filter((p): p is CaProfile => p !== null))];
  const fromProfiles = reports.flatMap((r) => defaultPinsFor(profileOf(r), r));
  return {
    policy: effectivePolicy(profiles.map((p) => p.pinPolicy), card),
    card,
    defaults: knownDefaultPins(reports, fromProfiles),
    profiles,
  };
}
