import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_IDS, GUIDES, LANGS, getGuide, isGuideId, type Guide } from '../../../src/ui/guides';

const SEEDS_DIR = join(__dirname, '../../../../shared/seeds');
const CJK = /[\u4e00-\u9fff]/;

/** Public CA service hotlines printed in the seeds (BJCA); every other number in the seeds is personal. */
const PUBLIC_HOTLINES = new Set(['4007001900', '01058515511', '4009197888']);
/** People named in the seeds' contact tables and postal instructions: never in the product. */
const PERSONAL_NAMES = ['朱岩', '宗达', '巩婧'];

function allTexts(guide: Guide): string[] {
  return LANGS.flatMap((lang) => [
    guide.title[lang],
    guide.summary[lang],
    ...guide.causes[lang],
    ...guide.steps[lang],
    ...(guide.contactCa ? [guide.contactCa[lang]] : []),
    ...guide.keywords[lang],
  ]);
}

function seedText(): string {
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'))
    .join('\n');
}

describe('guide registry', () => {
  it('has exactly one guide per GUIDE_ID, in GUIDE_IDS order', () => {
    expect(GUIDES.map((g) => g.id)).toEqual([...GUIDE_IDS]);
  });

  it.each(GUIDE_IDS.map((id) => [id]))('%s is written in both languages with numbered steps', (id) => {
    const guide = getGuide(id);
    expect(guide).toBeDefined();
    for (const lang of LANGS) {
      expect(guide!.title[lang].trim().length, `${id} ${lang} title`).toBeGreaterThan(3);
      expect(guide!.summary[lang].trim().length, `${id} ${lang} summary`).toBeGreaterThan(10);
      expect(guide!.causes[lang].length, `${id} ${lang} causes`).toBeGreaterThan(0);
      expect(guide!.steps[lang].length, `${id} ${lang} steps`).toBeGreaterThan(1);
      expect(guide!.keywords[lang].length, `${id} ${lang} keywords`).toBeGreaterThan(2);
      for (const line of [...guide!.causes[lang], ...guide!.steps[lang], ...guide!.keywords[lang]]) {
        expect(line.trim().length, `${id} ${lang} empty line`).toBeGreaterThan(0);
      }
    }
    // zh-CN is the primary language: Chinese text; English must not be a copy of it.
    expect(guide!.title['zh-CN']).toMatch(CJK);
    expect(guide!.summary['zh-CN']).toMatch(CJK);
    expect(guide!.title.en).not.toMatch(CJK);
    expect(guide!.summary.en).not.toMatch(CJK);
    // Both languages give the same advice: the same number of causes and steps.
    expect(guide!.steps.en.length).toBe(guide!.steps['zh-CN'].length);
    expect(guide!.causes.en.length).toBe(guide!.causes['zh-CN'].length);
  });

  it('links only to other existing guides', () => {
    for (const guide of GUIDES) {
      for (const rel of guide.related ?? []) {
        expect(isGuideId(rel), `${guide.id} → ${rel}`).toBe(true);
        expect(rel).not.toBe(guide.id);
      }
    }
  });

  it('gives undefined for unknown ids from URLs', () => {
    expect(getGuide('nope')).toBeUndefined();
    expect(getGuide('')).toBeUndefined();
    expect(getGuide('__proto__')).toBeUndefined();
    expect(getGuide('CLOCK-WRONG')).toBeUndefined();
    expect(getGuide('clock-wrong')?.id).toBe('clock-wrong');
  });
});

describe('guide facts (DESIGN.md §2–§3)', () => {
  const text = (id: string): string => allTexts(getGuide(id)!).join('\n');

  it('states every default PIN of the seeds', () => {
    const t = text('default-pins');
    for (const pin of ['888888', '12345678', '111111']) expect(t).toContain(pin);
    expect(t).toContain('统一社会信用代码');
  });

  it('states the renewal rules: one year, 30 days, 15 minutes, contact kept for unlock', () => {
    const t = text('renewal-rules');
    expect(t).toMatch(/30 天/);
    expect(t).toMatch(/15 分钟/);
    expect(t).toMatch(/一年/);
    expect(t).toMatch(/解锁/);
  });

  it('tells the 10-try BJCA lock, the 6–8 rule, the 8-character cut and the protected classes', () => {
    expect(text('pin-locked')).toMatch(/10 次/);
    expect(text('pin-policy')).toMatch(/6–8 位/);
    expect(text('wrong-pin')).toMatch(/前 8 位/);
    expect(text('protected-interface')).toMatch(/0x0B/);
    expect(text('protected-interface')).toMatch(/Chrome 128/);
    expect(text('linux-udev')).toMatch(/ATTRS\{idVendor\}=="[0-9a-f]{4}".*GROUP="plugdev"/);
    expect(text('browser-versions')).toMatch(/131/);
    expect(text('proxy-exceptions')).toContain('powerservice.csii.com.cn');
  });
});

describe('no personal data, no copied sentences', () => {
  const everything = GUIDES.flatMap(allTexts);

  it('contains no phone number other than the public hotlines of the seeds', () => {
    for (const line of everything) {
      // Any run of 9+ digits, optionally broken by hyphens or spaces, is a phone or QQ number candidate.
      for (const m of line.matchAll(/\d[\d\- ]{7,}\d/g)) {
        const digits = m[0].replace(/\D/g, '');
        if (digits.length < 9) continue;
        expect(PUBLIC_HOTLINES.has(digits), `"${m[0]}" in: ${line}`).toBe(true);
      }
    }
  });

  it('names no person from the seeds', () => {
    for (const line of everything) for (const name of PERSONAL_NAMES) expect(line).not.toContain(name);
  });

  // Messages the user sees on screen are quoted verbatim in “…” so they can be recognised; prose is ours.
  it('copies no run of 12 Chinese characters from the manuals outside quoted on-screen messages', () => {
    const seeds = seedText().replace(/[^\u4e00-\u9fff]/g, '');
    const copied: string[] = [];
    for (const line of everything) {
      for (const piece of line.replace(/“[^”]*”/g, ' ').split(/[^\u4e00-\u9fff]+/)) {
        for (let i = 0; i + 12 <= piece.length; i += 1) {
          if (seeds.includes(piece.slice(i, i + 12))) copied.push(piece.slice(i, i + 12));
        }
      }
    }
    expect(copied).toEqual([]);
  });
});
