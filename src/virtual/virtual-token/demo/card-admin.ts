/**
 * The few host-side steps demo provisioning needs, spoken as APDUs to the emulated card (so the demo token
 * is made exactly as a real client would make it): management-key authentication, GENERATE, PUT DATA,
 * with command chaining and 61xx GET RESPONSE.
 */
import { INS, KEY_REF, TAG, FACTORY_DEFAULTS, Algorithm } from '../piv-tables';
import { concat, readTlvs, findTlv, tlv } from '../card-codec';
import { decryptBlock, encryptBlock } from '../block-cipher';
import type { PivCard } from '../piv-card';
import { VirtualCardStatusError } from '../card-status';
import { SW } from '../status-words';

const CHUNK = 255;

export class CardAdmin {
  constructor(private readonly card: PivCard) {}

  /** Sends one logical command (chained if long) and gathers the whole answer; a non-9000 SW throws. */
  async send(ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    let offset = 0;
    let raw: Uint8Array;
    do {
      const part = data.subarray(offset, offset + CHUNK);
      offset += part.length;
      const cla = offset < data.length ? 0x10 : 0x00;
      const header = [cla, ins, p1, p2, ...(part.length ? [part.length] : [])];
      raw = await this.card.transmit(Uint8Array.from([...header, ...part, 0x00]));
    } while (offset < data.length && sw(raw) === SW.SUCCESS);
    const chunks = [raw.subarray(0, raw.length - 2)];
    while ((sw(raw) & 0xff00) === SW.MORE_DATA) {
      raw = await this.card.transmit(Uint8Array.of(0x00, INS.GET_RESPONSE, 0x00, 0x00, 0x00));
      chunks.push(raw.subarray(0, raw.length - 2));
    }
    if (sw(raw) !== SW.SUCCESS) throw new VirtualCardStatusError(sw(raw), `provisioning: INS ${ins.toString(16)} refused`);
    return concat(...chunks);
  }

  async select(): Promise<void> {
    await this.card.powerOn();
    await this.send(INS.SELECT, 0x04, 0x00, Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08));
  }

  /** Mutual authentication with the factory 3DES key (SP 800-73-4 Part 2 Appendix A.1). */
  async authenticate(): Promise<void> {
    const key = Uint8Array.from(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX.match(/../g) ?? [], (h) => parseInt(h, 16));
    const alg = Algorithm.TDES;
    const first = await this.send(INS.GENERAL_AUTHENTICATE, alg, KEY_REF.MANAGEMENT_KEY, tlv(TAG.DYNAMIC_AUTH, tlv(TAG.AUTH_WITNESS, new Uint8Array(0))));
    const encrypted = findTlv(readTlvs(findTlv(readTlvs(first), TAG.DYNAMIC_AUTH) ?? new Uint8Array(0)), TAG.AUTH_WITNESS);
    if (!encrypted) throw new VirtualCardStatusError(SW.INCORRECT_DATA, 'provisioning: no witness');
    const challenge = crypto.getRandomValues(new Uint8Array(8));
    const second = await this.send(INS.GENERAL_AUTHENTICATE, alg, KEY_REF.MANAGEMENT_KEY, tlv(TAG.DYNAMIC_AUTH,
      tlv(TAG.AUTH_WITNESS, decryptBlock(alg, key, encrypted)), tlv(TAG.AUTH_CHALLENGE, challenge)));
    const response = findTlv(readTlvs(findTlv(readTlvs(second), TAG.DYNAMIC_AUTH) ?? new Uint8Array(0)), TAG.AUTH_RESPONSE);
    const expected = encryptBlock(alg, key, challenge);
    if (!response || response.some((b, i) => b !== expected[i])) {
      throw new VirtualCardStatusError(SW.SECURITY_STATUS_NOT_SATISFIED, 'provisioning: card failed authentication');
    }
  }

  /** GENERATE ASYMMETRIC KEY PAIR; returns the content of the 7F49 template. */
  async generate(slot: number, algorithm: number): Promise<Uint8Array> {
    const reply = await this.send(INS.GENERATE_ASYMMETRIC_KEY_PAIR, 0x00, slot,
      tlv(TAG.CONTROL_REFERENCE_TEMPLATE, tlv(TAG.CRT_ALGORITHM, Uint8Array.of(algorithm))));
    const template = findTlv(readTlvs(reply), TAG.PUBLIC_KEY_TEMPLATE);
    if (!template) throw new VirtualCardStatusError(SW.INCORRECT_DATA, 'provisioning: no public key');
    return template;
  }

  /** PUT DATA of one object: 5C tag list + 53 value (SP 800-73-4 Part 2 §3.3.1). */
  async putObject(objectId: number, value: Uint8Array): Promise<void> {
    const id = Uint8Array.of((objectId >> 16) & 0xff, (objectId >> 8) & 0xff, objectId & 0xff);
    await this.send(INS.PUT_DATA, 0x3f, 0xff, concat(tlv(TAG.TAG_LIST, id), tlv(TAG.DATA, value)));
  }

  /** Certificate object (Part 1 Table 10): 70 certificate, 71 CertInfo 00 (not compressed), FE EDC. */
  async putCertificate(objectId: number, der: Uint8Array): Promise<void> {
    await this.putObject(objectId, concat(tlv(TAG.CERTIFICATE, der), tlv(TAG.CERT_INFO, Uint8Array.of(0)), tlv(TAG.ERROR_DETECTION_CODE)));
  }
}

function sw(raw: Uint8Array): number {
  return (raw[raw.length - 2]! << 8) | raw[raw.length - 1]!;
}
