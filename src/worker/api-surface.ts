/**
 * What the window may call on the driver worker, by service (issue 17 §4). comlink exposes an object's own
 * functions, so the endpoint is built from these lists only: a private helper of a service (its queue, a
 * management-key lookup, a clock) is never reachable from a page, and two services can never silently claim
 * the same name. Each list must name exactly its interface's methods (the `complete` checks fail to compile).
 */
import type {
  DiagnosticsApi,
  KeyAdminApi,
  PinApi,
  RenewalApi,
  SignInApi,
  TokenApi,
  TrustApi,
} from './device-service-api';
import type { UnlockApi } from './unlock-api';
import type { JobApi } from './jobs-api';

export const TOKEN_METHODS = ['listPairedTokens', 'startDemoToken', 'leaveDemoToken', 'open', 'close', 'readCertificates'] as const satisfies readonly (keyof TokenApi)[];
export const PIN_METHODS = ['getPinStatus', 'verifyPin', 'changePin', 'changePuk', 'unblockPin', 'sign', 'createCsr'] as const satisfies readonly (keyof PinApi)[];
export const KEY_ADMIN_METHODS = ['generateKey', 'writeCertificate'] as const satisfies readonly (keyof KeyAdminApi)[];
export const DIAGNOSTICS_METHODS = ['getTrafficLog', 'getUsbCapture', 'describeLink'] as const satisfies readonly (keyof DiagnosticsApi)[];
export const TRUST_METHODS = ['parseCaFile', 'listTrustedCas', 'importCaFile', 'removeTrustedCa', 'importCrl', 'listCrls'] as const satisfies readonly (keyof TrustApi)[];
export const SIGN_IN_METHODS = ['signInChoices', 'signInOptions', 'signIn', 'listSignIns'] as const satisfies readonly (keyof SignInApi)[];
export const RENEWAL_METHODS = ['renewalWindow', 'startRenewal', 'resumeRenewal', 'listRenewals'] as const satisfies readonly (keyof RenewalApi)[];
export const UNLOCK_METHODS = ['unlockStatus', 'registerOnlineUnlock', 'resumeEscrow', 'fileUnlockRequest', 'redeemUnlockCode'] as const satisfies readonly (keyof UnlockApi)[];
export const JOB_METHODS = ['startJob', 'jobStatus'] as const satisfies readonly (keyof JobApi)[];

/** `true` only when `Names` lists every method of `Api`; otherwise the missing names show in the error. */
type Complete<Api, Names extends readonly PropertyKey[]> = [Exclude<keyof Api, Names[number]>] extends [never] ? true : Exclude<keyof Api, Names[number]>;
const complete: [
  Complete<TokenApi, typeof TOKEN_METHODS>,
  Complete<PinApi, typeof PIN_METHODS>,
  Complete<KeyAdminApi, typeof KEY_ADMIN_METHODS>,
  Complete<DiagnosticsApi, typeof DIAGNOSTICS_METHODS>,
  Complete<TrustApi, typeof TRUST_METHODS>,
  Complete<SignInApi, typeof SIGN_IN_METHODS>,
  Complete<RenewalApi, typeof RENEWAL_METHODS>,
  Complete<UnlockApi, typeof UNLOCK_METHODS>,
  Complete<JobApi, typeof JOB_METHODS>,
] = [true, true, true, true, true, true, true, true, true];
void complete;

/** Every name the window can call, in one list (what the surface test compares the endpoint against). */
export const WINDOW_CALLABLE: readonly string[] = [
  ...TOKEN_METHODS,
  ...PIN_METHODS,
  ...KEY_ADMIN_METHODS,
  ...DIAGNOSTICS_METHODS,
  ...TRUST_METHODS,
  ...SIGN_IN_METHODS,
  ...RENEWAL_METHODS,
  ...UNLOCK_METHODS,
  ...JOB_METHODS,
];

/** The named methods of `part`, bound to it, as own properties; nothing else of it is copied. */
export function expose<T extends object, K extends keyof T & string>(part: T, names: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const name of names) {
    const method = part[name];
    if (typeof method !== 'function') throw new TypeError(`${name} is not a method of this service`);
    out[name] = (method as (...args: unknown[]) => unknown).bind(part) as T[K];
  }
  return out as Pick<T, K>;
}

/** Joins the services' surfaces into one endpoint, refusing a name that two services both declare. */
export function joinSurfaces<T extends object>(parts: readonly object[]): T {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, method] of Object.entries(part)) {
      if (name in out) throw new TypeError(`two services declare ${name}`);
      out[name] = method;
    }
  }
  return out as T;
}
