/**
 * Command chaining (ISO 7816-4 §5.1.1.1): a command whose data does not fit one APDU on this link goes in parts;
 * every part but the last carries the chaining bit (CLA b5) and no Le. A part answered with anything but 9000
 * ends the chain, and that answer is the result. Extended length is used instead when the link allows it.
 */
import { APDU_LIMITS, CLA_CHAINING, type CommandApdu } from './command';
import type { ApduLayer } from './apdu-layer';
import type { ResponseApdu } from './response';
import { SW } from './status-words';
import type { TransportCapabilities } from './transport';

/** Header (4) + extended Lc (3) + extended Le (2): the most a command adds around its data. */
const MAX_OVERHEAD = 9;
/** Header (4) + short Lc (1) + short Le (1). */
const SHORT_OVERHEAD = 6;

/** Length of `command` encoded as encodeCommand would (ISO 7816-4 §5.1 Table 1), without copying its data. */
export function encodedLength(command: CommandApdu, extendedLink: boolean): number {
  const data = command.data?.length ?? 0;
  const le = command.le;
  const extended =
    data > APDU_LIMITS.SHORT_MAX_DATA ||
    (le !== undefined && (le > APDU_LIMITS.SHORT_MAX_LE || (le === 0 && extendedLink)));
  const lc = data === 0 ? 0 : extended ? 3 : 1;
  const leSize = le === undefined ? 0 : !extended ? 1 : data === 0 ? 3 : 2;
  return APDU_LIMITS.HEADER + lc + data + leSize;
}

export class CommandChainingLayer implements ApduLayer {
  constructor(
    private readonly below: ApduLayer,
    private readonly capabilities: TransportCapabilities,
  ) {}

  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    if (this.fitsOneCommand(command)) return this.below.transmit(command);
    const chunks = this.split(command.data ?? new Uint8Array(0));
    for (const chunk of chunks.slice(0, -1)) {
      const part = await this.below.transmit({ cla: command.cla | CLA_CHAINING, ins: command.ins, p1: command.p1, p2: command.p2, data: chunk });
      if (part.sw !== SW.SUCCESS) return part;
    }
    return this.below.transmit({ ...command, data: chunks[chunks.length - 1]! });
  }

  private fitsOneCommand(command: CommandApdu): boolean {
    const length = command.data?.length ?? 0;
    const extended = this.capabilities.extendedApdu;
    if (length > (extended ? APDU_LIMITS.EXTENDED_MAX_DATA : APDU_LIMITS.SHORT_MAX_DATA)) return false;
    return length === 0 || encodedLength(command, extended) <= this.maxCommandLength();
  }

  private maxCommandLength(): number {
    const max = this.capabilities.maxCommandLength;
    return Number.isFinite(max) && max > 0 ? max : APDU_LIMITS.SHORT_MAX_DATA + SHORT_OVERHEAD;
  }

  /** Parts of at most 255 bytes that also fit the link's largest command with the worst-case overhead. */
  private split(data: Uint8Array): Uint8Array[] {
    const overhead = this.capabilities.extendedApdu ? MAX_OVERHEAD : SHORT_OVERHEAD;
    const size = Math.max(1, Math.min(APDU_LIMITS.SHORT_MAX_DATA, this.maxCommandLength() - overhead));
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size));
    return chunks;
  }
}
