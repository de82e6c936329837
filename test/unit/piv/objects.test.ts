import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/apdu/hex';
import { encodeTlv } from '../../../src/apdu/tlv';
import { encodeKeyHistory } from '../../../src/cards/piv/discovery';
import { PivDataError } from '../../../src/cards/piv/errors';
import { decodeCertificateObject, encodeCertificateObject, gunzip } from '../../../src/cards/piv/objects';
import { PivSession } from '../../../src/cards/piv/session';
import { ScriptedTransport, SELECT_OK, type Step } from './scripted-transport';

const FAKE_DER = Uint8Array.from({ length: 40 }, (_, i) => (i * 7) & 0xff);

/** GET DATA reply 53 {70 der, 71 info, FE} + 9000, as hex. */
function certReply(der: Uint8Array, info = 0): string {
  const content = new Uint8Array([...encodeTlv(0x70, der), ...encodeTlv(0x71, Uint8Array.of(info)), 0xfe, 0x00]);
  return toHex(encodeTlv(0x53, content)) + '9000';
}

/** CHUID (Part 1 Table 9): FASC-N 30, GUID 34, expiration 35 "20300101", empty signature 3E, EDC FE. */
const CHUID_CONTENT = new Uint8Array([
  ...encodeTlv(0x30, new Uint8Array(25).fill(0xd4)),
  ...encodeTlv(0x34, Uint8Array.of(0x4e, 0x3e, 0x1b, 0x2f, 0x0c, 0x3b, 0x5a, 0x4d, 0x9e, 0x1f, 0, 0x11, 0x22, 0x33, 0x44, 0x55)),
  ...encodeTlv(0x35, new TextEncoder().encode('20300101')),
  0x3e, 0x00, 0xfe, 0x00,
]);

const GET = {
  cert9A: '00CB3FFF055C035FC10500',
  cert9C: '00CB3FFF055C035FC10A00',
  cert9D: '00CB3FFF055C035FC10B00',
  cert9E: '00CB3FFF055C035FC10100',
  cert82: '00CB3FFF055C035FC10D00',
  cert83: '00CB3FFF055C035FC10E00',
  keyHistory: '00CB3FFF055C035FC10C00',
  discovery: '00CB3FFF035C017E00',
  chuid: '00CB3FFF055C035FC10200',
} as const;

async function open(steps: readonly Step[]): Promise<{ s: PivSession; t: ScriptedTransport }> {
  const t = new ScriptedTransport([SELECT_OK, ...steps]);
  return { s: await PivSession.open(t), t };
}

describe('GET DATA tag lists', () => {
  it('reads Discovery with the one-byte tag 7E and CHUID with 5FC102', async () => {
    const { s, t } = await open([
      [GET.discovery, '7E124F0BA0000003080000100001005F2F024000 9000'],
      [GET.chuid, toHex(encodeTlv(0x53, CHUID_CONTENT)) + '9000'],
    ]);
    expect(await s.readDiscovery()).toEqual({ aidHex: 'A000000308000010000100', applicationPin: true, globalPin: false, globalPinPrimary: false });
    const chuid = await s.readChuid();
    expect(chuid?.guidHex).toBe('4E3E1B2F0C3B5A4D9E1F001122334455');
    expect(chuid?.expiration).toBe('20300101');
    expect(chuid?.signed).toBe(false);
    expect(t.done).toBe(true);
  });

  it('a missing object (6A82) reads as null', async () => {
    const { s } = await open([[GET.chuid, '6A82']]);
    expect(await s.readChuid()).toBeNull();
  });
});

describe('certificate objects (SP 800-73-4 Part 1 Table 10)', () => {
  it('decodes a plain certificate', async () => {
    expect(await decodeCertificateObject(encodeCertificateObject(FAKE_DER), 't')).toEqual(FAKE_DER);
  });

  it('gunzips when CertInfo bit 0 is set', async () => {
    const gz = new Uint8Array(gzipSync(FAKE_DER));
    const content = new Uint8Array([...encodeTlv(0x70, gz), ...encodeTlv(0x71, Uint8Array.of(0x01)), 0xfe, 0x00]);
    expect(await decodeCertificateObject(content, 't')).toEqual(FAKE_DER);
  });

  it('corrupt gzip is a PivDataError, not a stream TypeError', async () => {
    const content = new Uint8Array([...encodeTlv(0x70, Uint8Array.of(1, 2, 3, 4)), ...encodeTlv(0x71, Uint8Array.of(0x01))]);
    await expect(decodeCertificateObject(content, 'cert 9A')).rejects.toBeInstanceOf(PivDataError);
  });

  it('refuses a gzip bomb beyond the limit', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(200_000)));
    await expect(gunzip(bomb, 'cert', 64 * 1024)).rejects.toThrow(/expands beyond/);
  });

  it('an empty object (53 00) is no certificate', async () => {
    expect(await decodeCertificateObject(new Uint8Array(0), 't')).toBeNull();
  });

  it('PUT DATA writes 5C tag list then 53 {70, 71 00, FE 00}', async () => {
    const der = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05);
    const { s, t } = await open([['00DB3FFF135C035FC10A530C70053003020105710100FE00', '9000']]);
    await s.putCertificate(0x9c, der);
    expect(t.done).toBe(true);
  });
});

describe('listCertificates: as few APDUs as the Key History allows', () => {
  it('reads 9A..9E and only the retired slots the Key History names', async () => {
    const { s, t } = await open([
      [GET.keyHistory, toHex(encodeTlv(0x53, encodeKeyHistory(2))) + '9000'],
      [GET.cert9A, certReply(FAKE_DER)],
      [GET.cert9C, '6A82'],
      [GET.cert9D, certReply(FAKE_DER)],
      [GET.cert9E, '6A82'],
      [GET.cert82, certReply(FAKE_DER)],
      [GET.cert83, '53 03 70 01 30 9000'],
    ]);
    const list = await s.listCertificates();
    expect(list.map((c) => c.slot)).toEqual([0x9a, 0x9d, 0x82, 0x83]);
    expect(list[3]?.der).toEqual(Uint8Array.of(0x30));
    expect(t.done).toBe(true);
  });

  it('without Key History reads no retired slot; a damaged object is reported, not fatal', async () => {
    const { s, t } = await open([
      [GET.keyHistory, '6A82'],
      [GET.cert9A, '53 05 70 09 30 00 00 9000'],
      [GET.cert9C, certReply(FAKE_DER)],
      [GET.cert9D, '6A82'],
      [GET.cert9E, '6A82'],
    ]);
    const list = await s.listCertificates();
    expect(list).toHaveLength(2);
    expect(list[0]?.error).toBeInstanceOf(PivDataError);
    expect(list[1]?.der).toEqual(FAKE_DER);
    expect(t.sent).toHaveLength(6);
  });

  it('putCertificate into a retired slot raises the Key History count', async () => {
    const der = Uint8Array.of(0x30, 0x00);
    const { s, t } = await open([
      ['00DB3FFF105C035FC10E530970023000710100FE00', '9000'],
      [GET.keyHistory, '6A82'],
      ['00DB3FFF0F5C035FC10C5308C10102C20100FE00', '9000'],
    ]);
    await s.putCertificate(0x83, der);
    expect(t.done).toBe(true);
  });
});
