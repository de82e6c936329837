/**
 * The popup's side of the sign-in protocol (src/shared/signin/protocol.ts, issue 9 §2): say hello to the opener,
 * accept exactly one request — from window.opener, top-level, from an acceptable origin — and answer only that
 * exact origin. Anything else is ignored or refused by judgeSignRequest; a late or second request gets nothing.
 */
import {
  errorMessage,
  helloMessage,
  resultMessage,
  judgeSignRequest,
  type SignInErrorCode,
  type SignRequestMessage,
  type SignInEnvelope,
} from '../../shared/signin';

export interface AcceptedRequest {
  readonly request: SignRequestMessage;
  /** MessageEvent.origin: the only origin ever answered. */
  readonly origin: string;
}

export interface PopupChannel {
  /** Sends the result and ends the exchange; later calls do nothing. */
  finish(envelope: SignInEnvelope): void;
  /** Sends an error code and ends the exchange; later calls do nothing. */
  fail(code: SignInErrorCode): void;
  close(): void;
}

/** Whether `source` is a top-level window (reading `top` of a cross-origin WindowProxy is allowed, HTML §7.2.3). */
function isTopLevel(source: MessageEventSource | null): boolean {
  const win = source as Window | null;
  try {
    return win !== null && win.top === win;
  } catch {
    return false;
  }
}

export function openPopupChannel(win: Window, onRequest: (accepted: AcceptedRequest) => void): PopupChannel {
  let accepted: AcceptedRequest | null = null;
  let ended = false;
  const listener = (event: MessageEvent) => {
    const verdict = judgeSignRequest({
      data: event.data,
      origin: event.origin,
      fromOpener: win.opener !== null && event.source === win.opener,
      senderIsTopLevel: isTopLevel(event.source),
      alreadyHandled: accepted !== null || ended,
    });
    if (!verdict.accept) {
      if (verdict.reply) (event.source as Window).postMessage(errorMessage(verdict.reply), event.origin);
      return;
    }
    accepted = { request: verdict.request, origin: verdict.origin };
    onRequest(accepted);
  };
  win.addEventListener('message', listener);
  // The hello carries nothing secret, and the opener's origin is not known until it answers.
  (win.opener as Window | null)?.postMessage(helloMessage(), '*');
  const send = (message: unknown) => {
    if (ended || !accepted) return;
    ended = true;
    (win.opener as Window | null)?.postMessage(message, accepted.origin);
    win.removeEventListener('message', listener);
  };
  return {
    finish: (envelope) => send(resultMessage(envelope)),
    fail: (code) => send(errorMessage(code)),
    close: () => win.removeEventListener('message', listener),
  };
}
