/**
 * SM3 hash (GB/T 32905-2016). @noble/hashes has no SM3, so only the compression function lives here: it sits
 * on the library's Merkle–Damgård base class `HashMD`, which already does buffering, streaming, padding with the
 * 64-bit big-endian bit length (GB/T 32905 §5.2 is the same padding as SHA-256) and output encoding. That keeps
 * our own code to the part the standard defines differently (§5.3 expansion and compression), on an audited,
 * widely used base.
 */
import { HashMD } from '@noble/hashes/_md.js';
import { clean, createHasher, rotl } from '@noble/hashes/utils.js';

/** GB/T 32905 §4.1 initial value IV. */
const SM3_IV = Uint32Array.from([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);
/** GB/T 32905 §4.2 constants T_j: one for rounds 0–15, another for 16–63. */
const T_LOW = 0x79cc4519;
const T_HIGH = 0x7a879d8a;

// §4.4 permutation functions.
const p0 = (x: number): number => x ^ rotl(x, 9) ^ rotl(x, 17);
const p1 = (x: number): number => x ^ rotl(x, 15) ^ rotl(x, 23);

/** Message expansion scratch space (§5.3.2): W0..W67; W'j is derived on the fly. */
const W = new Uint32Array(68);

export class Sm3 extends HashMD<Sm3> {
  private a = SM3_IV[0]! | 0;
  private b = SM3_IV[1]! | 0;
  private c = SM3_IV[2]! | 0;
  private d = SM3_IV[3]! | 0;
  private e = SM3_IV[4]! | 0;
  private f = SM3_IV[5]! | 0;
  private g = SM3_IV[6]! | 0;
  private h = SM3_IV[7]! | 0;

  constructor() {
    // 64-byte blocks, 32-byte digest, 8-byte length field, big-endian (GB/T 32905 §5.2).
    super(64, 32, 8, false);
  }

  protected get(): number[] {
    return [this.a, this.b, this.c, this.d, this.e, this.f, this.g, this.h];
  }

  protected set(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): void {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    this.e = e | 0;
    this.f = f | 0;
    this.g = g | 0;
    this.h = h | 0;
  }

  protected process(view: DataView, offset: number): void {
    for (let j = 0; j < 16; j++, offset += 4) W[j] = view.getUint32(offset, false);
    for (let j = 16; j < 68; j++) {
      W[j] = p1(W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15)) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
    }
    let { a, b, c, d, e, f, g, h } = this;
    for (let j = 0; j < 64; j++) {
      const t = j < 16 ? T_LOW : T_HIGH;
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + rotl(t, j % 32)) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (W[j]! ^ W[j + 4]!)) | 0;
      const tt2 = (gg + h + ss1 + W[j]!) | 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    // §5.3.3: V(i+1) = ABCDEFGH xor V(i).
    this.set(a ^ this.a, b ^ this.b, c ^ this.c, d ^ this.d, e ^ this.e, f ^ this.f, g ^ this.g, h ^ this.h);
  }

  protected roundClean(): void {
    clean(W);
  }

  destroy(): void {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }

  _cloneInto(to?: Sm3): Sm3 {
    const target = to ?? new Sm3();
    target.set(...(this.get() as [number, number, number, number, number, number, number, number]));
    return this._cloneIntoMeta(target);
  }
}

/** sm3(bytes) → 32-byte digest; `sm3.create()` streams. */
export const sm3 = createHasher(() => new Sm3());
