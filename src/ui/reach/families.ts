/**
 * Key families our users hold (issue 11 §1), each grouping the VID:PIDs of the known-token table that share
 * one interface kind and exchange level. Display names are zh-CN first.
 */
import { KNOWN_TOKENS, type KnownToken } from '../../usb-driver';
import type { LocalText } from './contexts';

export const FAMILY_IDS = [
  'feitian-epass2003',
  'feitian-3000gm',
  'watchdata-usb-key',
  'watchdata-w5181',
  'hdzb-ukey',
  'longmai-gm3000',
  'longmai-gm3000c',
  'excelsecu',
  'haitai',
  'hengbao',
  'linguo',
  'yubikey',
  'canokey',
  'virtual',
] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

export interface KeyFamily {
  readonly id: FamilyId;
  readonly name: LocalText;
  /**
   * Listed in libccid's supported readers, so PC/SC (and thus the Web Smart Card API on ChromeOS, whose Smart
   * Card Connector drives readers with libccid) knows it. Source: LudovicRousseau/CCID readers/*.txt.
   */
  readonly inLibccidList: boolean;
  readonly tokens: readonly KnownToken[];
}

const NAMES: Readonly<Record<FamilyId, LocalText>> = {
  'feitian-epass2003': { 'zh-CN': '飞天 ePass2003', en: 'Feitian ePass2003' },
  'feitian-3000gm': { 'zh-CN': '飞天 3000GM', en: 'Feitian USB Token 3000GM' },
  'watchdata-usb-key': { 'zh-CN': '握奇 USB Key', en: 'Watchdata USB Key' },
  'watchdata-w5181': { 'zh-CN': '握奇 W5181', en: 'Watchdata W5181' },
  'hdzb-ukey': { 'zh-CN': '华大智宝 uKey', en: 'HDZB uKey' },
  'longmai-gm3000': { 'zh-CN': '龙脉 GM3000', en: 'Longmai GM3000' },
  'longmai-gm3000c': { 'zh-CN': '龙脉 GM3000C', en: 'Longmai GM3000C' },
  excelsecu: { 'zh-CN': '文鼎创', en: 'Excelsecu' },
  haitai: { 'zh-CN': '海泰', en: 'HaiTai' },
  hengbao: { 'zh-CN': '恒宝 U宝', en: 'HengBao UranuSafe' },
  linguo: { 'zh-CN': '林果', en: 'Linguo' },
  yubikey: { 'zh-CN': 'YubiKey', en: 'YubiKey' },
  canokey: { 'zh-CN': 'CanoKey（开源硬件）', en: 'CanoKey (open hardware)' },
  virtual: { 'zh-CN': '演示 UKEY（虚拟）', en: 'Demo key (virtual)' },
};

const IN_LIBCCID: ReadonlySet<FamilyId> = new Set<FamilyId>([
  'feitian-epass2003',
  'watchdata-usb-key',
  'watchdata-w5181',
  'hdzb-ukey',
  'excelsecu',
  'yubikey',
  'canokey',
]);

export function isFamilyId(value: string): value is FamilyId {
  return (FAMILY_IDS as readonly string[]).includes(value);
}

export function familyOf(id: FamilyId): KeyFamily {
  return { id, name: NAMES[id], inLibccidList: IN_LIBCCID.has(id), tokens: KNOWN_TOKENS.filter((t) => t.family === id) };
}

export const KEY_FAMILIES: readonly KeyFamily[] = FAMILY_IDS.map(familyOf);
