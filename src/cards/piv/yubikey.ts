/**
 * The YubiKey PIV extensions other PIV cards lack (documented by Yubico): GET VERSION (INS FD), GET SERIAL
 * (INS F8, firmware 5+) and GET METADATA (INS F7, firmware 5.3+). The session probes GET VERSION once and
 * derives the rest from the version, so unsupported features are refused up front (STYLE.md) rather than
 * discovered by a failing command.
 */
import type { PivChannel } from './channel';
import { INS, METADATA_TAG } from './constants';
import { PivDataError } from './errors';
import { parseTlvs } from './tlv';

export interface FirmwareVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** What the card can do beyond SP 800-73-4, decided from its version. */
export interface YubiKeyCapabilities {
  readonly version: FirmwareVersion | null;
  readonly serial: boolean;
  readonly metadata: boolean;
}

export const NO_EXTENSIONS: YubiKeyCapabilities = { version: null, serial: false, metadata: false };

const SW_SUCCESS = 0x9000;
/** GET VERSION answers major, minor, patch. */
const VERSION_LENGTH = 3;

/** First firmware with each extension (Yubico PIV documentation). */
const FIRST = { SERIAL: { major: 5, minor: 0, patch: 0 }, METADATA: { major: 5, minor: 3, patch: 0 } } as const;

export function versionAtLeast(v: FirmwareVersion, min: FirmwareVersion): boolean {
  if (v.major !== min.major) return v.major > min.major;
  if (v.minor !== min.minor) return v.minor > min.minor;
  return v.patch >= min.patch;
}

export function formatVersion(v: FirmwareVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * GET VERSION. Only a 9000 answer with exactly three bytes means the YubiKey extensions are there; any other
 * answer (6D00, 6E00, 6A81, 6985, a vendor's 6F00, a malformed body) means "no extensions", never a failed
 * open (issue 7 §1): GET VERSION is not an SP 800-73-4 command, so a plain PIV card may answer it anyhow.
 */
export async function probeCapabilities(channel: PivChannel): Promise<YubiKeyCapabilities> {
  const reply = await channel.transmit({ ins: INS.GET_VERSION, p1: 0, p2: 0, le: 0 });
  if (reply.sw !== SW_SUCCESS || reply.data.length !== VERSION_LENGTH) return NO_EXTENSIONS;
  return capabilitiesOf({ major: reply.data[0]!, minor: reply.data[1]!, patch: reply.data[2]! });
}

/** The extensions a firmware version has; null (no GET VERSION) = none. */
export function capabilitiesOf(version: FirmwareVersion | null): YubiKeyCapabilities {
  if (version === null) return NO_EXTENSIONS;
  return { version, serial: versionAtLeast(version, FIRST.SERIAL), metadata: versionAtLeast(version, FIRST.METADATA) };
}

/** formatVersion's text back ("5.7.2"); null for anything else. */
export function parseVersionText(text: string | null): FirmwareVersion | null {
  const match = text === null ? null : /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  return major > 255 || minor > 255 || patch > 255 ? null : { major, minor, patch };
}

/** GET SERIAL: a 4-byte big-endian unsigned number. */
export async function readSerial(channel: PivChannel): Promise<number> {
  const data = await channel.send({ ins: INS.GET_SERIAL, p1: 0, p2: 0, le: 0 });
  if (data.length !== 4) throw new PivDataError('GET SERIAL', `expected 4 bytes, got ${data.length}`);
  return ((data[0]! << 24) >>> 0) + (data[1]! << 16) + (data[2]! << 8) + data[3]!;
}

/** GET METADATA of a PIN, PUK, management key or key slot. All fields optional: which ones come depends on P2. */
export interface SlotMetadata {
  readonly algorithm: number | null;
  readonly pinPolicy: number | null;
  readonly touchPolicy: number | null;
  /** 1 = generated on the card, 2 = imported. */
  readonly origin: number | null;
  /** Raw public key TLVs (7F49 content) for key slots. */
  readonly publicKey: Uint8Array | null;
  readonly isDefault: boolean | null;
  readonly totalAttempts: number | null;
  readonly attemptsRemaining: number | null;
}

export function parseMetadata(data: Uint8Array, context = 'GET METADATA'): SlotMetadata {
  const items = parseTlvs(data, context);
  const get = (tag: number): Uint8Array | null => items.find((item) => item.tag === tag)?.value ?? null;
  const byte = (tag: number, index = 0): number | null => {
    const value = get(tag);
    if (value === null) return null;
    if (value.length <= index) throw new PivDataError(context, `tag ${tag} too short`);
    return value[index]!;
  };
  const isDefault = byte(METADATA_TAG.IS_DEFAULT);
  return {
    algorithm: byte(METADATA_TAG.ALGORITHM),
    pinPolicy: byte(METADATA_TAG.POLICY, 0),
    touchPolicy: get(METADATA_TAG.POLICY) && get(METADATA_TAG.POLICY)!.length > 1 ? byte(METADATA_TAG.POLICY, 1) : null,
    origin: byte(METADATA_TAG.ORIGIN),
    publicKey: get(METADATA_TAG.PUBLIC_KEY),
    isDefault: isDefault === null ? null : isDefault !== 0,
    totalAttempts: byte(METADATA_TAG.RETRIES, 0),
    attemptsRemaining: get(METADATA_TAG.RETRIES) ? byte(METADATA_TAG.RETRIES, 1) : null,
  };
}

export async function readMetadata(channel: PivChannel, reference: number): Promise<SlotMetadata> {
  const data = await channel.send({ ins: INS.GET_METADATA, p1: 0, p2: reference, le: 0 });
  return parseMetadata(data, `GET METADATA ${reference.toString(16).toUpperCase()}`);
}
