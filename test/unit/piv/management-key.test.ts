import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/apdu/hex';
import { Algorithm } from '../../../src/cards/piv/constants';
import { ManagementKeyAuthError } from '../../../src/cards/piv/errors';
import { cipherBlock, guessManagementKeyAlgorithm, type ManagementKeyAlgorithm } from '../../../src/cards/piv/management-key';
import { PivSession } from '../../../src/cards/piv/session';
import { ScriptedTransport, SELECT_OK, VERSION_543, VERSION_NONE, type Step } from './scripted-transport';

describe('block ciphers: known-answer vectors', () => {
  it('AES-128 (FIPS 197 Appendix C.1)', () => {
    const key = fromHex('000102030405060708090a0b0c0d0e0f');
    const out = cipherBlock(Algorithm.AES_128, key, fromHex('00112233445566778899aabbccddeeff'), 'encrypt');
    expect(toHex(out)).toBe('69C4E0D86A7B0430D8CDB78070B4C55A');
    expect(toHex(cipherBlock(Algorithm.AES_128, key, out, 'decrypt'))).toBe('00112233445566778899AABBCCDDEEFF');
  });

  it('3DES with K1=K2=K3 equals single DES ("Now is t" under 0123456789ABCDEF)', () => {
    const key = fromHex('0123456789ABCDEF'.repeat(3));
    expect(toHex(cipherBlock(Algorithm.TDES, key, fromHex('4E6F772069732074'), 'encrypt'))).toBe('3FA40E8A984D4815');
  });

  it('a key of the wrong length is a typed error', () => {
    expect(() => cipherBlock(Algorithm.AES_256, new Uint8Array(16), new Uint8Array(16), 'encrypt')).toThrow(ManagementKeyAuthError);
    expect(() => guessManagementKeyAlgorithm(20)).toThrow(ManagementKeyAuthError);
    expect(guessManagementKeyAlgorithm(24)).toBe(Algorithm.TDES);
  });
});

/** Scripts a card that knows `cardKey`, with a fixed witness; the host's challenge is fixed via `random`. */
function mutualAuthSteps(alg: ManagementKeyAlgorithm, cardKey: Uint8Array, block: number, secondSw?: string): Step[] {
  const witness = new Uint8Array(block).fill(0x5a);
  const challenge = new Uint8Array(block).fill(0xc3);
  const encWitness = cipherBlock(alg, cardKey, witness, 'encrypt');
  const answer = cipherBlock(alg, cardKey, challenge, 'encrypt');
  const a = alg.toString(16).padStart(2, '0').toUpperCase();
  const l = block.toString(16).padStart(2, '0').toUpperCase();
  const inner = (2 + block) * 2;
  return [
    [`0087${a}9B047C02800000`, `7C${(2 + block).toString(16).padStart(2, '0')}80${l}${toHex(encWitness)}9000`],
    [
      `0087${a}9B${(inner + 2).toString(16).padStart(2, '0')}7C${inner.toString(16).padStart(2, '0')}80${l}${toHex(witness)}81${l}${toHex(challenge)}00`,
      secondSw ?? `7C${(2 + block).toString(16).padStart(2, '0')}82${l}${toHex(answer)}9000`,
    ],
  ];
}

const fixedChallenge = (n: number): Uint8Array => new Uint8Array(n).fill(0xc3);
const DEFAULT_3DES = fromHex('010203040506070801020304050607080102030405060708');

describe('mutual authentication (SP 800-73-4 Part 2 Appendix A.1)', () => {
  it('3DES default key on a plain PIV card: algorithm from the key length', async () => {
    const t = new ScriptedTransport([SELECT_OK, VERSION_NONE, ...mutualAuthSteps(Algorithm.TDES, DEFAULT_3DES, 8)]);
    const s = await PivSession.open(t, { random: fixedChallenge });
    await s.authenticate(DEFAULT_3DES);
    expect(t.done).toBe(true);
  });

  it.each([
    [Algorithm.AES_128, 16],
    [Algorithm.AES_192, 24],
    [Algorithm.AES_256, 32],
  ] as const)('AES algorithm %i read from GET METADATA 9B', async (alg, keyLength) => {
    const key = Uint8Array.from({ length: keyLength }, (_, i) => i + 1);
    const meta: Step = ['00F7009B00', `0101${alg.toString(16).padStart(2, '0')}02020001050100 9000`];
    const t = new ScriptedTransport([SELECT_OK, VERSION_543, meta, ...mutualAuthSteps(alg, key, 16)]);
    const s = await PivSession.open(t, { random: fixedChallenge });
    await s.authenticate(key);
    expect(t.done).toBe(true);
  });

  it('a wrong key (6982 on step 2) is ManagementKeyAuthError "rejected"', async () => {
    const [first] = mutualAuthSteps(Algorithm.TDES, DEFAULT_3DES, 8);
    const t = new ScriptedTransport([SELECT_OK, first!, ['*', '6982']]);
    const s = await PivSession.open(t, { random: fixedChallenge });
    await expect(s.authenticate(new Uint8Array(24).fill(9), Algorithm.TDES)).rejects.toMatchObject({
      name: 'ManagementKeyAuthError',
      failure: 'rejected',
    });
  });

  it('a card that answers our challenge wrongly is not authentic', async () => {
    const steps = mutualAuthSteps(Algorithm.TDES, DEFAULT_3DES, 8);
    steps[1] = [steps[1]![0], '7C0A82080000000000000000 9000'];
    const t = new ScriptedTransport([SELECT_OK, ...steps]);
    const s = await PivSession.open(t, { random: fixedChallenge });
    await expect(s.authenticate(DEFAULT_3DES, Algorithm.TDES)).rejects.toMatchObject({ failure: 'card-not-authentic' });
  });
});
