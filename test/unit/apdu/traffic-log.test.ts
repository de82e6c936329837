import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/apdu/hex';
import { NO_REDACTION, secretInstructions } from '../../../src/apdu/redaction';
import { redactCommand, TrafficLog } from '../../../src/apdu/traffic-log';
import { toHex } from '../../../src/apdu/hex';

const PIN = '313233343536FFFF';
/** A profile's policy as the log sees it: VERIFY data secret; INS 87 to key 9B secret both ways. */
const POLICY = secretInstructions([
  { ins: 0x20, commandData: true, responseData: false },
  { ins: 0x87, p2: 0x9b, commandData: true, responseData: true },
]);

describe('TrafficLog with the card profile’s redaction policy', () => {
  it('writes > and < lines with secret data shown as ** per byte, other data in hex', () => {
    const log = new TrafficLog({ redaction: POLICY });
    log.record(fromHex('0020008008' + PIN), fromHex('63C2'));
    log.record(fromHex('00CB3FFF055C035FC10500'), fromHex('53009000'));
    expect(log.lines()).toEqual(['> 00200080 08 ****************', '< 63C2', '> 00CB3FFF 05 5C035FC105 00', '< 5300 9000']);
    expect(log.lines().join('\n')).not.toContain('313233');
  });

  it('regression (issue 7 §4, responses were never redacted): hides a secret response, keeping its status word', () => {
    const log = new TrafficLog({ redaction: POLICY });
    log.record(fromHex('0087039B047C02810000'), fromHex('7C0A8108A1A2A3A4A5A6A7A89000'));
    expect(log.lines()).toEqual(['> 0087039B 04 ******** 00', '< ' + '**'.repeat(12) + ' 9000']);
  });

  it('a secret response that comes in 61xx parts stays hidden in the GET RESPONSE answers too', () => {
    const log = new TrafficLog({ redaction: POLICY });
    log.record(fromHex('0087039B047C02810000'), fromHex('7C0A6108'));
    log.record(fromHex('00C0000008'), fromHex('A1A2A3A4A5A6A7A89000'));
    log.record(fromHex('00C0000008'), fromHex('B1B29000')); // the continuation ended: judged on its own again
    expect(log.lines()).toEqual([
      '> 0087039B 04 ******** 00',
      '< **** 6108',
      '> 00C00000 08',
      '< **************** 9000',
      '> 00C00000 08',
      '< B1B2 9000',
    ]);
  });

  it('without a policy hides every data byte (fail closed), never the header or status word', () => {
    const log = new TrafficLog();
    log.record(fromHex('00CB3FFF055C035FC10500'), fromHex('53019000'));
    expect(log.lines()).toEqual(['> 00CB3FFF 05 ********** 00', '< **** 9000']);
  });

  it('keeps the PIN out of a malformed VERIFY line (Lc disagrees with the length)', () => {
    const log = new TrafficLog({ redaction: POLICY });
    log.record(fromHex('0020008009' + PIN), fromHex('6700'));
    expect(log.lines()[0]).toBe('> 00200080 ' + '**'.repeat(9));
  });

  it('stores only redacted copies: changing the caller’s buffers later changes nothing', () => {
    const log = new TrafficLog({ redaction: NO_REDACTION });
    const command = fromHex('00CA0000');
    log.record(command, fromHex('9000'));
    command.fill(0xee);
    expect(log.lines()[0]).toBe('> 00CA0000');
  });

  it('records a failed exchange with the error name and the command redacted', () => {
    const log = new TrafficLog({ redaction: POLICY });
    log.recordFailure(fromHex('0020008008' + PIN), 'CcidTimeoutError');
    expect(log.lines()).toEqual(['> 00200080 08 ****************', '! CcidTimeoutError']);
  });

  it('is a capped ring buffer that drops the oldest lines', () => {
    const log = new TrafficLog({ capacity: 4, redaction: NO_REDACTION });
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

describe('redactCommand', () => {
  it('zeroes what the policy names, same length, input untouched', () => {
    const verify = fromHex('0020008008' + PIN);
    expect(toHex(redactCommand(verify, POLICY))).toBe('0020008008' + '00'.repeat(8));
    expect(toHex(verify)).toBe('0020008008' + PIN);
    expect(toHex(redactCommand(fromHex('00A4040003A00000'), POLICY))).toBe('00A4040003A00000');
  });
});
