/** Page-side queries of the running service worker: its state and the version it answers (GET_VERSION). */
import { isSwVersionReply, SW_MESSAGE } from './messages';

const VERSION_TIMEOUT_MS = 2_000;

/** Sends GET_VERSION to `worker` over a MessageChannel; null when it does not answer in time. */
export function askServiceWorkerVersion(worker: ServiceWorker, timeoutMs = VERSION_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      resolve(null);
    }, timeoutMs);
    channel.port1.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(isSwVersionReply(event.data) ? event.data.version : null);
    };
    worker.postMessage({ type: SW_MESSAGE.GET_VERSION }, [channel.port2]);
  });
}
