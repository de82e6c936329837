/**
 * One APDU over XfrBlock messages (CCID Rev 1.1 §6.1.4 wLevelParameter, §6.2.1 bChainParameter): a command
 * longer than one message goes in blocks; a response longer than one comes back in blocks, each asked for
 * with an empty XfrBlock of level 0x10. At short-APDU level everything fits in one message.
 */
import { concatBytes } from '../shared/bytes';
import { CHAIN } from './ccid-constants';
import type { PcToRdrMessage, RdrToPcMessage } from './ccid-codec';
import { MalformedCcidError } from './ccid-errors';

/** ISO 7816-4 §5.1: the longest response APDU is 65536 data bytes + SW1 SW2. */
const MAX_RESPONSE_LENGTH = 65_538;

export type SendCommand = (message: PcToRdrMessage) => Promise<RdrToPcMessage>;

interface Block {
  readonly data: Uint8Array;
  readonly chainParameter: number;
}

export async function exchangeApdu(send: SendCommand, command: Uint8Array, maxData: number): Promise<Uint8Array> {
  const block = async (data: Uint8Array, levelParameter: number): Promise<Block> => {
    const reply = await send({ kind: 'XfrBlock', slot: 0, seq: 0, bwi: 0, levelParameter, data });
    return reply.kind === 'DataBlock' ? reply : { data: new Uint8Array(0), chainParameter: CHAIN.BeginsAndEnds };
  };
  let reply = await block(command.subarray(0, maxData), command.length <= maxData ? CHAIN.BeginsAndEnds : CHAIN.BeginsAndContinues);
  for (let offset = maxData; offset < command.length; offset += maxData) {
    const last = offset + maxData >= command.length;
    reply = await block(command.subarray(offset, offset + maxData), last ? CHAIN.ContinuesAndEnds : CHAIN.Continues);
  }
  const parts: Uint8Array[] = [reply.data];
  let length = reply.data.length;
  let chain = reply.chainParameter;
  while (chain === CHAIN.BeginsAndContinues || chain === CHAIN.Continues) {
    // A reader that never ends its chain, or chains empty blocks, must not keep us here for ever.
    if (parts[parts.length - 1]?.length === 0) throw new MalformedCcidError('empty-chain-block', 'Chained response block carries no data');
    if (length > MAX_RESPONSE_LENGTH) throw new MalformedCcidError('chain-too-long', `Chained response exceeds ${MAX_RESPONSE_LENGTH} bytes`);
    const next = await block(new Uint8Array(0), CHAIN.ContinueResponse);
    parts.push(next.data);
    length += next.data.length;
    chain = next.chainParameter;
  }
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(...parts);
}
