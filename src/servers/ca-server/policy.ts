/**
 * Per-profile issuance policy of the reference CA (issue 10 §5): how long certificates last, how long after
 * expiry a key update is still accepted (12309: 30 days, then "需要重新申请"), and delayed issuance that models the
 * CA's review time (the request is answered `waiting`, the client polls with pollReq after checkAfter).
 */
export interface CaProfilePolicy {
  readonly name: string;
  readonly validityDays: number;
  /** A kur is accepted until the old certificate has been expired this many days (RFC 9810 §5.3.5 leaves it to policy). */
  readonly renewalGraceDays: number;
  /** 0: issue at once; otherwise answer `waiting` and issue on a pollReq this many seconds later. */
  readonly issuanceDelaySeconds: number;
  /** How old a request's messageTime may be (queued offline requests arrive late); newer than +10 min is refused. */
  readonly messageTimeWindowSeconds: number;
  /**
   * An issued certificate not confirmed within this many seconds is revoked (RFC 9810 §5.3.18, RFC 9483 §4.1
   * leave the time to policy). As long as the messageTime window: a certConf queued offline still arrives in time.
   */
  readonly confirmDeadlineSeconds: number;
  /** Shown to users after installation (issue 10 §2). */
  readonly takesEffectNote: { readonly zh: string; readonly en: string } | null;
}

const DAY = 24 * 3600;

export const CA_POLICY_PROFILES: Readonly<Record<string, CaProfilePolicy>> = {
  default: {
    name: 'default',
    validityDays: 365,
    renewalGraceDays: 30,
    issuanceDelaySeconds: 0,
    messageTimeWindowSeconds: 7 * DAY,
    confirmDeadlineSeconds: 7 * DAY,
    takesEffectNote: null,
  },
  '12309': {
    name: '12309',
    validityDays: 365,
    renewalGraceDays: 30,
    issuanceDelaySeconds: 0,
    messageTimeWindowSeconds: 7 * DAY,
    confirmDeadlineSeconds: 7 * DAY,
    takesEffectNote: { zh: '新证书约 15 分钟后在平台生效。', en: 'The new certificate is accepted by the platform in about 15 minutes.' },
  },
  review: {
    name: 'review',
    validityDays: 365,
    renewalGraceDays: 30,
    issuanceDelaySeconds: 15 * 60,
    messageTimeWindowSeconds: 7 * DAY,
    confirmDeadlineSeconds: 7 * DAY,
    takesEffectNote: { zh: '人工审核后签发，请稍后领取。', en: 'Issued after review; collect it later.' },
  },
};

export const MAX_CLOCK_AHEAD_SECONDS = 600;

export function policyFor(name: string, overrides: Readonly<Record<string, Partial<CaProfilePolicy>>> = {}): CaProfilePolicy {
  const base = CA_POLICY_PROFILES[name] ?? CA_POLICY_PROFILES.default!;
  return { ...base, ...(overrides[name] ?? {}), name: CA_POLICY_PROFILES[name] ? name : 'default' };
}

/** Why a renewal is refused, in both languages (shown by the app as the CA's reason). */
export function renewalClosedReason(policy: CaProfilePolicy, expiredDays: number): string {
  return (
    `证书已过期 ${expiredDays} 天，超过 ${policy.renewalGraceDays} 天不能延期，需要重新申请。` +
    ` / The certificate expired ${expiredDays} days ago, more than ${policy.renewalGraceDays}: it cannot be renewed, apply anew.`
  );
}
