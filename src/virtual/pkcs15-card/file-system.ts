/**
 * The card's file tree (ISO 7816-4 §7.1): the MF, DFs (one named by the PKCS#15 AID) and transparent EFs.
 * FCP answers follow §7.4.3 Table 12: 82 descriptor, 83 identifier, 84 DF name, 80 size, 8A life cycle.
 */
import { der } from './der';

export interface ElementaryFile {
  readonly kind: 'ef';
  readonly fid: number;
  readonly data: Uint8Array;
}

export interface DedicatedFile {
  readonly kind: 'df';
  readonly fid: number;
  /** DF name (the application identifier), selectable with SELECT P1=04. */
  readonly name: Uint8Array | null;
  readonly children: readonly CardFile[];
}

export type CardFile = ElementaryFile | DedicatedFile;

export const MF_FID = 0x3f00;

/** Table 14: file descriptor byte — 01 working EF, transparent; 38 DF. */
const DESCRIPTOR = { TRANSPARENT_EF: 0x01, DF: 0x38 } as const;
/** Table 13: life cycle status 05 "operational state (activated)". */
const LCS_ACTIVATED = 0x05;

const two = (n: number): Uint8Array => Uint8Array.of(n >> 8, n & 0xff);

/** The FCP data objects of a file, without the 62 template around them. */
export function fcpObjects(file: CardFile): Uint8Array[] {
  const common = [der(0x83, two(file.fid)), der(0x8a, Uint8Array.of(LCS_ACTIVATED))];
  if (file.kind === 'ef') return [der(0x80, two(file.data.length)), der(0x82, Uint8Array.of(DESCRIPTOR.TRANSPARENT_EF)), ...common];
  return [der(0x82, Uint8Array.of(DESCRIPTOR.DF)), ...common, ...(file.name ? [der(0x84, file.name)] : [])];
}

export function childOf(df: DedicatedFile, fid: number): CardFile | undefined {
  return df.children.find((child) => child.fid === fid);
}

/** Every DF of the tree with the DFs above it (MF first), for selection by name. */
export function dedicatedFiles(mf: DedicatedFile): Array<{ df: DedicatedFile; trail: DedicatedFile[] }> {
  const out: Array<{ df: DedicatedFile; trail: DedicatedFile[] }> = [];
  const walk = (df: DedicatedFile, trail: DedicatedFile[]): void => {
    out.push({ df, trail: [...trail, df] });
    for (const child of df.children) if (child.kind === 'df') walk(child, [...trail, df]);
  };
  walk(mf, []);
  return out;
}
