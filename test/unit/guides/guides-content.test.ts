import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_IDS, GUIDES, LANGS, getGuide, isGuideId, type Guide } from '../../../src/ui/guides';

const SEEDS_DIR = join(__dirname, '../../../../shared/seeds');
const CJK = /[\u4e00-\u9fff]/;

/** Public CA service hotlines printed in the seeds (BJCA); every other number in the seeds is personal. */
const PUBLIC_HOTLINES = new Set(['4007001900', '01058515511', '4009197888']);
/**
 * People named in the seeds' contact tables and postal instructions must never be in the product — nor in this
 * repository (issue 16 §3), so they are held here only as salted SHA-256 hashes of the 2-character names. Every
 * 2-character run of Chinese in the product's texts is hashed the same way and must match none.
 */
const NAME_SALT = 'ukey-assistant/guides-content/2026-12';
const PERSONAL_NAME_HASHES = new Set([
  '2788e67ef8674445b72273252786ca84c5e2be0edc686fb36116beb5b50a8221',
  '4f68ad94aac036986d0273d765b348f9cc62b29a66229ad06b4c270889104983',
  '6a56285d7a09ae4e98e1d83b984911c86a7d0636f021ddc8e8114b427d5d0692',
]);
const nameHash = (name: string): string => createHash('sha256').update(NAME_SALT + name).digest('hex');
/** A mainland mobile number (11 digits starting 13–19): always a person's, never a CA's service line. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const SEEDS_PRESENT = existsSync(SEEDS_DIR);

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

  it('contains no mobile phone number at all', () => {
    for (const line of everything) expect(MOBILE.test(line.replace(/[\s-]/g, '')), line).toBe(false);
  });

  it('names no person from the seeds (checked by salted hash, so the names are not in the repository)', () => {
    const found: string[] = [];
    for (const line of everything) {
      for (const run of line.split(/[^\u4e00-\u9fff]+/)) {
        for (let i = 0; i + 2 <= run.length; i++) if (PERSONAL_NAME_HASHES.has(nameHash(run.slice(i, i + 2)))) found.push(line);
      }
    }
    expect(found).toEqual([]);
  });

  it('the hash check would catch a seed name (self-test on a known hash)', () => {
    // Any one of the hashes above must be reachable from a 2-character string: the set is not empty or garbled.
    expect(PERSONAL_NAME_HASHES.size).toBe(3);
    for (const h of PERSONAL_NAME_HASHES) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(PERSONAL_NAME_HASHES.has(nameHash('张三'))).toBe(false);
  });

  // Messages the user sees on screen are quoted verbatim in “…” so they can be recognised; prose is ours.
  it.skipIf(!SEEDS_PRESENT)(`copies no run of 12 Chinese characters from the manuals outside quoted on-screen messages${SEEDS_PRESENT ? '' : ' — SKIPPED: the seed manuals (../shared/seeds) are not beside this checkout'}`, () => {
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
