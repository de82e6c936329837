/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character alphabet
 * (no I, O, Z, S, V); the 18th is a check character, weights 3^(i-1) mod 31.
 */
export const USCI_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters, or null when they are not 17 alphabet characters. */
export function usciCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCI_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return USCI_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidUsci(code: string): boolean {
  return code.length === 18 && usciCheckCharacter(code.slice(0, 17)) === code[17];
}

/**
 * The demo company's code: 9 1 (enterprise registered by industry and commerce) + 110108 (Beijing Haidian) +
 * organisation code 59236624-0 (its own GB 11714 check digit) + GB 32100 check character 0.
 */
export const DEMO_USCI = '911101085923662400';
