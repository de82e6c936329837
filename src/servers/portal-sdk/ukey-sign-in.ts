/**
 * UKey Assistant portal SDK (issue 9 §3): one dependency-free ES module a portal includes.
 *
 *   import { signIn } from '/ukey-sign-in.js';
 *   button.addEventListener('click', async () => {
 *     const challenge = fetch('/ukey/challenge', { method: 'POST' }).then((r) => r.json()).then((j) => j.challenge);
 *     const envelope = await signIn({ appUrl: 'https://ukey.example.cn/sign', challenge });
 *     await fetch('/ukey/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
 *   });
 *
 * window.open must run in the click handler itself (browsers block popups opened after an await), so signIn
 * opens the popup first and accepts the challenge as a promise.
 * The popup speaks the protocol of src/shared/signin/protocol.ts (hello → request → result/error); this file keeps its
 * own copy of the few constants so it can be served as is (a unit test keeps both in step).
 * Works when the portal sends COOP same-origin-allow-popups (the popup keeps its opener); not with same-origin.
 */

export const SDK_PROTOCOL = { hello: 'ukey:hello', request: 'ukey:get', result: 'ukey:result', error: 'ukey:error', version: 1 } as const;

/** Codes the app sends, plus the SDK's own (popup blocked or closed, bad options, answer not understood). */
export type UKeySignInErrorCode =
  | 'USER_CANCELLED'
  | 'NO_TOKEN'
  | 'PIN_BLOCKED'
  | 'UNSUPPORTED_TOKEN'
  | 'ORIGIN_REFUSED'
  | 'TIMEOUT'
  | 'BAD_REQUEST'
  | 'POPUP_BLOCKED'
  | 'POPUP_CLOSED'
  | 'INVALID_OPTIONS'
  | 'CHALLENGE_UNAVAILABLE'
  | 'PROTOCOL_ERROR';

const APP_CODES: readonly UKeySignInErrorCode[] = ['USER_CANCELLED', 'NO_TOKEN', 'PIN_BLOCKED', 'UNSUPPORTED_TOKEN', 'ORIGIN_REFUSED', 'TIMEOUT', 'BAD_REQUEST'];

/** What to show the user, Chinese first (zh-CN, then English). */
export const SIGN_IN_MESSAGES: Readonly<Record<UKeySignInErrorCode, { readonly zh: string; readonly en: string }>> = {
  USER_CANCELLED: { zh: '已取消登录。', en: 'Sign-in was cancelled.' },
  NO_TOKEN: { zh: '未找到 UKEY，请插入后重试。', en: 'No UKEY found. Insert it and try again.' },
  PIN_BLOCKED: { zh: 'UKEY 的 PIN 已锁定，请在 UKey 助手中解锁。', en: 'The UKEY PIN is blocked. Unblock it in UKey Assistant.' },
  UNSUPPORTED_TOKEN: { zh: '这个 UKEY 暂不支持网页登录。', en: 'This UKEY cannot sign in to websites yet.' },
  ORIGIN_REFUSED: { zh: 'UKey 助手拒绝了本网站的请求（需要 https）。', en: 'UKey Assistant refused this site (https is required).' },
  TIMEOUT: { zh: '登录超时，请重试。', en: 'Sign-in timed out. Please try again.' },
  BAD_REQUEST: { zh: '网站发出的登录请求格式有误。', en: 'The site sent a malformed sign-in request.' },
  POPUP_BLOCKED: {
    zh: '浏览器拦截了 UKey 助手窗口。请允许本网站弹出窗口，然后再点一次“使用 UKEY 登录”。',
    en: 'The browser blocked the UKey Assistant window. Allow pop-ups for this site, then click “Sign in with UKEY” again.',
  },
  POPUP_CLOSED: { zh: 'UKey 助手窗口已关闭，未完成登录。', en: 'The UKey Assistant window was closed before signing in.' },
  INVALID_OPTIONS: { zh: '网站的登录设置有误。', en: 'The site’s sign-in settings are wrong.' },
  CHALLENGE_UNAVAILABLE: { zh: '网站暂时无法开始登录，请稍后再试。', en: 'The site cannot start a sign-in right now. Try again later.' },
  PROTOCOL_ERROR: { zh: 'UKey 助手的回复无法识别。', en: 'The answer from UKey Assistant was not understood.' },
};

export class UKeySignInError extends Error {
  override readonly name = 'UKeySignInError';
  readonly code: UKeySignInErrorCode;
  readonly zh: string;
  readonly en: string;

  constructor(code: UKeySignInErrorCode, detail?: string) {
    const text = SIGN_IN_MESSAGES[code];
    super(`${text.zh} ${text.en}${detail ? ` (${detail})` : ''}`);
    this.code = code;
    this.zh = text.zh;
    this.en = text.en;
  }
}

export interface UKeyEnvelope {
  readonly v: 1;
  readonly fmt: 'raw';
  readonly alg: string;
  readonly clientDataJSON: string;
  readonly signature: string;
  readonly cert: string;
  readonly chain: readonly string[];
}

export interface SignInOptions {
  /** The app's sign page, e.g. "https://ukey.example.cn/sign". */
  readonly appUrl: string;
  /** base64url challenge from the portal's server, or a promise of it (fetch it after the click). */
  readonly challenge: string | PromiseLike<string>;
  readonly rpData?: string;
  readonly certFilter?: { readonly issuer?: string; readonly policyOid?: string };
  /** Default 5 minutes: the user may need to find the key and type the PIN. */
  readonly timeoutMs?: number;
}

const CHALLENGE = /^[A-Za-z0-9_-]{22,86}$/;
const CLOSED_POLL_MS = 400;

function isEnvelope(value: unknown): value is UKeyEnvelope {
  const e = value as Record<string, unknown> | null;
  return typeof e === 'object' && e !== null && e.v === 1 && e.fmt === 'raw' && typeof e.alg === 'string' &&
    typeof e.clientDataJSON === 'string' && typeof e.signature === 'string' && typeof e.cert === 'string' && Array.isArray(e.chain);
}

/**
 * Opens the app's sign popup and resolves with the envelope to POST to the portal's server. Call it directly
 * from a click handler. Rejects with UKeySignInError (code + zh/en text).
 */
export function signIn(options: SignInOptions): Promise<UKeyEnvelope> {
  let appOrigin: string;
  try {
    appOrigin = new URL(options.appUrl, window.location.href).origin;
  } catch {
    return Promise.reject(new UKeySignInError('INVALID_OPTIONS', 'appUrl is not a URL'));
  }
  // Open first, synchronously: an await before window.open loses the click's user activation.
  const popup = window.open(options.appUrl, 'ukey-sign-in', 'popup,width=480,height=680');
  if (!popup || popup.closed) return Promise.reject(new UKeySignInError('POPUP_BLOCKED'));

  return new Promise<UKeyEnvelope>((resolve, reject) => {
    let challenge: string | null = null;
    let helloSeen = false;
    let requestSent = false;
    let finished = false;

    const finish = (outcome: { envelope: UKeyEnvelope } | { error: UKeySignInError }): void => {
      if (finished) return;
      finished = true;
      window.removeEventListener('message', onMessage);
      window.clearInterval(closedPoll);
      window.clearTimeout(timer);
      if ('envelope' in outcome) resolve(outcome.envelope);
      else {
        if (!popup.closed) popup.close();
        reject(outcome.error);
      }
    };
    const sendRequest = (): void => {
      if (requestSent || !helloSeen || challenge === null) return;
      requestSent = true;
      const request = {
        t: SDK_PROTOCOL.request,
        v: SDK_PROTOCOL.version,
        challenge,
        ...(options.rpData === undefined ? {} : { rpData: options.rpData }),
        ...(options.certFilter === undefined ? {} : { certFilter: options.certFilter }),
      };
      popup.postMessage(request, appOrigin); // exact target origin, never "*"
    };
    function onMessage(event: MessageEvent): void {
      if (event.source !== popup || event.origin !== appOrigin) return; // someone else's message
      const data = event.data as { t?: unknown; code?: unknown; envelope?: unknown } | null;
      if (typeof data !== 'object' || data === null) return;
      if (data.t === SDK_PROTOCOL.hello) {
        helloSeen = true;
        sendRequest();
      } else if (data.t === SDK_PROTOCOL.result && requestSent) {
        if (isEnvelope(data.envelope)) finish({ envelope: data.envelope });
        else finish({ error: new UKeySignInError('PROTOCOL_ERROR', 'result without a v1 envelope') });
      } else if (data.t === SDK_PROTOCOL.error) {
        const code = APP_CODES.includes(data.code as UKeySignInErrorCode) ? (data.code as UKeySignInErrorCode) : 'PROTOCOL_ERROR';
        finish({ error: new UKeySignInError(code) });
      }
    }

    window.addEventListener('message', onMessage);
    // COOP same-origin-allow-popups on the portal keeps this handle usable, so closing is observable.
    const closedPoll = window.setInterval(() => {
      if (popup.closed) finish({ error: new UKeySignInError('POPUP_CLOSED') });
    }, CLOSED_POLL_MS);
    const timer = window.setTimeout(() => finish({ error: new UKeySignInError('TIMEOUT') }), options.timeoutMs ?? 300_000);

    Promise.resolve(options.challenge).then(
      (value) => {
        if (typeof value !== 'string' || !CHALLENGE.test(value)) {
          finish({ error: new UKeySignInError('INVALID_OPTIONS', 'challenge must be base64url of 16–64 bytes') });
          return;
        }
        challenge = value;
        sendRequest();
      },
      // The portal's own reason (e.g. its 503 body) goes along as the detail.
      (reason: unknown) => finish({ error: new UKeySignInError('CHALLENGE_UNAVAILABLE',
        reason instanceof Error && reason.message ? reason.message : 'the challenge could not be fetched') }),
    );
  });
}
