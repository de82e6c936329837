/**
 * Asks a throw-away dedicated worker which device APIs it sees: the driver lives in a worker, and WebHID
 * reached workers only in Chrome 131 (DESIGN.md §3). The worker is a tiny inline module script.
 */
const PROBE_SOURCE = "postMessage({ usb: 'usb' in navigator, hid: 'hid' in navigator });";
const PROBE_TIMEOUT_MS = 3_000;

export function probeWorkerApis(): Promise<{ usb: boolean; hid: boolean } | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    let url = '';
    try {
      url = URL.createObjectURL(new Blob([PROBE_SOURCE], { type: 'text/javascript' }));
      worker = new Worker(url, { type: 'module' });
    } catch {
      if (url) URL.revokeObjectURL(url);
      resolve(null);
      return;
    }
    const finish = (value: { usb: boolean; hid: boolean } | null): void => {
      clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(url);
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), PROBE_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent) => {
      const data = event.data as { usb?: unknown; hid?: unknown } | null;
      finish({ usb: data?.usb === true, hid: data?.hid === true });
    };
    worker.onerror = () => finish(null);
  });
}
