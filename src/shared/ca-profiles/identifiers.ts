/**
 * Chinese organisation identifiers with their check characters:
 * - unified social credit code, GB 32100-2015 §4–5: 18 chars from a 31-symbol alphabet, mod-31 check;
 * - organisation code, GB 11714-1997 §4: 8 body chars + mod-11 check ('X' for 10).
 */

/** GB 32100 Table 1 code set: digits and capitals without I, O, S, V, Z. */
const USCI_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100 §5 weights W_i = 3^(i-1) mod 31 for positions 1–17. */
const USCI_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 §5 weights for the 8 body characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The expected 18th character for the first 17, or null if they are not in the code set. */
export function usciCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCI_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * USCI_WEIGHTS[i]!;
  }
  return USCI_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidUsci(code: string): boolean {
  return code.length === 18 && usciCheckChar(code.slice(0, 17)) === code[17];
}

const orgValue = (c: string): number => {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55; // A = 10 … Z = 35
  return -1;
};

/** Expected 9th character for the 8 body characters, or null if they are not [0-9A-Z]. */
export function orgCodeCheckChar(body8: string): string | null {
  if (body8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = orgValue(body8[i]!);
    if (value < 0) return null;
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Accepts "12345678-9" and "123456789". */
export function isValidOrgCode(code: string): boolean {
  const plain = code.replace('-', '');
  return plain.length === 9 && orgCodeCheckChar(plain.slice(0, 8)) === plain[8];
}

/** GB 32100 §4: positions 9–17 of a USCI are the organisation code. */
export function orgCodeFromUsci(usci: string): string | null {
  if (!isValidUsci(usci)) return null;
  const org = usci.slice(8, 17);
  return isValidOrgCode(org) ? org : null;
}
