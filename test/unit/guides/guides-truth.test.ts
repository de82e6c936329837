/**
 * The guides describe the app as it is (issue 16 §2; UX walk 2026-12-06 finding 11). A guide fails this test
 * when it promises a feature for "later" (the app either has it — then the guide denies it — or lacks it — then
 * the guide promises it), when it tells the clerk the opposite of what the app says (never unplug during a
 * renewal, while the renewal screen says unplugging is fine), when a label it quotes as this app's is not on any
 * of the app's screens, or when a feature the app has is missing from the guide that explains that job.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_TITLES, ENV_SCREEN_TEXT, STATUS_TEXT } from '../../../src/ui/env-check';
import { GUIDES, getGuide, LANGS, type Guide } from '../../../src/ui/guides';
import { RENEWAL_UI_TEXTS } from '../../../src/ui/i18n/renewal-texts';
import { UI_EN } from '../../../src/ui/i18n/ui-en';
import { UI_ZH } from '../../../src/ui/i18n/ui-zh';
import { parseRoute } from '../../../src/ui/router';

type Lang = (typeof LANGS)[number];

const texts = (g: Guide, lang: Lang): string[] => [g.title[lang], g.summary[lang], ...g.causes[lang], ...g.steps[lang], ...(g.contactCa ? [g.contactCa[lang]] : [])];

/** Future promises and "not yet" denials, in both languages. */
const FUTURE: Readonly<Record<Lang, RegExp>> = {
  'zh-CN': /以后会|将来会|后续版本|以后.{0,8}(支持|接入)|暂不支持|目前请使用|届时/,
  en: /later version|will be (built|added|supported)|in a future|coming soon|until then|not supported yet|come in later/i,
};

/** The renewal screen says unplugging on the way is fine (crash-safe journal, issue 10 §2): no guide may forbid it. */
const NEVER_UNPLUG: Readonly<Record<Lang, RegExp>> = {
  'zh-CN': /(千万|不要|别)[^。；]{0,6}拔[^。；]{0,20}(延期|写入)|(延期|写入)[^。；]{0,20}(千万|不要|别)拔/,
  en: /(never|do not|don't) unplug[^.;]{0,60}(renew|written|writ)/i,
};

/** Labels that are not this app's: the browser's, Windows', a CA assistant's, or an example a clerk might type. */
const OUTSIDE_LABELS = new Set(['重新启动', '关闭时清除 Cookie 和网站数据', '社保（人事科）']);

function appStrings(lang: Lang): string[] {
  const ui = Object.values(lang === 'zh-CN' ? UI_ZH : UI_EN) as string[];
  const renewal = Object.values(RENEWAL_UI_TEXTS[lang]);
  const env = [...Object.values(CHECK_TITLES).map((v) => v[lang]), ...Object.values(STATUS_TEXT).map((v) => v[lang]), ...Object.values(ENV_SCREEN_TEXT[lang] as Record<string, string>)];
  return [...ui, ...renewal, ...env];
}

describe('guides describe the app as it is', () => {
  it.each(LANGS.map((l) => [l]))('%s: no guide promises a feature for later or denies one as "not yet"', (lang) => {
    const found = GUIDES.flatMap((g) => texts(g, lang).filter((t) => FUTURE[lang].test(t)).map((t) => `${g.id}: ${t}`));
    expect(found).toEqual([]);
  });

  it.each(LANGS.map((l) => [l]))('%s: no guide forbids unplugging during a renewal (the renewal screen says it is fine)', (lang) => {
    const found = GUIDES.flatMap((g) => texts(g, lang).filter((t) => NEVER_UNPLUG[lang].test(t)).map((t) => `${g.id}: ${t}`));
    expect(found).toEqual([]);
  });

  it('every label an English guide quotes as this app\'s is on one of the app\'s screens', () => {
    const strings = appStrings('en');
    const outside = new Set(['Relaunch', 'Social insurance (HR)']); // the browser's button; an example label
    const missing: string[] = [];
    for (const g of GUIDES) {
      for (const line of [...g.steps.en, ...g.causes.en, g.summary.en]) {
        if (!/this app|here\b/i.test(line)) continue;
        for (const m of line.matchAll(/"([^"]+)"/g)) if (!outside.has(m[1]!) && !strings.some((s) => s.includes(m[1]!))) missing.push(`${g.id}: "${m[1]}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every label a zh guide quotes as this app\'s is on one of the app\'s screens', () => {
    const strings = appStrings('zh-CN');
    const missing: string[] = [];
    for (const g of GUIDES) {
      for (const line of [...g.steps['zh-CN'], ...g.causes['zh-CN'], g.summary['zh-CN']]) {
        if (!/本应用|在这里/.test(line)) continue;
        for (const m of line.matchAll(/“([^”]+)”/g)) {
          const label = m[1]!;
          if (OUTSIDE_LABELS.has(label)) continue;
          if (!strings.some((s) => s.includes(label))) missing.push(`${g.id}: “${label}”`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  /** Features the app has, the button that reaches them, and the guide that must say so. */
  const FEATURES = [
    { feature: 'renewal in the app', route: '#/token/usb%3A1/renew/9a', guide: 'renewal-rules', label: { 'zh-CN': UI_ZH.renewNow, en: UI_EN.renewNow } },
    { feature: 'online unlock through the CA', route: '#/token/usb%3A1/unlock', guide: 'unlock', label: { 'zh-CN': UI_ZH.caUnlockOnline, en: UI_EN.caUnlockOnline } },
    { feature: 'keys recorded by certificate', route: '#/pair', guide: 'token-unsupported', label: { 'zh-CN': UI_ZH.pairCertTitle, en: UI_EN.pairCertTitle } },
    { feature: 'calendar reminders', route: '#/', guide: 'renewal-rules', label: { 'zh-CN': UI_ZH.icsDownload, en: UI_EN.icsDownload } },
  ] as const;

  it.each(FEATURES.map((f) => [f.feature, f]))('the app has %s, and its guide names the button that reaches it', (_, f) => {
    expect(parseRoute(f.route).name).not.toBe('not-found');
    const guide = getGuide(f.guide)!;
    for (const lang of LANGS) expect(texts(guide, lang).join('\n'), `${f.guide} ${lang}`).toContain(f.label[lang]);
  });

  it('every CA with a profile is named in the renewal and unlock guides with its route', () => {
    for (const id of ['renewal-rules', 'unlock'] as const) {
      const zh = texts(getGuide(id)!, 'zh-CN').join('\n');
      for (const ca of ['BJCA', 'CFCA', '四川CA', '12309']) expect(zh, `${id}: ${ca}`).toContain(ca);
    }
  });
});
