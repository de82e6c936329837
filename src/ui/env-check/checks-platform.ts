/** Checks of what this browser and page can do at all: secure context, device APIs, workers. */
import type { EnvProbe } from './environment';
import { result, type CheckResult } from './types';

export function checkSecureContext(env: EnvProbe): CheckResult {
  return env.isSecureContext
    ? result('secure-context', 'pass', 'webusb-missing', '页面是通过安全连接（https:// 或本机地址）打开的。', 'The page runs in a secure context (HTTPS or localhost).')
    : result(
        'secure-context',
        'fail',
        'webusb-missing',
        '页面不是通过安全连接打开的，浏览器会关闭连接 USB 等设备的功能。请用 https:// 地址打开。',
        'The page is not served over HTTPS, so the browser hides USB and other device APIs. Open it via https://.',
      );
}

export function checkWebUsb(env: EnvProbe): CheckResult {
  return env.hasWebUsb
    ? result('webusb', 'pass', 'webusb-missing', '浏览器能连接 USB 设备。', 'This browser has WebUSB.')
    : result(
        'webusb',
        'fail',
        'webusb-missing',
        '此浏览器不能连接 USB 设备，无法直接读取 UKEY。请使用新版 Chrome 或 Edge 桌面版。',
        'This browser has no WebUSB, so it cannot talk to the token. Use a current desktop Chrome or Edge.',
      );
}

export function checkWebHid(env: EnvProbe): CheckResult {
  return env.hasWebHid
    ? result('webhid', 'pass', 'browser-versions', '浏览器能连接 HID 设备（免驱 HID 类 UKEY 可用）。', 'This browser has WebHID (driver-free HID tokens work).')
    : result(
        'webhid',
        'warn',
        'browser-versions',
        '此浏览器不能连接 HID 设备：免驱（HID）类 UKEY 无法使用，其他 UKEY 不受影响。',
        'This browser has no WebHID: driver-free (HID) tokens cannot be used; CCID tokens are unaffected.',
      );
}

/** Web Smart Card exists only for Isolated Web Apps (ChromeOS); its absence in a page is normal. */
export function checkWebSmartCard(env: EnvProbe): CheckResult {
  return env.hasWebSmartCard
    ? result('web-smart-card', 'pass', 'protected-interface', '浏览器可以使用电脑的智能卡服务。', 'The browser offers the Web Smart Card API.')
    : result(
        'web-smart-card',
        'unchecked',
        'protected-interface',
        '普通网页不能使用电脑的智能卡服务（只有 ChromeOS 上本应用的专用版本可以），本应用直接连接 USB 和 HID 设备，无需处理。',
        'Ordinary pages have no Web Smart Card API (only Isolated Web Apps on ChromeOS); the app uses WebUSB / WebHID instead. Nothing to do.',
      );
}

/** The driver runs in a dedicated worker, so the device APIs must exist there too (Chrome ≥ 131 for WebHID). */
export async function checkWorker(env: EnvProbe): Promise<CheckResult> {
  if (!env.hasWorker) {
    return result('worker', 'fail', 'browser-versions', '浏览器不支持 Web Worker，驱动无法运行。', 'The browser has no Web Workers; the driver cannot run.');
  }
  const apis = await env.probeWorkerApis();
  if (!apis) {
    return result(
      'worker',
      'warn',
      'browser-versions',
      '后台线程（Worker）没有按时响应，无法确认其中的设备接口。',
      'The background worker did not answer in time; its device APIs could not be checked.',
      'reload',
    );
  }
  if (env.hasWebUsb && !apis.usb) {
    return result('worker', 'fail', 'browser-versions', '浏览器的后台线程不能连接 USB 设备，请升级浏览器。', 'WebUSB is missing in workers; update the browser.');
  }
  if (env.hasWebHid && !apis.hid) {
    return result(
      'worker',
      'warn',
      'browser-versions',
      '浏览器的后台线程不能连接 HID 设备（Chrome 131 起才可以），HID 类 UKEY 需要升级浏览器。',
      'WebHID is missing in workers (Chrome 131 and later have it); HID tokens need a newer browser.',
    );
  }
  return result('worker', 'pass', 'browser-versions', '后台线程可用，设备接口齐全。', 'Workers run and see the device APIs.');
}
