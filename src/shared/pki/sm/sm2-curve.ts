/**
 * SM2 curve parameters on @noble/curves' generic short-Weierstrass arithmetic, so that field and group
 * operations come from an audited library; only the GB/T 32918 protocol steps are ours (sm2.ts).
 */
import { weierstrass, type WeierstrassOpts, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

export type Sm2CurveParams = WeierstrassOpts<bigint>;

/** The recommended curve (GB/T 32918.5-2017 §10), the one every SM2 certificate uses (OID 1.2.156.10197.1.301). */
export const SM2_RECOMMENDED_CURVE: Sm2CurveParams = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

export interface Sm2Curve {
  readonly params: Sm2CurveParams;
  readonly Point: WeierstrassPointCons<bigint>;
  /** Bytes of a field element / scalar. */
  readonly byteLength: number;
}

export function makeSm2Curve(params: Sm2CurveParams): Sm2Curve {
  return { params, Point: weierstrass(params), byteLength: Math.ceil(params.p.toString(16).length / 2) };
}

export const SM2_CURVE: Sm2Curve = makeSm2Curve(SM2_RECOMMENDED_CURVE);
