/**
 * What the UI offers for a key: only what its card's profile said it can do (issue 17 §3), so no button leads
 * to a refusal. A record stored before the worker reported capabilities keeps the offers it always had; the
 * next read of the key replaces them with the profile's answer.
 */
import type { CertificateRecord, TokenRecord } from '../store';
import type { UiKey } from './i18n';
import { deadlineFor } from './renewal-deadline';
import { certificateRoleKey, type TokenView } from './token-view';

export interface KeyOffers {
  /** The PIN screen (verify, change). */
  readonly pin: boolean;
  /** Unblocking the PIN with the card's unblock code, and changing that code. */
  readonly unblockCode: boolean;
  /** 证书延期 (new key, CSR, certificate written to the card). */
  readonly renew: boolean;
  /** Sign-in with a key of this card. */
  readonly sign: boolean;
}

const BEFORE_CAPABILITIES: KeyOffers = { pin: true, unblockCode: true, renew: true, sign: true };

export function keyOffers(record: TokenRecord): KeyOffers {
  const caps = record.capabilities;
  if (!caps) return BEFORE_CAPABILITIES;
  return { pin: caps.credentials.pin, unblockCode: caps.credentials.unblockCode, renew: caps.renews, sign: caps.signs };
}

/** A certificate 全面检查 offers to renew here: its key, and the role words to name it. */
export interface RenewalDue {
  readonly view: TokenView;
  readonly cert: CertificateRecord;
  readonly roleKey: UiKey;
}

/**
 * The certificates inside their renewal window (or grace) on keys this app can renew: read live (a key known
 * only by its certificate follows its CA's route) and whose card profile renews (issue 17 §3).
 */
export function renewalsDue(views: readonly TokenView[], now: Date): RenewalDue[] {
  return views.flatMap((view) =>
    view.record.transport === 'certificate-only' || !keyOffers(view.record).renew
      ? []
      : view.certificates.flatMap((cert) => {
          const kind = cert.report ? deadlineFor(cert.report, now).kind : 'ok';
          return kind === 'renew-by' || kind === 'grace' ? [{ view, cert, roleKey: certificateRoleKey(cert, false) }] : [];
        }),
  );
}
