/**
 * How each CA renews a key and which portals its keys serve (issue 16 §1), from the CA tools' manuals in
 * ../shared/seeds (facts only, our words). A key recorded by its certificate cannot be renewed in this app, so
 * its card shows the CA's own route; the app's own renewal (CMP) is only for CAs configured for it (the demo).
 * Hotlines come from the CA profile (src/shared/ca-profiles), never from here.
 */
import { CA_PROFILES, type CaProfile } from '../shared/ca-profiles';
import type { Lang } from './i18n';

interface LocalText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface CaRoute {
  /** The CA as a clerk names it in one word (12309 keys are issued through BJCA: seed 003). */
  readonly shortName: LocalText;
  /** The portal in the fewest words, for the one-line answer on 添加 UKEY. */
  readonly portalShort: LocalText;
  /** The portals clerks use these keys for (what they recognise the key by). */
  readonly portals: LocalText;
  /** The CA's renewal route, in steps a clerk can follow without us. */
  readonly renewal: LocalText;
}

const ROUTES: Readonly<Record<string, CaRoute>> = {
  // Seed 003 §2: the BJCA assistant shows the dates, the renewal is on the CA's renewal site, 15 min to take effect.
  '12309': {
    shortName: { 'zh-CN': 'BJCA', en: 'BJCA' },
    portalShort: { 'zh-CN': '12309', en: '12309' },
    portals: { 'zh-CN': '12309 中国检察网', en: 'the 12309 procuratorate platform' },
    renewal: {
      'zh-CN': '用 BJCA 证书助手查看有效期，再在 CA 的证书延期网站选“更新数字证书”办理；过期超过 30 天不能延期，只能重新申请；完成约 15 分钟后生效。',
      en: "Check the dates in the BJCA certificate assistant, then use \"Update certificate\" on the CA's renewal site; more than 30 days after expiry it can no longer be renewed, only re-issued; it takes effect about 15 minutes later.",
    },
  },
  // Seed 002 §7: a work order in the housing authority's WeCom (with the 介质序列号), ~3 working days, then self-service.
  bjca: {
    shortName: { 'zh-CN': 'BJCA', en: 'BJCA' },
    portalShort: { 'zh-CN': '住房公积金', en: 'the housing fund' },
    portals: { 'zh-CN': '住房公积金统计系统', en: 'the housing-fund statistics system' },
    renewal: {
      'zh-CN': '到期前在住建单位企业微信“统计系统 UKEY 申请和更新”提交更新工单（填写介质序列号），约 3 个工作日审核通过后，在 BJCA 证书助手里点“证书更新”自助完成。',
      en: "Before expiry file a renewal work order under \"UKEY application and renewal\" in the housing authority's WeCom (with the token serial number); once approved (about 3 working days) finish it yourself with \"Certificate update\" in the BJCA certificate assistant.",
    },
  },
  // Seed 001: the "i信" assistant offers the CA's services (业务办理).
  scca: {
    shortName: { 'zh-CN': '四川CA', en: 'Sichuan CA' },
    portalShort: { 'zh-CN': '四川人社', en: 'Sichuan social security' },
    portals: { 'zh-CN': '四川人社公共服务平台', en: 'the Sichuan HR and social-security platform' },
    renewal: {
      'zh-CN': '在四川CA 的“i信”证书助手里选“业务办理”办理证书延期，或联系四川CA。',
      en: 'Renew through "Business services" in Sichuan CA\'s "i信" certificate assistant, or contact Sichuan CA.',
    },
  },
  // Seed 000 FAQ 5: the pension company's service desk or account manager reloads the certificate.
  cfca: {
    shortName: { 'zh-CN': 'CFCA', en: 'CFCA' },
    portalShort: { 'zh-CN': '长江养老', en: 'the Changjiang pension' },
    portals: { 'zh-CN': '长江养老网上服务系统', en: 'the Changjiang pension online service' },
    renewal: {
      'zh-CN': '联系长江养老客服或你的客户经理办理证书更新（重新灌装证书）。',
      en: 'Ask the pension company\'s service desk or your account manager to renew (reload) the certificate.',
    },
  },
  demo: {
    shortName: { 'zh-CN': '演示 CA', en: 'demo CA' },
    portalShort: { 'zh-CN': '演示门户', en: 'the demo portal' },
    portals: { 'zh-CN': '演示门户', en: 'the demo portal' },
    renewal: { 'zh-CN': '在本应用里点“去延期”办理。', en: 'Use "Renew" in this app.' },
  },
};

const UNKNOWN: CaRoute = {
  shortName: { 'zh-CN': '', en: '' },
  portalShort: { 'zh-CN': '', en: '' },
  portals: { 'zh-CN': '', en: '' },
  renewal: {
    'zh-CN': '按发证 CA 或门户的流程办理延期；不清楚时打 CA 的服务热线问。',
    en: "Follow the issuing CA's or the portal's renewal process; when unsure, call the CA's service line.",
  },
};

export function caProfileById(id: string | null): CaProfile | null {
  return CA_PROFILES.find((p) => p.id === id) ?? null;
}

export function caRoute(profileId: string | null): CaRoute {
  return (profileId !== null ? ROUTES[profileId] : undefined) ?? UNKNOWN;
}

/** The CA's name as clerks know it, or null for a CA without a profile row. */
export function caName(profileId: string | null, lang: Lang): string | null {
  const profile = caProfileById(profileId);
  if (!profile) return null;
  return lang === 'zh-CN' ? profile.name.zh : profile.name.en;
}

/** The CA's public service lines (from its profile row). */
export function caHotlines(profileId: string | null): readonly string[] {
  return caProfileById(profileId)?.hotlines ?? [];
}

/** The renewal route with the CA's hotlines appended, for the card, the detail page and the calendar file. */
export function renewalRouteText(profileId: string | null, lang: Lang): string {
  const route = caRoute(profileId).renewal[lang];
  const hotlines = caProfileById(profileId)?.hotlines ?? [];
  if (hotlines.length === 0) return route;
  return lang === 'zh-CN' ? `${route}服务热线：${hotlines.join('、')}。` : `${route} Service line: ${hotlines.join(', ')}.`;
}

/** The CAs whose keys clerks hold (the profile rows except the demo), in profile order. */
export function clerkCaIds(): string[] {
  return CA_PROFILES.filter((p) => p.id !== 'demo').map((p) => p.id);
}
