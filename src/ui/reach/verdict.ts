/**
 * Which key works where (issue 11 §1): per key family and browser context, a verdict on the link (can our
 * bytes reach the card at all), whether we speak the card's command set, and the way out in plain words.
 * Pure: derived from the known-token facts and the browser rules in contexts.ts.
 */
import type { GuideId } from '../../shared/errors';
import {
  findKnownToken,
  isSpokenCommandSet,
  type ExchangeLevel,
  type KnownToken,
  type TokenInterfaceKind,
} from '../../usb-driver';
import type { BrowserRule, LocalText, ReachContext } from './contexts';
import { familyOf, isFamilyId, type FamilyId } from './families';
import type { CardProfileState, Verdict } from './verdict-types';
import { wayOutText } from './way-out';

export type { CardProfileState, Verdict } from './verdict-types';
/** The API a working link uses; 'webhid-discovery' reads descriptors only, it sends no report. */
export type ReachPath = 'webusb-ccid' | 'webusb-canokey' | 'web-smart-card' | 'webhid-discovery' | 'virtual' | 'none';

export interface ReachVerdict {
  readonly family: FamilyId | null;
  readonly context: ReachContext;
  readonly verdict: Verdict;
  readonly path: ReachPath;
  readonly cardProfile: CardProfileState;
  readonly wayOut: LocalText;
  readonly guideId: GuideId | null;
  /** The browser rules the verdict stands on (keys of BROWSER_RULES). */
  readonly rules: readonly BrowserRule[];
}

interface Link {
  readonly verdict: Verdict;
  readonly path: ReachPath;
  readonly rules: readonly BrowserRule[];
  /** A guide even when the link works (the Linux udev note), and the sentence that points to it. */
  readonly guide?: GuideId;
  readonly note?: LocalText;
}

const LINUX_UDEV_NOTE: LocalText = {
  'zh-CN': '如果在较旧的 Linux 上浏览器看不到它，先按指南装一条 udev 规则。',
  en: 'If the browser cannot see it on an older Linux system, add a udev rule first (see the guide).',
};

/**
 * A vendor-class interface that carries APDUs (CanoKey; docs/web-ready-ukey.md): class 0xFF is not protected;
 * on Windows its MS OS 2.0 function subset binds WinUSB by itself; on Linux the CCID sibling makes systemd give
 * the seated user the device (60-ccid.rules → 70-uaccess.rules), older systems need the udev rule.
 */
function webApduLink(context: ReachContext, pwa: readonly BrowserRule[]): Link {
  const path: ReachPath = 'webusb-canokey';
  if (context === 'page-linux') return { verdict: 'works', path, rules: ['vendorClass', 'linuxUaccess'], guide: 'linux-udev', note: LINUX_UDEV_NOTE };
  if (osOf(context) === 'windows') return { verdict: 'works', path, rules: ['vendorClass', 'msOs20Winusb', ...pwa] };
  return { verdict: 'works', path, rules: ['vendorClass', ...pwa] };
}

type Os = 'windows' | 'posix' | 'iwa';

/** An installed PWA has exactly the page's rights; where the OS matters we answer for Windows, the stricter. */
function osOf(context: ReachContext): Os {
  if (context === 'chromeos-iwa') return 'iwa';
  return context === 'page-macos' || context === 'page-linux' ? 'posix' : 'windows';
}

/** Exchange levels our WebUSB CCID driver speaks: short and extended APDU, and TPDU with T=0/T=1 (src/tpdu). */
const isApduLevel = (token: KnownToken): boolean =>
  token.exchangeLevel === 'short-apdu' || token.exchangeLevel === 'extended-apdu' || token.exchangeLevel === 'tpdu';

function iwaLink(token: KnownToken, inLibccid: boolean): Link {
  // PC/SC on ChromeOS drives libccid's readers, TPDU T=0/T=1 included; otherwise our own driver over
  // `usb-unrestricted` WebUSB, APDU or TPDU level.
  if (inLibccid) return { verdict: 'works', path: 'web-smart-card', rules: ['smartCardApi'] };
  if (isApduLevel(token)) return { verdict: 'works', path: 'webusb-ccid', rules: ['usbUnrestricted'] };
  return { verdict: 'unknown', path: 'none', rules: ['smartCardApi', 'usbUnrestricted'] };
}

function linkFor(token: KnownToken, inLibccid: boolean, context: ReachContext): Link {
  const os = osOf(context);
  const pwa: readonly BrowserRule[] = context === 'installed-pwa' ? ['installedPwa'] : [];
  switch (token.interfaceKind) {
    case 'virtual':
      return { verdict: 'works', path: 'virtual', rules: [] };
    case 'blocklisted':
      if (os === 'iwa') return iwaLink(token, inLibccid);
      return { verdict: 'needs-iwa', path: 'none', rules: ['usbBlocklist', 'fidoBlocked', ...pwa] };
    case 'ccid':
      if (os === 'iwa') return iwaLink(token, inLibccid);
      return { verdict: 'needs-iwa', path: 'none', rules: ['protectedClasses', ...pwa] };
    case 'ccid-vendor-class':
      if (os === 'iwa') return iwaLink(token, inLibccid);
      if (os === 'windows') return { verdict: 'needs-winusb', path: 'none', rules: ['winusb', ...pwa] };
      return isApduLevel(token)
        ? { verdict: 'works', path: 'webusb-ccid', rules: [] }
        : { verdict: 'unknown', path: 'none', rules: [] };
    case 'mass-storage':
      // An IWA may claim class 0x08, but whether ChromeOS releases usb-storage and the vendor SCSI framing
      // are unverified (research/reach.md §3): unknown, not "works".
      if (os === 'iwa') return { verdict: 'unknown', path: 'none', rules: ['usbUnrestricted', 'scsi'] };
      return { verdict: 'no-web-path', path: 'none', rules: ['protectedClasses', 'scsi', ...pwa] };
    case 'hid':
      return { verdict: 'unknown', path: 'webhid-discovery', rules: ['webHid', ...pwa] };
    case 'composite': {
      if (os !== 'iwa' && token.interfaces.includes('webusb-apdu')) return webApduLink(context, pwa);
      if (os === 'iwa' && token.interfaces.includes('ccid')) return iwaLink(token, inLibccid);
      const hid = token.interfaces.includes('hid');
      return { verdict: 'unknown', path: hid ? 'webhid-discovery' : 'none', rules: hid ? ['webHid', 'protectedClasses', ...pwa] : pwa };
    }
    case 'unknown':
      return { verdict: 'unknown', path: 'none', rules: pwa };
  }
}

function profileOf(token: KnownToken): CardProfileState {
  if (isSpokenCommandSet(token.commandSet)) return 'supported';
  return token.commandSet === 'vendor' ? 'missing' : 'unknown';
}

function guideFor(verdict: Verdict, profile: CardProfileState): GuideId | null {
  switch (verdict) {
    case 'works':
      return profile === 'supported' ? null : 'token-unsupported';
    case 'needs-iwa':
      return 'protected-interface';
    case 'needs-winusb':
      return 'windows-driver-winusb';
    default:
      return 'token-unsupported';
  }
}

function withNote(text: LocalText, note: LocalText | undefined): LocalText {
  return note ? { 'zh-CN': text['zh-CN'] + note['zh-CN'], en: `${text.en} ${note.en}` } : text;
}

function verdictOf(token: KnownToken, family: FamilyId | null, inLibccid: boolean, context: ReachContext): ReachVerdict {
  const link = linkFor(token, inLibccid, context);
  const cardProfile = profileOf(token);
  return {
    family,
    context,
    verdict: link.verdict,
    path: link.path,
    cardProfile,
    wayOut: withNote(wayOutText(link.verdict, cardProfile, family !== null && familyOf(family).tokens.some((t) => t.interfaces.includes('hid'))), link.note),
    guideId: link.guide ?? guideFor(link.verdict, cardProfile),
    rules: link.rules,
  };
}

/** The verdict for a key family in a browser context. */
export function reachVerdict(family: FamilyId, context: ReachContext): ReachVerdict {
  const f = familyOf(family);
  const token = f.tokens[0];
  if (!token) throw new RangeError(`family ${family} has no token in the table`);
  return verdictOf(token, family, f.inLibccidList, context);
}

/** What WebUSB showed of a device before opening it (src/usb-driver/device-profile.ts interfaceKind). */
export interface ObservedDevice {
  readonly vendorId: number;
  readonly productId: number;
  readonly interfaceKind?: TokenInterfaceKind | 'none';
  readonly exchangeLevel?: ExchangeLevel | null;
}

/**
 * The verdict for a device the user paired (or picked): the table's family when we know its VID:PID, else what
 * its interfaces show (a vendor-class CCID reader works on Linux/macOS and needs WinUSB on Windows).
 */
export function reachForDevice(device: ObservedDevice, context: ReachContext): ReachVerdict {
  const known = findKnownToken(device.vendorId, device.productId);
  if (known && isFamilyId(known.family)) return reachVerdict(known.family, context);
  const kind = device.interfaceKind === undefined || device.interfaceKind === 'none' ? 'unknown' : device.interfaceKind;
  const observed: KnownToken = {
    vendorId: device.vendorId, productId: device.productId, family: 'unknown', vendor: '', model: '', interfaceKind: kind,
    interfaces: [], exchangeLevel: device.exchangeLevel ?? null, protocols: null, commandSet: 'unknown',
    guideId: 'token-unsupported', notes: '', sources: { identity: '', interface: 'observed', exchange: 'observed' },
  };
  return verdictOf(observed, null, false, context);
}
