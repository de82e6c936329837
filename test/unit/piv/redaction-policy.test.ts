import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/apdu/command';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { carriesSecret, redactBytes } from '../../../src/apdu/redaction';
import { PIV_REDACTION_POLICY as PIV, pivRedactionWith } from '../../../src/cards/piv/redaction-policy';

const hidden = (hex: string): string => toHex(redactBytes(fromHex(hex), PIV.commandSecrets(fromHex(hex))));
const hiddenResponse = (command: string, response: string): string =>
  toHex(redactBytes(fromHex(response), PIV.responseSecrets(fromHex(command), fromHex(response))));

describe('PIV redaction policy (SP 800-73-4 Part 2 §3, YubiKey extensions)', () => {
  it('hides PIN and PUK data of VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER; keeps an empty VERIFY', () => {
    expect(hidden('0020008008313233343536FFFF')).toBe('0020008008' + '00'.repeat(8));
    expect(hidden('0024008010' + '31'.repeat(16))).toBe('0024008010' + '00'.repeat(16));
    expect(hidden('002C008010' + '31'.repeat(16))).toBe('002C008010' + '00'.repeat(16));
    expect(hidden('00200080000008313233343536FFFF')).toBe('00200080000008' + '00'.repeat(8));
    expect(hidden('1020008002' + '3132')).toBe('1020008002' + '0000'); // an ISO-chained part
    expect(carriesSecret(PIV, fromHex('00200080'))).toBe(false);
  });

  it('regression (issue 7 §4): management-key GENERAL AUTHENTICATE hides witness, challenge and response both ways', () => {
    const witnessRequest = '0087039B047C02800000';
    expect(hidden(witnessRequest)).toBe('0087039B04' + '00'.repeat(4) + '00');
    expect(hiddenResponse(witnessRequest, '7C0A8008A1A2A3A4A5A6A7A89000')).toBe('00'.repeat(12) + '9000');
    const answer = '0087039B167C14' + '8008' + 'B1'.repeat(8) + '8108' + 'C1'.repeat(8);
    expect(hidden(answer)).toBe('0087039B16' + '00'.repeat(22));
    // Signing with the key in 9A is no secret: the data is a digest the caller chose.
    expect(carriesSecret(PIV, fromHex('0087119A0A7C08820081048899AABB00'))).toBe(false);
    expect(PIV.responseSecrets(fromHex('0087119A00'), fromHex('7C02820000009000'))).toEqual([]);
  });

  it('hides YubiKey SET MANAGEMENT KEY (FF) and IMPORT KEY (FE) data', () => {
    expect(hidden('00FFFFFF1B039B18' + 'AB'.repeat(24))).toBe('00FFFFFF1B' + '00'.repeat(27));
    expect(hidden('00FE079A0401020304')).toBe('00FE079A0400000000');
  });

  it('regression (issue 7 §4): PUT DATA of the PIN-protected object 5FC109 hides its value, keeps its name', () => {
    expect(hidden('00DB3FFF0C5C035FC10953058803887766')).toBe('00DB3FFF0C5C035FC109' + '00'.repeat(7));
    expect(hidden('00DB3FFF095C035FFF005302AABB')).toBe('00DB3FFF095C035FFF00' + '00'.repeat(4));
  });

  it('keeps PUT DATA of ordinary objects and of the Discovery Object readable', () => {
    const cert = '00DB3FFF0A5C035FC1055303700100';
    expect(hidden(cert)).toBe(cert);
    const discovery = '00DB3FFF057E03AABBCC';
    expect(hidden(discovery)).toBe(discovery);
  });

  it('hides the whole data of a later part of a chained PUT DATA (no object name to judge it by)', () => {
    expect(hidden('00DB3FFF03AABBCC')).toBe('00DB3FFF03000000');
    expect(hidden('10DB3FFF03AABBCC')).toBe('10DB3FFF03000000');
  });

  it('hides the GET DATA answer of a key-bearing object, not of others', () => {
    expect(hiddenResponse('00CB3FFF055C035FC10900', '5303880199' + '9000')).toBe('0000000000' + '9000');
    expect(hiddenResponse('00CB3FFF055C035FC10500', '5303700100' + '9000')).toBe('5303700100' + '9000');
  });

  it('pivRedactionWith adds a profile’s proprietary CLA 80/84 secret commands', () => {
    const policy = pivRedactionWith([{ classes: [0x80, 0x84], ins: 0x5e, commandData: true, responseData: false }]);
    expect(carriesSecret(policy, fromHex('845E000002AABB'))).toBe(true);
    expect(carriesSecret(policy, fromHex('0020008008313233343536FFFF'))).toBe(true);
    expect(carriesSecret(PIV, fromHex('845E000002AABB'))).toBe(false);
  });

  it('property: no byte of a PIN-carrying command’s data survives, whatever its length, form and CLA', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x20, 0x24, 0x2c, 0xfe, 0xff),
        fc.constantFrom(0x00, 0x10),
        fc.boolean(),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        (ins, cla, extended, secret) => {
          const data = secret.map((b) => b | 1); // non-zero, so a surviving byte shows
          const cmd = encodeCommand({ cla, ins, p1: 0, p2: 0x80, data }, { extended: extended || data.length > 255 });
          const out = redactBytes(cmd, PIV.commandSecrets(cmd));
          expect(out.length).toBe(cmd.length);
          expect(toHex(out.subarray(0, 4))).toBe(toHex(cmd.subarray(0, 4)));
          expect(out.subarray(cmd.length - data.length).every((b) => b === 0)).toBe(true);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('property: arbitrary bytes as command and response never throw and give ranges inside them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (command, response) => {
        for (const r of PIV.commandSecrets(command)) expect(r.start >= 0 && r.end <= command.length).toBe(true);
        for (const r of PIV.responseSecrets(command, response)) expect(r.start >= 0 && r.end <= response.length).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});
