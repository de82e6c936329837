import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserializeError, registeredErrorNames } from '../../../src/shared/errors/error-registry';
import { GUIDE_IDS } from '../../../src/shared/errors/guide-ids';
import { describeError, hasErrorText, LANGS } from '../../../src/ui/i18n';

// Load every module that registers errors: the worker's aggregator plus each layer's error files.
import.meta.glob(
  [
    '../../../src/**/*errors.ts',
    '../../../src/**/*-error.ts',
    '../../../src/apdu/hex.ts',
    '../../../src/virtual/virtual-token/card-status.ts',
    '../../../src/virtual/virtual-token/card-state.ts',
  ],
  { eager: true },
);

describe('describeError', () => {
  const names = registeredErrorNames();

  it('sees the errors of the driver layers and the store', () => {
    for (const name of ['WrongPinError', 'PinBlockedError', 'ProtectedInterfaceError', 'StorageUnavailableError']) {
      expect(names).toContain(name);
    }
  });

  it.each(names)('has its own cause and next step for %s in every language', (name) => {
    expect(hasErrorText(name)).toBe(true);
    const error = deserializeError({ isUKeyError: true, name, message: 'technical text', fields: { sw: 0x6a80 } });
    for (const lang of LANGS) {
      const d = describeError(error, lang);
      expect(d.name).toBe(name);
      expect(GUIDE_IDS).toContain(d.guideId);
      expect(d.cause.length).toBeGreaterThan(4);
      expect(d.whatToDo.length).toBeGreaterThan(4);
      expect(d.cause + d.whatToDo).not.toMatch(/\{(name|sw|feature)\}|undefined|NaN/);
    }
  });

  it('tells the tries left of a wrong PIN and links the wrong-pin guide', () => {
    const error = deserializeError({ isUKeyError: true, name: 'WrongPinError', message: 'm', fields: { sw: 0x63c2, attemptsRemaining: 2 } });
    const zh = describeError(error, 'zh-CN');
    expect(zh.cause).toContain('还剩 2 次');
    expect(zh.guideId).toBe('wrong-pin');
    expect(describeError(error, 'en').cause).toContain('2 tries left');
  });

  it('shows status words as four hex digits', () => {
    const error = deserializeError({ isUKeyError: true, name: 'ApduError', message: 'm', fields: { sw: 0x6f00 } });
    expect(describeError(error, 'en').cause).toContain('6F00');
  });

  it('explains an unregistered error through its guide, never a bare failure', () => {
    const d = describeError({ name: 'SomeFutureError', guideId: 'revocation-unknown' }, 'zh-CN');
    expect(d.guideId).toBe('revocation-unknown');
    expect(d.cause).toContain('吊销');
    const plain = describeError(new TypeError('x is undefined'), 'en');
    expect(plain.guideId).toBe('card-error');
    expect(plain.cause).toContain('TypeError');
  });

  it('maps a raw DOMException name to a guide', () => {
    expect(describeError(new DOMException('blocked', 'SecurityError'), 'en').guideId).toBe('protected-interface');
  });

  it('answers anything thrown with text and a known guide (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), fc.constantFrom(...LANGS), (value, lang) => {
        const d = describeError(value, lang);
        expect(typeof d.cause).toBe('string');
        expect(d.whatToDo.length).toBeGreaterThan(0);
        expect(GUIDE_IDS).toContain(d.guideId);
      }),
      { numRuns: 10_000 },
    );
  });
});
