/**
 * The one-line answer "添加 UKEY" starts with (issue 16 §1): can the keys of the clerk's CAs be read on this
 * computer in this browser — said by CA and portal, not by manufacturer. Derived from the reach verdicts: a CA
 * key is readable only where a family of Chinese CA keys both reaches the page and speaks a command set a
 * registered card profile speaks (reach verdict 'supported'). None does today (DESIGN.md §3: their keys are
 * smart-card-class or CD-drive devices and speak GM/T 0017, which is not published), but the line follows the
 * table when that changes.
 */
import { caRoute, clerkCaIds } from './ca-routes';
import type { Lang } from './i18n';
import type { ReachContext } from './reach/contexts';
import { FAMILY_IDS } from './reach/families';
import { reachVerdict } from './reach/verdict';

/** Families that are open-hardware or test keys, not keys the Chinese CAs hand out. */
const NOT_CA_KEYS: ReadonlySet<string> = new Set(['yubikey', 'virtual', 'canokey']);

const PLACE: Readonly<Record<ReachContext, { 'zh-CN': string; en: string }>> = {
  'page-windows': { 'zh-CN': '在这台 Windows 电脑的浏览器里', en: 'In the browser on this Windows computer' },
  'page-macos': { 'zh-CN': '在这台 Mac 电脑的浏览器里', en: 'In the browser on this Mac' },
  'page-linux': { 'zh-CN': '在这台 Linux 电脑的浏览器里', en: 'In the browser on this Linux computer' },
  'installed-pwa': { 'zh-CN': '在这台电脑上安装的本应用里', en: 'In this app as installed on this computer' },
  'chromeos-iwa': { 'zh-CN': '在这台 ChromeOS 设备的本应用里', en: 'In this app on this ChromeOS device' },
};

export interface PairVerdict {
  /** True when some CA key family can be read here. */
  readonly caKeysReadable: boolean;
  readonly line: string;
}

export function caKeysReadable(context: ReachContext): boolean {
  return FAMILY_IDS.filter((id) => !NOT_CA_KEYS.has(id)).some((id) => {
    const v = reachVerdict(id, context);
    return v.verdict === 'works' && v.cardProfile === 'supported';
  });
}

export function pairVerdict(context: ReachContext, lang: Lang): PairVerdict {
  const readable = caKeysReadable(context);
  const ids = clerkCaIds();
  const zh = lang === 'zh-CN';
  const unique = (words: string[]) => [...new Set(words.filter((w) => w !== ''))];
  // CFCA first: the order the clerk names them; then the profile order.
  const order = (a: string, b: string) => (a === 'cfca' ? -1 : b === 'cfca' ? 1 : 0);
  const sorted = [...ids].sort(order);
  const cas = unique(sorted.map((id) => caRoute(id).shortName[lang])).join(zh ? '、' : ', ');
  const portals = unique(sorted.map((id) => caRoute(id).portalShort[lang])).join(zh ? '、' : ', ');
  const place = PLACE[context][lang];
  if (readable) {
    const line = zh
      ? `${place}，部分 CA 的 UKEY 可以直接读取：插好后点“选择 UKEY”。读取不了的，仍可以用证书记录。`
      : `${place} some CA keys can be read directly: plug yours in and press "Choose the UKEY". Those that cannot be read can still be recorded by their certificate.`;
    return { caKeysReadable: true, line };
  }
  const line = zh
    ? `${place}，${cas} 的 UKEY（${portals}用的都是）目前不能直接读取。你仍可以用证书记录它：到期提醒、备注和 CA 的延期办法照样有。`
    : `${place} the keys of ${cas} (as used for ${portals}) cannot be read directly yet. You can still record such a key by its certificate: deadline reminders, notes and the CA's renewal route still work.`;
  return { caKeysReadable: false, line };
}
