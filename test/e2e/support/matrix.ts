/**
 * The issue 16 "Done when" matrix: each screen in zh-CN and en at 1280×800 and 390×844, with axe (no serious or
 * critical WCAG 2.1 A/AA violation), no horizontal overflow, no word broken across lines at 390 px (badges,
 * buttons, dates, labels: issue 16 §3), and a full-page screenshot under /tmp/ukey-shots/ for a person to look at.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LATIN_ALLOWED_ZH } from '../../../src/ui/i18n/glossary';
import type { AppLang } from './app';
import { DESK, PHONE, type SizeName } from './screens';

export const SHOTS_DIR = process.env.UKEY_SHOTS_DIR ?? '/tmp/ukey-shots';
export const LANGS: readonly AppLang[] = ['zh-CN', 'en'];
export const SIZES: readonly SizeName[] = ['desk', 'phone'];
export const VIEWPORT = { desk: DESK, phone: PHONE } as const;

/** Elements whose words must stay whole (the phone-width rule; CJK prose in a paragraph may break anywhere). */
const WATCHED = '.badge, .demo-label, .cached-label, button, .button, .date, .net, time, .dn dt, h1, .facts dt, .deadline';

/** Words of watched elements that the layout split over two lines (a DOM Range over the word has two line boxes). */
export function brokenWords(page: Page, watched: string = WATCHED): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll(selector)) {
      if (!(el instanceof HTMLElement) || el.offsetParent === null) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // Latin words and numbers/dates only: a run of CJK in a heading may wrap between characters.
        for (const m of text.matchAll(/[A-Za-z0-9][A-Za-z0-9.:/@_+-]*[A-Za-z0-9]|[\u4e00-\u9fff]{1,3}(?=\s|$)/g)) {
          if (/^[\u4e00-\u9fff]+$/.test(m[0]) && !el.matches('.badge, .demo-label, .cached-label, button, .button')) continue;
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(`${el.tagName.toLowerCase()}.${el.className}: "${m[0]}"`);
        }
      }
    }
    return broken;
  }, watched);
}

/** ISO dates (2026-12-16) anywhere on the page that the layout split over two lines ("2027-11-/06"). */
export function brokenDates(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!(parent instanceof HTMLElement) || parent.offsetParent === null) continue;
      for (const m of (node.textContent ?? '').matchAll(/\d{4}-\d{2}-\d{2}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(`${parent.tagName.toLowerCase()}.${parent.className}: "${m[0]}"`);
      }
    }
    return broken;
  });
}

/** English words of prose (every Latin word) split over two lines, e.g. "tha/t" under `word-break: break-all`. */
export function brokenLatinWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const broken: string[] = [];
    for (const el of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of (node.textContent ?? '').matchAll(/[A-Za-z]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  }, selector);
}

export async function axeSerious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** Writes `<screen>-<zh|en>-<desk|phone>.png` under SHOTS_DIR; returns its path. */
export async function shoot(page: Page, screen: string, lang: AppLang, size: SizeName): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${screen.replace(/[^A-Za-z0-9._-]+/g, '_')}-${lang === 'zh-CN' ? 'zh' : 'en'}-${size}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface CheckResult {
  readonly axe: string[];
  readonly broken: string[];
  readonly overflow: boolean;
  /** On English screens: Chinese full-width punctuation after an English word ("Cause："). */
  readonly punctuation: string[];
  /** Main-menu entries cut off at the right edge of the screen (the phone's menu row scrolls; none may hide). */
  readonly hiddenNav: string[];
  /** On Chinese screens: Latin words of the app's visible sentences outside the glossary's list (issue 16 §3). */
  readonly latin: string[];
}

const ALLOWED_ZH = new Set(LATIN_ALLOWED_ZH);

/**
 * Latin words in what a Chinese reader sees, as test/e2e/zh-latin-words.test.ts scans them: not under 技术详情
 * or a closed section, not code, monospace values, a certificate's own data (data-cert-value), text marked
 * lang="en", the language switch, or the address of the site asking for a sign-in.
 */
export async function latinOutsideGlossary(page: Page): Promise<string[]> {
  const words = await page.evaluate(() => {
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        if (e.matches('details.tech, [lang="en"], [data-cert-value], code, .mono, script, style, noscript, [data-testid="lang-switch"], .skip, [hidden]')) return true;
        if (e.matches('details:not([open]) > :not(summary)')) return true;
        // The sign popup's requesting site is an address (data), shown as its parts: not a sentence.
        if (e.matches('[data-testid="sign-site"] > strong, [data-testid="sign-site"] > .muted')) return true;
      }
      return false;
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (skip(parent) || (parent instanceof HTMLElement && parent.offsetParent === null && parent !== document.body)) continue;
      for (const m of (node.textContent ?? '').matchAll(/[A-Za-z][A-Za-z0-9]*(?:[.+\-/][A-Za-z0-9]+)*/g)) found.push(m[0]);
    }
    return found;
  });
  return [...new Set(words.filter((w) => !ALLOWED_ZH.has(w)))];
}

/** Menu links whose box ends beyond the menu's visible edge. */
export function hiddenNavLinks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nav = document.querySelector('.app-header nav');
    if (!nav) return [];
    const edge = nav.getBoundingClientRect().right;
    return [...nav.querySelectorAll('a')].filter((a) => a.getBoundingClientRect().right > edge + 0.5).map((a) => a.textContent ?? '');
  });
}

/** Chinese full-width colons, commas and stops right after Latin text, as an English reader would see them. */
export async function fullWidthAfterLatin(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return [...text.matchAll(/[A-Za-z][A-Za-z ]{0,20}[：，。；]/g)].map((m) => m[0]);
}

/** Screenshot, axe, overflow and (on the phone) broken words of the screen as it is now. */
export async function checkScreen(page: Page, screen: string, lang: AppLang, size: SizeName): Promise<CheckResult> {
  await shoot(page, screen, lang, size);
  return {
    axe: await axeSerious(page),
    broken: size === 'phone' ? [...new Set([...(await brokenWords(page)), ...(await brokenDates(page))])] : [],
    overflow: await overflowsSideways(page),
    punctuation: lang === 'en' ? await fullWidthAfterLatin(page) : [],
    hiddenNav: await hiddenNavLinks(page),
    latin: lang === 'zh-CN' ? await latinOutsideGlossary(page) : [],
  };
}

export const CLEAN: CheckResult = { axe: [], broken: [], overflow: false, punctuation: [], hiddenNav: [], latin: [] };
