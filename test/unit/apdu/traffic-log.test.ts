import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/apdu/command';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { isPinCommand, isSecretCommand, redactCommand, TrafficLog } from '../../../src/apdu/traffic-log';

const PIN = '313233343536FFFF';
const PUK_AND_PIN = '3132333435363738' + '393939393939FFFF';

describe('redactCommand', () => {
  it('zeroes the PIN of VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER, keeping header and Lc', () => {
    expect(toHex(redactCommand(fromHex('0020008008' + PIN)))).toBe('0020008008' + '00'.repeat(8));
    expect(toHex(redactCommand(fromHex('0024008010' + PUK_AND_PIN)))).toBe('0024008010' + '00'.repeat(16));
    expect(toHex(redactCommand(fromHex('002C008010' + PUK_AND_PIN)))).toBe('002C008010' + '00'.repeat(16));
  });

  it('zeroes the data of an extended-length PIN command and keeps its Le', () => {
    const cmd = encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex(PIN), le: 0 }, { extended: true });
    expect(toHex(redactCommand(cmd))).toBe('00200080000008' + '00'.repeat(8) + '0000');
  });

  it('also redacts the chained form and YubiKey key import / management-key set', () => {
    expect(toHex(redactCommand(fromHex('1020008002' + '3132')))).toBe('10200080020000');
    expect(toHex(redactCommand(fromHex('00FE079A03AABBCC')))).toBe('00FE079A03000000');
    expect(toHex(redactCommand(fromHex('00FFFFFF03AABBCC')))).toBe('00FFFFFF03000000');
  });

  it('zeroes everything after the header of a malformed PIN command rather than guess', () => {
    expect(toHex(redactCommand(fromHex('0020008009' + PIN)))).toBe('002000' + '80' + '00'.repeat(9));
  });

  it('leaves other commands and an empty VERIFY untouched and never mutates its input', () => {
    const select = fromHex('00A4040005A000000308');
    expect(toHex(redactCommand(select))).toBe('00A4040005A000000308');
    expect(toHex(redactCommand(fromHex('00200080')))).toBe('00200080');
    const verify = fromHex('0020008008' + PIN);
    redactCommand(verify);
    expect(toHex(verify)).toBe('0020008008' + PIN);
  });

  it('classifies instructions', () => {
    expect([0x20, 0x24, 0x2c].every(isPinCommand)).toBe(true);
    expect(isPinCommand(0xa4)).toBe(false);
    expect(isPinCommand(0xfe)).toBe(false);
    expect(isSecretCommand(0xfe)).toBe(true);
    expect(isSecretCommand(0xcb)).toBe(false);
  });

  it('property: same length, header kept, and no PIN byte of a valid PIN command survives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x20, 0x24, 0x2c),
        fc.boolean().chain((extended) =>
          fc.tuple(fc.constant(extended), fc.uint8Array({ minLength: 1, maxLength: extended ? 300 : 255 })),
        ),
        (ins, [extended, pin]) => {
          const data = pin.map((b) => b | 1); // non-zero, so a surviving byte is visible
          const cmd = encodeCommand({ cla: 0, ins, p1: 0, p2: 0x80, data }, { extended });
          const red = redactCommand(cmd);
          expect(red.length).toBe(cmd.length);
          expect(toHex(red.subarray(0, 4))).toBe(toHex(cmd.subarray(0, 4)));
          expect(red.subarray(cmd.length - data.length).every((b) => b === 0)).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('property: arbitrary bytes never throw and keep their length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(redactCommand(bytes).length).toBe(bytes.length);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('TrafficLog', () => {
  it('writes > and < lines with PIN data shown as ** per byte', () => {
    const log = new TrafficLog();
    log.record(fromHex('0020008008' + PIN), fromHex('63C2'));
    log.record(fromHex('00CB3FFF055C035FC10500'), fromHex('53009000'));
    expect(log.lines()).toEqual([
      '> 00200080 08 ****************',
      '< 63C2',
      '> 00CB3FFF 05 5C035FC105 00',
      '< 5300 9000',
    ]);
    expect(log.lines().join('\n')).not.toContain('313233');
  });

  it('keeps the PIN out of a malformed VERIFY line too', () => {
    const log = new TrafficLog();
    log.record(fromHex('0020008009' + PIN), fromHex('6700'));
    expect(log.lines()[0]).toBe('> 00200080 ' + '**'.repeat(9));
  });

  it('is a capped ring buffer that drops the oldest lines', () => {
    const log = new TrafficLog({ capacity: 4 });
    for (let i = 0; i < 3; i++) log.record(Uint8Array.of(0, 0xca, 0, i), fromHex('9000'));
    expect(log.lines()).toEqual(['> 00CA0001', '< 9000', '> 00CA0002', '< 9000']);
    expect(log.dropped).toBe(2);
    log.clear();
    expect(log.lines()).toEqual([]);
    expect(log.dropped).toBe(0);
  });

  it('returns a copy of its lines', () => {
    const log = new TrafficLog();
    log.record(fromHex('00CA0000'), fromHex('9000'));
    log.lines().push('tampered');
    expect(log.lines()).toHaveLength(2);
  });
});
