/** Checks of the tokens themselves: permissions granted, paired tokens plugged in, protected interfaces. */
import type { EnvProbe, PairedTokenRef, UsbDeviceShape } from './environment';
import { classifyDevice, DEVICE_REACH, deviceLabel, USB_CLASS } from './protected-class';
import { countEn, isOneEn } from './plural';
import { result, type CheckResult } from './types';
import { parseConfigurationDescriptor, type ParsedInterface } from './usb-descriptors';

export async function checkUsbPermission(env: EnvProbe, devices: readonly UsbDeviceShape[]): Promise<CheckResult> {
  if (!env.hasWebUsb) {
    return result('usb-permission', 'warn', 'webusb-missing', '此浏览器不能连接 USB 设备，无法查看设备授权。', 'No WebUSB, so device permissions cannot be read.');
  }
  if (devices.length === 0) {
    // The demo key is virtual (DESIGN.md §6): with it alone, no USB permission is missing (issue 16 §3).
    const paired = await env.listPairedTokens().catch(() => []);
    if (paired.length > 0 && paired.every((t) => t.isDemo)) {
      return result('usb-permission', 'pass', 'no-device-chosen', '只在使用演示 UKEY：它是虚拟的，不需要 USB 授权。', 'Only the demo UKEY is in use: it is virtual and needs no USB permission.');
    }
    return result(
      'usb-permission',
      'warn',
      'no-device-chosen',
      '尚未授权任何已连接的 USB 设备。插入 UKEY 后请重新添加。',
      'No connected USB device is allowed yet. Plug the token in and pair it.',
      're-pair',
    );
  }
  return result(
    'usb-permission',
    'pass',
    'no-device-chosen',
    `已授权且已连接的设备：${devices.length} 个。`,
    `${countEn(devices.length, 'allowed device', 'allowed devices')} connected.`,
  );
}

function samePhysical(token: PairedTokenRef, device: UsbDeviceShape): boolean {
  if (token.vendorId !== device.vendorId || token.productId !== device.productId) return false;
  return token.usbSerialNumber === null || token.usbSerialNumber === (device.serialNumber ?? null);
}

export async function checkPairedTokens(env: EnvProbe, devices: readonly UsbDeviceShape[]): Promise<CheckResult> {
  const paired = await env.listPairedTokens();
  const real = paired.filter((t) => !t.isDemo);
  if (real.length === 0) {
    return paired.length > 0
      ? result('paired-tokens', 'pass', 'token-not-recognised', '只添加了演示 UKEY。', 'Only the demo token is paired.')
      : result(
          'paired-tokens',
          'warn',
          'token-not-recognised',
          '还没有添加任何 UKEY。',
          'No token has been paired yet.',
          're-pair',
        );
  }
  const missing = real.filter((t) => !devices.some((d) => samePhysical(t, d)));
  if (missing.length === 0) {
    return result('paired-tokens', 'pass', 'token-not-recognised', `已添加的 ${real.length} 支 UKEY 均已插入。`, isOneEn(real.length) ? 'The paired token is plugged in.' : `All ${real.length} paired tokens are plugged in.`);
  }
  const names = missing.map((t) => t.label || t.id).join('、');
  return result(
    'paired-tokens',
    'warn',
    'token-not-recognised',
    `未检测到：${names}。请插入 UKEY；未插入时显示的是缓存数据。若已插入仍看不到，请重新添加。`,
    `Not found: ${names.replace(/、/g, ', ')}. Plug the token in; until then cached data is shown. If it is plugged in, pair it again.`,
    're-pair',
  );
}

/** Only a vendor-class interface needs its raw descriptors read; other devices are never opened here. */
function hasVendorInterface(device: UsbDeviceShape): boolean {
  return device.configurations.some((c) => c.interfaces.some((i) => i.alternates.some((a) => a.interfaceClass === USB_CLASS.VENDOR_SPECIFIC)));
}

async function readParsed(env: EnvProbe, device: UsbDeviceShape): Promise<readonly ParsedInterface[] | null> {
  if (!hasVendorInterface(device)) return null;
  try {
    const raw = await env.readConfigurationDescriptor(device);
    return raw ? parseConfigurationDescriptor(raw) : null;
  } catch {
    return null;
  }
}

/** WebUSB protected-class rule (DESIGN.md §3), per granted device. */
export async function checkProtectedInterface(env: EnvProbe, devices: readonly UsbDeviceShape[]): Promise<CheckResult> {
  if (devices.length === 0) {
    return result('protected-interface', 'unchecked', 'protected-interface', '未检查：还没有插入并授权的 UKEY 可以检查。', 'Not checked: no allowed device to inspect.');
  }
  const blocked: string[] = [];
  const hidOnly: string[] = [];
  for (const device of devices) {
    const reach = classifyDevice(device, await readParsed(env, device));
    if (reach === DEVICE_REACH.PROTECTED_SMART_CARD) blocked.push(deviceLabel(device));
    else if (reach === DEVICE_REACH.HID && !env.hasWebHid) hidOnly.push(deviceLabel(device));
  }
  if (blocked.length > 0) {
    const list = blocked.join(', ');
    return result(
      'protected-interface',
      'fail',
      'protected-interface',
      `${list} 使用标准智能卡接口（类 0x0B），浏览器出于安全保护禁止网页访问。Chrome / Edge 普通网页与 PWA 均无法使用；需使用厂商模式（0xFF）的 UKEY，或 ChromeOS 隔离 Web 应用。`,
      `${list} exposes a standard smart-card interface (class 0x0B), which the browser protects from web pages. Ordinary Chrome / Edge pages and PWAs cannot use it; a vendor-mode (0xFF) token or a ChromeOS Isolated Web App can.`,
    );
  }
  if (hidOnly.length > 0) {
    return result(
      'protected-interface',
      'warn',
      'protected-interface',
      `${hidOnly.join('、')} 是 HID 类 UKEY，需要浏览器能连接 HID 设备，而此浏览器不能。`,
      `${hidOnly.join(', ')} is a HID token and needs WebHID, which this browser lacks.`,
    );
  }
  return result('protected-interface', 'pass', 'protected-interface', '已授权的设备都能被网页访问。', 'Every allowed device is reachable from the page.');
}
