/**
 * Opening a PIV session: SELECT of the PIV application by its AID (SP 800-73-4 Part 2 §3.1.1) through an APDU
 * processor that redacts what the profile's policy names. 6A82 means the card has no PIV application, so the
 * next registered profile may try it.
 */
import { ApduProcessor, type ApduTransport, type RedactionPolicy, type TrafficLog } from '../../apdu';
import { processorChannel, type PivChannel } from './channel';
import { INS, PIV_AID } from './constants';
import { PivAppNotFoundError } from './errors';
import type { RandomSource } from './management-key';
import { PIV_REDACTION_POLICY } from './redaction-policy';

export interface PivSessionOptions {
  /** Records every APDU (PIN data redacted by the log itself). */
  readonly log?: TrafficLog;
  /** Randomness for management-key challenges; WebCrypto by default. */
  readonly random?: RandomSource;
  /** What PIV commands carry that must never be logged or re-sent (the profile's policy). */
  readonly redaction?: RedactionPolicy;
}

const SW_SUCCESS = 0x9000;
const SW_FILE_NOT_FOUND = 0x6a82;
/** SELECT by DF name, first or only occurrence (ISO 7816-4 §11.2.2, SP 800-73-4 Part 2 §3.1.1). */
const SELECT_BY_NAME = { p1: 0x04, p2: 0x00 } as const;

/** The channel to the selected application and its application property template. */
export async function selectPivApplication(
  transport: ApduTransport,
  options: PivSessionOptions,
): Promise<{ channel: PivChannel; properties: Uint8Array }> {
  const channel = processorChannel(
    new ApduProcessor(transport, { ...(options.log ? { log: options.log } : {}), redaction: options.redaction ?? PIV_REDACTION_POLICY }),
  );
  const reply = await channel.transmit({ ins: INS.SELECT, ...SELECT_BY_NAME, data: PIV_AID, le: 0 });
  if (reply.sw === SW_FILE_NOT_FOUND) throw new PivAppNotFoundError(reply.sw);
  if (reply.sw !== SW_SUCCESS) throw channel.errorFor(reply.sw);
  return { channel, properties: reply.data };
}
