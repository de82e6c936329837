/**
 * English counts (issue 16 §3 small words): "1 problem", "2 problems", never "problem(s)". The category comes
 * from the browser's CLDR plural rules (Intl.PluralRules, ECMA-402 §16); Chinese nouns have no plural form.
 */
const EN_RULES = new Intl.PluralRules('en');

/** True when English says the singular for this count ("1 UKEY"); false for 0, 2, 1.5… */
export function isOneEn(n: number): boolean {
  return EN_RULES.select(n) === 'one';
}

/** "1 allowed device" / "3 allowed devices". */
export function countEn(n: number, one: string, other: string): string {
  return `${n} ${isOneEn(n) ? one : other}`;
}
