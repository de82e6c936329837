/**
 * Minimal typings for the untyped `des.js` package (only the EDE block cipher the card and host need for
 * 3DES management keys, SP 800-78-4 Table 6-2 algorithm 03).
 */
declare module 'des.js' {
  interface DesCipher {
    update(data: ArrayLike<number>): number[];
    final(data?: ArrayLike<number>): number[];
  }
  interface DesCipherOptions {
    type: 'encrypt' | 'decrypt';
    key: ArrayLike<number>;
    padding?: boolean;
  }
  export const EDE: { create(options: DesCipherOptions): DesCipher };
  export const DES: { create(options: DesCipherOptions): DesCipher };
}
