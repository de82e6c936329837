/**
 * The way out, in plain words, zh-CN first (issue 11 §1): the CA's own tool for now, ChromeOS with the IWA,
 * a key with a vendor-class or HID interface. Sentences are composed from what the link allows and whether
 * we speak the card's command set, so the text never promises more than the verdict.
 */
import type { LocalText } from './contexts';
import type { CardProfileState, Verdict } from './verdict-types';

const LINK: Readonly<Record<Verdict, LocalText>> = {
  works: { 'zh-CN': '浏览器可以连接这支 UKEY。', en: 'The browser can reach this key.' },
  'needs-iwa': {
    'zh-CN': '普通网页和已安装的应用都不能打开这支 UKEY：浏览器保护它的智能卡接口。ChromeOS 上本应用的专用版本（隔离网页应用）可以打开它。',
    en: "Ordinary pages and installed apps cannot open this key: the browser protects its smart-card interface. The app's Isolated Web App (IWA) on ChromeOS can.",
  },
  'needs-winusb': {
    'zh-CN': '在 Windows 上，浏览器只能打开装了 WinUSB 驱动的接口，而这支 UKEY 用的是别的驱动。',
    en: 'On Windows the browser can only open interfaces that use the WinUSB driver; this key uses another driver.',
  },
  'no-web-path': {
    'zh-CN': '这是一支“光盘”型 UKEY：它靠厂商专用的存储设备命令通信，网页发不出这些命令。',
    en: 'This is a "CD drive" key: it talks through vendor SCSI commands that no web API can send.',
  },
  unknown: {
    'zh-CN': '我们还不知道浏览器在这里能否使用这支 UKEY：没有可靠资料说明它的接口。',
    en: 'We do not know yet whether the browser can use this key here: no source describes its interface.',
  },
};

const WORKS: LocalText = { 'zh-CN': '可以直接使用。', en: 'It works as it is.' };
const NO_PROFILE: LocalText = {
  'zh-CN': '但本应用还不会这支 UKEY 的厂商指令集。',
  en: "But the app does not speak this key's vendor command set yet.",
};
const CA_TOOL: LocalText = { 'zh-CN': '要用这支 UKEY 办业务，请用 CA 提供的工具；它的证书可以在这里记录下来，提醒到期。', en: "For now, use your CA's own tool." };
const IWA: LocalText = { 'zh-CN': '也可以在 ChromeOS 上使用本应用的专用版本。', en: "Or use ChromeOS with the app's IWA." };
const OTHER_KEY: LocalText = {
  'zh-CN': '也可以向 CA 换一支浏览器能直接打开的 UKEY（厂商自定义接口或 HID 接口）。',
  en: 'Or ask your CA for a key with a vendor-class or HID interface.',
};
const WINUSB: LocalText = {
  'zh-CN': '为它换装 WinUSB 驱动后可以使用，但之后 CA 的工具就不能再用它了。',
  en: "It works once its interface uses the WinUSB driver, but then the CA's tool can no longer use it.",
};
const EXPORT: LocalText = {
  'zh-CN': '可以在“全面检查”里导出诊断信息（含它的接口描述，不含任何密码），帮我们支持它。',
  en: 'You can export its interface description (no secrets in it) from diagnostics to help us support it.',
};

function join(parts: readonly LocalText[]): LocalText {
  return { 'zh-CN': parts.map((p) => p['zh-CN']).join(''), en: parts.map((p) => p.en).join(' ') };
}

/** `hasHid`: the family shows a HID interface, so the diagnostics export can describe it. */
export function wayOutText(verdict: Verdict, profile: CardProfileState, hasHid: boolean): LocalText {
  const speaks = profile === 'supported';
  switch (verdict) {
    case 'works':
      return speaks ? WORKS : join([LINK.works, NO_PROFILE, CA_TOOL]);
    case 'needs-iwa':
      return speaks ? LINK['needs-iwa'] : join([LINK['needs-iwa'], NO_PROFILE, CA_TOOL, OTHER_KEY]);
    case 'needs-winusb':
      return join([LINK['needs-winusb'], speaks ? WINUSB : CA_TOOL, IWA]);
    case 'no-web-path':
      return join([LINK['no-web-path'], CA_TOOL, OTHER_KEY]);
    case 'unknown':
      return join([LINK.unknown, CA_TOOL, ...(hasHid ? [EXPORT] : [])]);
  }
}
