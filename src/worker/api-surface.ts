/**
 * What the window may call on the driver worker, by service (issue 17 §4). The endpoint is built from these
 * lists only: a private helper of a service (its queue, a management-key lookup, a clock) is never reachable
 * from a page, and each service has its own namespace, so two services can no longer claim one name.
 * Each list must name exactly its interface's methods (the `complete` check fails to compile otherwise).
 *
 * One endpoint with one explicit object per service (`driver.tokens.open`), not one MessagePort per service:
 * comlink walks the call's property path on the exposed object, so a nested object gives each service its own
 * surface while the worker keeps one message queue — calls to different services stay in the order the window
 * made them (open, then verifyPin), thrown UKeyErrors take the one transfer handler, and the window watches one
 * worker for a crash instead of nine ports that would each need a handshake before the first call.
 */
import { wrap, type Endpoint, type ProxyMarked, type Remote } from 'comlink';
import type { DeviceService, DiagnosticsApi, KeyAdminApi, PinApi, SignInApi, TokenApi, TrustApi } from './device-service-api';
import type { RenewalApi } from './renewal-api';
import type { UnlockApi } from './unlock-api';
import type { JobApi } from './jobs-api';
import type { RecordsApi } from './records-api';

export const TOKEN_METHODS = ['listPairedTokens', 'startDemoToken', 'leaveDemoToken', 'open', 'close', 'readCertificates'] as const satisfies readonly (keyof TokenApi)[];
export const PIN_METHODS = ['getPinStatus', 'verifyPin', 'changePin', 'changeUnblockCode', 'unblockPin', 'sign', 'createCsr'] as const satisfies readonly (keyof PinApi)[];
export const KEY_ADMIN_METHODS = ['generateKey', 'writeCertificate'] as const satisfies readonly (keyof KeyAdminApi)[];
export const DIAGNOSTICS_METHODS = ['getTrafficLog', 'getUsbCapture', 'describeLink'] as const satisfies readonly (keyof DiagnosticsApi)[];
export const TRUST_METHODS = ['parseCaFile', 'listTrustedCas', 'importCaFile', 'removeTrustedCa', 'importCrl', 'listCrls'] as const satisfies readonly (keyof TrustApi)[];
export const SIGN_IN_METHODS = ['signInChoices', 'signInOptions', 'signIn', 'listSignIns'] as const satisfies readonly (keyof SignInApi)[];
export const RENEWAL_METHODS = ['renewalWindow', 'startRenewal', 'resumeRenewal', 'listRenewals'] as const satisfies readonly (keyof RenewalApi)[];
export const UNLOCK_METHODS = ['unlockStatus', 'registerOnlineUnlock', 'resumeEscrow', 'fileUnlockRequest', 'redeemUnlockCode'] as const satisfies readonly (keyof UnlockApi)[];
export const JOB_METHODS = ['startJob', 'jobStatus'] as const satisfies readonly (keyof JobApi)[];
export const RECORDS_METHODS = ['snapshot', 'getSetting', 'setSetting', 'putToken', 'setTokenLabel', 'saveTokenRead', 'addCertificateOnlyKey', 'deleteToken'] as const satisfies readonly (keyof RecordsApi)[];

/** The window's services and, for each, the only methods it may call: `driver.<service>.<method>(…)`. */
export const SERVICE_METHODS = {
  tokens: TOKEN_METHODS,
  pin: PIN_METHODS,
  keyAdmin: KEY_ADMIN_METHODS,
  diagnostics: DIAGNOSTICS_METHODS,
  trust: TRUST_METHODS,
  signIn: SIGN_IN_METHODS,
  renewal: RENEWAL_METHODS,
  unlock: UNLOCK_METHODS,
  jobs: JOB_METHODS,
  records: RECORDS_METHODS,
} as const satisfies { readonly [S in keyof DeviceService]: readonly (keyof DeviceService[S])[] };

export type ServiceName = keyof DeviceService;
export const SERVICE_NAMES = Object.keys(SERVICE_METHODS) as ServiceName[];

/** `true` only when `Names` lists every method of `Api`; otherwise the missing names show in the error. */
type Complete<Api, Names extends readonly PropertyKey[]> = [Exclude<keyof Api, Names[number]>] extends [never] ? true : Exclude<keyof Api, Names[number]>;
type AllComplete = { [S in ServiceName]: Complete<DeviceService[S], (typeof SERVICE_METHODS)[S]> };
// A service of DeviceService without its list fails the `satisfies` above; a list missing a method fails here.
const complete: AllComplete = { tokens: true, pin: true, keyAdmin: true, diagnostics: true, trust: true, signIn: true, renewal: true, unlock: true, jobs: true, records: true };
void complete;

/** Whether `service.method` is something the window may call. */
export function isDeclared(service: string, method: string): boolean {
  const methods = (SERVICE_METHODS as Readonly<Record<string, readonly string[]>>)[service];
  return Object.hasOwn(SERVICE_METHODS, service) && methods !== undefined && methods.includes(method);
}

/**
 * The named methods of `part`, bound to it, on a frozen object with no prototype: comlink resolves a call by
 * walking its path from the endpoint, and here that walk finds only these names (no `constructor`, no
 * `__proto__`), and a window cannot replace one of them by a comlink SET.
 */
export function exposeService<T extends object, K extends keyof T & string>(part: T, names: readonly K[]): Pick<T, K> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const name of names) {
    const method = part[name];
    if (typeof method !== 'function') throw new TypeError(`${name} is not a method of this service`);
    out[name] = (method as (...args: unknown[]) => unknown).bind(part);
  }
  return Object.freeze(out) as Pick<T, K>;
}

/** The endpoint: one frozen, prototype-less object holding each service's surface under its name. */
export function driverEndpoint(services: { readonly [S in ServiceName]: DeviceService[S] }): DeviceService {
  const out = Object.create(null) as Record<string, unknown>;
  for (const name of SERVICE_NAMES) out[name] = services[name];
  return Object.freeze(out) as unknown as DeviceService;
}

/**
 * What comlink's wrap() gives for this endpoint, for code that wraps a port itself (session tests, benches):
 * comlink types a plain nested object as a promise of its value, but its proxy calls `tokens.open` by path.
 */
export type RemoteDriver = Remote<{ readonly [S in ServiceName]: DeviceService[S] & ProxyMarked }>;
export const wrapDriver = (endpoint: Endpoint): RemoteDriver => wrap(endpoint);
