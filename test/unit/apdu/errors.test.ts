import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from '../../../src/shared/errors/error-registry';
import { UKeyError } from '../../../src/shared/errors/ukey-error';
import { GUIDE_IDS } from '../../../src/shared/errors/guide-ids';
import {
  ApduError,
  ConditionsNotSatisfiedError,
  errorForStatusWord,
  IncorrectDataError,
  IncorrectParametersError,
  InsNotSupportedError,
  MalformedApduError,
  NotFoundError,
  PinBlockedError,
  SecurityStatusNotSatisfiedError,
  TlvError,
  WrongLengthError,
  WrongPinError,
} from '../../../src/apdu/errors';
import { pinCounterFromEmptyVerify, pinTriesLeft, SW } from '../../../src/apdu/status-words';

describe('errorForStatusWord', () => {
  const table: ReadonlyArray<[number, new (...args: never[]) => ApduError, string]> = [
    [0x6983, PinBlockedError, 'PinBlockedError'],
    [0x6982, SecurityStatusNotSatisfiedError, 'SecurityStatusNotSatisfiedError'],
    [0x6a82, NotFoundError, 'NotFoundError'],
    [0x6a88, NotFoundError, 'NotFoundError'],
    [0x6700, WrongLengthError, 'WrongLengthError'],
    [0x6c10, WrongLengthError, 'WrongLengthError'],
    [0x6985, ConditionsNotSatisfiedError, 'ConditionsNotSatisfiedError'],
    [0x6d00, InsNotSupportedError, 'InsNotSupportedError'],
    [0x6e00, InsNotSupportedError, 'InsNotSupportedError'],
    [0x6a81, InsNotSupportedError, 'InsNotSupportedError'],
    [0x6a80, IncorrectDataError, 'IncorrectDataError'],
    [0x6a86, IncorrectParametersError, 'IncorrectParametersError'],
    [0x6b00, IncorrectParametersError, 'IncorrectParametersError'],
  ];
  for (const [sw, ErrorClass, name] of table) {
    it(`maps ${sw.toString(16).toUpperCase()} to ${name}`, () => {
      const error = errorForStatusWord(sw);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(ApduError);
      expect(error).toBeInstanceOf(UKeyError);
      expect(error.name).toBe(name);
      expect(error.sw).toBe(sw);
      expect(error.message).toContain(sw.toString(16).toUpperCase());
    });
  }

  it('maps 63Cx to WrongPinError with the tries left', () => {
    for (let x = 0; x < 16; x++) {
      const error = errorForStatusWord(SW.VERIFY_FAIL_BASE | x);
      expect(error).toBeInstanceOf(WrongPinError);
      expect((error as WrongPinError).attemptsRemaining).toBe(x);
      expect(error.guideId).toBe('wrong-pin');
    }
  });

  it('accepts the 630X quirk as WrongPinError from a PIN command', () => {
    const error = errorForStatusWord(0x6302, { pinCommand: true });
    expect(error).toBeInstanceOf(WrongPinError);
    expect((error as WrongPinError).attemptsRemaining).toBe(2);
    expect(pinTriesLeft(0x6310, { pinCommand: true })).toBeUndefined();
    expect(errorForStatusWord(0x6310, { pinCommand: true })).not.toBeInstanceOf(WrongPinError);
  });

  it('regression (issue 7 §1): 6300 from GENERAL AUTHENTICATE is not "wrong PIN, 0 tries"', () => {
    const generalAuthenticate = { cla: 0, ins: 0x87, p1: 3, p2: 0x9b };
    const error = errorForStatusWord(0x6300, { command: generalAuthenticate });
    expect(error).not.toBeInstanceOf(WrongPinError);
    expect(error.constructor).toBe(ApduError);
    expect(error.sw).toBe(0x6300);
    expect(pinTriesLeft(0x6300)).toBeUndefined();
    expect(pinTriesLeft(0x6300, { pinCommand: true })).toBe(0);
  });

  it('one tries parser: 63CX always, 630X only for PIN commands, nothing else', () => {
    for (let sw = 0; sw <= 0xffff; sw++) {
      const standard = (sw & 0xfff0) === 0x63c0;
      const quirk = (sw & 0xfff0) === 0x6300;
      const expected = standard ? sw & 0x0f : undefined;
      if (pinTriesLeft(sw) !== expected) throw new Error(`non-PIN ${sw.toString(16)}`);
      if (pinTriesLeft(sw, { pinCommand: true }) !== (standard || quirk ? sw & 0x0f : undefined)) {
        throw new Error(`PIN ${sw.toString(16)}`);
      }
    }
  });

  it('regression (issue 7 §1): an empty VERIFY answered 6300 means "counter unknown", not "blocked"', () => {
    expect(pinCounterFromEmptyVerify(0x6300)).toEqual({ kind: 'unknown' });
    expect(pinCounterFromEmptyVerify(0x9000)).toEqual({ kind: 'verified' });
    expect(pinCounterFromEmptyVerify(0x6983)).toEqual({ kind: 'blocked' });
    expect(pinCounterFromEmptyVerify(0x63c0)).toEqual({ kind: 'blocked' });
    expect(pinCounterFromEmptyVerify(0x63c3)).toEqual({ kind: 'tries-left', attemptsRemaining: 3 });
    expect(pinCounterFromEmptyVerify(0x6302)).toEqual({ kind: 'tries-left', attemptsRemaining: 2 });
    expect(pinCounterFromEmptyVerify(0x6a80)).toBeUndefined();
  });

  it('falls back to a plain ApduError with the sw for unknown status words', () => {
    for (const sw of [0x6f00, 0x6581, 0x6a84, 0x6984, 0x1234]) {
      const error = errorForStatusWord(sw);
      expect(error.constructor).toBe(ApduError);
      expect(error.name).toBe('ApduError');
      expect(error.sw).toBe(sw);
    }
  });

  it('answers every one of the 65536 status words with an ApduError carrying that sw', () => {
    for (let sw = 0; sw <= 0xffff; sw++) {
      const error = errorForStatusWord(sw);
      if (!(error instanceof ApduError) || error.sw !== sw || !GUIDE_IDS.includes(error.guideId)) {
        throw new Error(`bad mapping for ${sw.toString(16)}`);
      }
    }
  });

  it('names the command in the message and fields', () => {
    const error = errorForStatusWord(0x6a82, { command: { cla: 0, ins: 0xa4, p1: 4, p2: 0 } });
    expect(error.message).toContain('INS A4');
    expect(error.toFields()).toEqual({ sw: 0x6a82, ins: 0xa4 });
  });

  it('gives guide ids that exist: PIN blocked → pin-locked, unsupported → token-unsupported', () => {
    expect(errorForStatusWord(0x6983).guideId).toBe('pin-locked');
    expect(errorForStatusWord(0x6d00).guideId).toBe('token-unsupported');
    for (const [sw] of table) expect(GUIDE_IDS).toContain(errorForStatusWord(sw).guideId);
  });
});

describe('error serialisation across the worker boundary', () => {
  it('rebuilds every status-word error with its class and fields', () => {
    const samples: ApduError[] = [
      errorForStatusWord(0x63c1, { command: { cla: 0, ins: 0x20, p1: 0, p2: 0x80 } }),
      errorForStatusWord(0x6983),
      errorForStatusWord(0x6982),
      errorForStatusWord(0x6a82),
      errorForStatusWord(0x6700),
      errorForStatusWord(0x6985),
      errorForStatusWord(0x6d00),
      errorForStatusWord(0x6a80),
      errorForStatusWord(0x6a86),
      errorForStatusWord(0x6f00),
    ];
    for (const original of samples) {
      const data = JSON.parse(JSON.stringify(serializeError(original)));
      const rebuilt = deserializeError(data);
      expect(rebuilt.constructor).toBe(original.constructor);
      expect(rebuilt.message).toBe(original.message);
      expect((rebuilt as ApduError).toFields()).toEqual(original.toFields());
    }
    const wrongPin = deserializeError(serializeError(samples[0]!)) as WrongPinError;
    expect(wrongPin.attemptsRemaining).toBe(1);
    expect(wrongPin.ins).toBe(0x20);
  });

  it('rebuilds the format errors', () => {
    const tlv = deserializeError(serializeError(new TlvError(3, 'bad', 0x53))) as TlvError;
    expect(tlv).toBeInstanceOf(TlvError);
    expect([tlv.offset, tlv.tag]).toEqual([3, 0x53]);
    const apdu = deserializeError(serializeError(new MalformedApduError(1, 'short'))) as MalformedApduError;
    expect(apdu).toBeInstanceOf(MalformedApduError);
    expect(apdu.length).toBe(1);
  });
});
