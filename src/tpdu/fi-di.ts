/**
 * Transmission factors and waiting times (ISO/IEC 7816-3 §7.1, §8.3, §10.2, §11.4.3): Fi/fmax from the high
 * nibble of TA1 (Table 7), Di from its low nibble (Table 8), the elementary time unit, and the T=0 and T=1
 * waiting times the host turns into read timeouts.
 */

/** Table 7: Fi and fmax (MHz) per TA1 high nibble; null = reserved. */
const FI_TABLE: readonly ({ fi: number; fMaxMhz: number } | null)[] = [
  { fi: 372, fMaxMhz: 4 }, { fi: 372, fMaxMhz: 5 }, { fi: 558, fMaxMhz: 6 }, { fi: 744, fMaxMhz: 8 },
  { fi: 1116, fMaxMhz: 12 }, { fi: 1488, fMaxMhz: 16 }, { fi: 1860, fMaxMhz: 20 }, null,
  null, { fi: 512, fMaxMhz: 5 }, { fi: 768, fMaxMhz: 7.5 }, { fi: 1024, fMaxMhz: 10 },
  { fi: 1536, fMaxMhz: 15 }, { fi: 2048, fMaxMhz: 20 }, null, null,
];

/** Table 8: Di per TA1 low nibble; null = reserved. */
const DI_TABLE: readonly (number | null)[] = [null, 1, 2, 4, 8, 16, 32, 64, 12, 20, null, null, null, null, null, null];

/** §8.3: the default TA1 = 11 (Fd = 372, Dd = 1) used until PPS or the specific mode says otherwise. */
export const DEFAULT_FI_DI = 0x11;
/** Fd of §8.3, also the fixed factor in the T=1 block waiting time (§11.4.3). */
export const FD = 372;

export interface TransmissionFactors {
  readonly fi: number;
  readonly di: number;
  readonly fMaxMhz: number;
}

/** The factors a TA1 byte encodes, or null when either nibble is reserved. */
export function transmissionFactors(ta1: number): TransmissionFactors | null {
  const f = FI_TABLE[(ta1 >> 4) & 0x0f];
  const di = DI_TABLE[ta1 & 0x0f];
  if (!f || !di) return null;
  return { fi: f.fi, di, fMaxMhz: f.fMaxMhz };
}

/** Elementary time unit in milliseconds at clock `clockKhz` (§7.1: 1 etu = F / D × 1/f). */
export function etuMs(factors: Pick<TransmissionFactors, 'fi' | 'di'>, clockKhz: number): number {
  return factors.fi / factors.di / clockKhz;
}

/** §10.2: T=0 waiting time WT = WI × 960 × Fi / f, in milliseconds. */
export function t0WaitingTimeMs(wi: number, fi: number, clockKhz: number): number {
  return (wi * 960 * fi) / clockKhz;
}

/** §11.4.3: T=1 block waiting time BWT = 11 etu + 2^BWI × 960 × Fd / f, in milliseconds. */
export function t1BlockWaitingTimeMs(bwi: number, factors: Pick<TransmissionFactors, 'fi' | 'di'>, clockKhz: number): number {
  return 11 * etuMs(factors, clockKhz) + (2 ** bwi * 960 * FD) / clockKhz;
}
