import fc from 'fast-check';

/** Strings that stress the tokenizer: any code unit (lone surrogates included), CJK, emoji, punctuation. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: fc.constantFrom('锁', '证', '书', ' ', 'E', '1', '😀', '\uD800', '\uDC00', '.', '*', '（'), maxLength: 80 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((units) => String.fromCharCode(...units)),
);
