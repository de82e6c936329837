export { buildTpduAtr, type TpduAtrOptions, type TpduCard } from './tpdu-card';
export { T0CardEngine, ISO_OUTGOING_INS, type T0CardOptions } from './card-t0-engine';
export { T1CardEngine, type T1CardOptions } from './card-t1-engine';
export { DualProtocolCardEngine } from './card-dual-engine';
