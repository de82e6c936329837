/**
 * The verdict for a HID key the user picked (issue 11 §2): what it exposes, whether any of it could carry a
 * vendor APDU tunnel, and — since no per-vendor framing is known yet — that nothing is sent to it. The summary
 * is plain JSON for the diagnostics export, so a helpdesk (and we) learn what a given key exposes.
 */
import type { LocalText } from '../reach/contexts';
import { findKnownToken } from '../../usb-driver';
import { HidDescriptorError } from './hid-errors';
import { summariseCollections, type HidCollectionSummary, type HidDeviceLike, type HidTreeSummary } from './hid-summary';

/**
 * - 'vendor-collection': a vendor-defined collection is visible — the likely APDU channel; framing unknown.
 * - 'only-blocked-collections': only FIDO / keyboard / mouse collections, which Chrome keeps from pages.
 * - 'no-vendor-collection': visible collections, none vendor-defined.
 */
export type HidVerdict = 'vendor-collection' | 'only-blocked-collections' | 'no-vendor-collection';

export interface HidDeviceSummary extends HidTreeSummary {
  readonly source: 'webhid';
  readonly id: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  /** Family from the known-token table, or null. */
  readonly knownFamily: string | null;
  readonly verdict: HidVerdict;
  /** Always false until a per-vendor profile exists: discovery sends no output or feature report. */
  readonly reportsSent: false;
  readonly explanation: LocalText;
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

function flatten(collections: readonly HidCollectionSummary[]): HidCollectionSummary[] {
  return collections.flatMap((c) => [c, ...flatten(c.children)]);
}

function verdictOf(tree: HidTreeSummary): HidVerdict {
  const all = flatten(tree.collections);
  if (all.some((c) => c.category === 'vendor-defined')) return 'vendor-collection';
  const blocked = (c: HidCollectionSummary): boolean => c.category === 'fido-blocked' || c.category === 'keyboard-mouse-blocked';
  return tree.collections.length > 0 && tree.collections.every(blocked) ? 'only-blocked-collections' : 'no-vendor-collection';
}

const EXPLANATIONS: Readonly<Record<HidVerdict, LocalText>> = {
  'vendor-collection': {
    'zh-CN': '这支 UKEY 有厂商自定义的 HID 通道，可能用来传输指令；但它的格式还没有公开资料，本应用没有向它发送任何数据。目前请使用 CA 提供的工具；导出诊断信息可以帮我们支持它。',
    en: "This key has a vendor-defined HID channel that may carry its commands, but its format is not published, so the app sent nothing to it. For now, use your CA's own tool; exporting diagnostics helps us support it.",
  },
  'only-blocked-collections': {
    'zh-CN': '这个设备只有安全密钥（FIDO）或键盘、鼠标类接口，浏览器不允许网页使用它们（FIDO 用法页 0xF1D0 被 Chrome 屏蔽）。',
    en: 'This device only has security-key (FIDO) or keyboard/mouse interfaces, which the browser keeps from pages (Chrome blocks the FIDO usage page 0xF1D0).',
  },
  'no-vendor-collection': {
    'zh-CN': '这个设备没有厂商自定义的 HID 通道，看起来不是通过 HID 传输证书指令的 UKEY。目前请使用 CA 提供的工具。',
    en: "This device has no vendor-defined HID channel; it does not look like a key that carries its commands over HID. For now, use your CA's own tool.",
  },
};

/**
 * Reads the device's IDs and collections only (no open(), no report). Throws HidDescriptorError when the
 * object is not shaped like a WebHID HIDDevice.
 */
export function describeHidDevice(device: HidDeviceLike): HidDeviceSummary {
  if (typeof device !== 'object' || device === null) throw new HidDescriptorError('not-a-device', 'device', 'expected a HIDDevice');
  const { vendorId, productId } = device;
  for (const [name, value] of [['vendorId', vendorId], ['productId', productId]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new HidDescriptorError('bad-field', name, 'expected a 16-bit USB ID');
    }
  }
  const tree = summariseCollections(device.collections);
  const verdict = verdictOf(tree);
  return {
    source: 'webhid',
    id: `${hex4(vendorId)}:${hex4(productId)}`,
    vendorId,
    productId,
    productName: typeof device.productName === 'string' ? device.productName : '',
    knownFamily: findKnownToken(vendorId, productId)?.family ?? null,
    verdict,
    reportsSent: false,
    explanation: EXPLANATIONS[verdict],
    ...tree,
  };
}
