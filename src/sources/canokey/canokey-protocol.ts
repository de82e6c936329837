/**
 * CanoKey's WebUSB interface, as a pure codec (no I/O; the transport loops control transfers over it). The
 * interface is vendor class FF/FF/FF with no endpoints: every APDU travels on EP0 as vendor requests to that
 * interface (canokey-core interfaces/USB/class/webusb/webusb.h, webusb.c, snapshot 26dc6e8 of 2025-03-10):
 * request 0x00 OUT carries the command APDU, 0x02 IN answers one status byte, 0x01 IN returns the response
 * APDU (data + SW1 SW2) once the status says it is ready. The key's APDU buffer is 1340 bytes (include/common.h).
 */

export const CANOKEY_REQUEST = {
  /** OUT: the whole command APDU in the data stage (wLength = its length, at most the buffer). */
  COMMAND: 0x00,
  /** IN: the response APDU; only in state "response ready", else the key stalls. */
  RESPONSE: 0x01,
  /** IN: one byte, the state below. Any request to the interface also counts as keepalive (webusb.c Setup). */
  STATUS: 0x02,
} as const;

/** APDU_BUFFER_SIZE (canokey-core include/common.h): a longer command is stalled ("Overflow"). */
export const CANOKEY_APDU_BUFFER = 1340;

/** The state byte (webusb.c enum; the firmware keeps it as int8_t, so idle −1 reads 0xFF). */
export const CANOKEY_STATE_BYTE = {
  idle: 0xff,
  'response-ready': 0x00,
  processing: 0x01,
  'response-sent': 0x02,
  receiving: 0x03,
  'holding-buffer': 0x04,
} as const;
export type CanoKeyState = keyof typeof CANOKEY_STATE_BYTE;

const STATE_BY_BYTE: ReadonlyMap<number, CanoKeyState> = new Map(
  (Object.entries(CANOKEY_STATE_BYTE) as [CanoKeyState, number][]).map(([state, byte]) => [byte, state]),
);

/** The state a status byte names, or null for a byte the firmware never sends. */
export function decodeState(byte: number): CanoKeyState | null {
  return STATE_BY_BYTE.get(byte) ?? null;
}

/**
 * What the host does next for each state while it waits for a response: keep polling while the key receives
 * or processes; read when ready; anything else means the key is not working on our command (it released the
 * buffer, or was reset): a protocol fault, never a silent retry of a command that may hold a PIN.
 */
export function nextStep(state: CanoKeyState | null): 'poll' | 'read' | 'fault' {
  if (state === 'processing' || state === 'receiving') return 'poll';
  if (state === 'response-ready') return 'read';
  return 'fault';
}

/** A vendor request to the WebUSB interface (USB 2.0 §9.3: bmRequestType vendor, recipient interface, wIndex). */
export function vendorRequest(request: number, interfaceNumber: number): USBControlTransferParameters {
  return { requestType: 'vendor', recipient: 'interface', request, value: 0, index: interfaceNumber };
}

/** Splits a response APDU (ISO 7816-4 §5.1: data ‖ SW1 SW2); null when it is shorter than a status word. */
export function splitResponse(response: Uint8Array): { readonly data: Uint8Array; readonly sw: number } | null {
  if (response.length < 2) return null;
  const n = response.length;
  return { data: response.subarray(0, n - 2), sw: (response[n - 2]! << 8) | response[n - 1]! };
}

/**
 * Bounded polling: waits between status reads, doubling from `firstMs` up to `maxMs`, until `timeoutMs` is
 * spent. A quick command (SELECT, GET DATA) is read back after a millisecond or two; RSA key generation,
 * which takes the key seconds, costs a status read every `maxMs` — never an unbounded busy loop.
 */
export function pollDelays(timeoutMs: number, firstMs = 1, maxMs = 50): number[] {
  const delays: number[] = [];
  let spent = 0;
  let next = Math.max(1, firstMs);
  while (spent + next <= timeoutMs) {
    delays.push(next);
    spent += next;
    next = Math.min(maxMs, next * 2);
  }
  return delays;
}

/** The most response data one exchange can carry: the buffer less SW1 SW2. */
export const CANOKEY_MAX_NE = CANOKEY_APDU_BUFFER - 2;

/**
 * Fits an extended Le (ISO 7816-4 §5.1, cases 2E/4E) to the key's buffer: Le 0000 (Ne 65536) or anything above
 * `maxNe` becomes `maxNe`; the key sends what does not fit with 61xx, which the APDU layer already follows. Needed
 * because canokey-core 26dc6e8, run from its own source, answers a case-4E SELECT with Le 0000 with 6700 on this
 * interface. Header, Lc and data are never touched; short and case-3E commands pass unchanged.
 */
export function fitExtendedLe(apdu: Uint8Array, maxNe: number = CANOKEY_MAX_NE): Uint8Array {
  if (apdu.length < 7 || apdu[4] !== 0) return apdu;
  const lc = (apdu[5]! << 8) | apdu[6]!;
  const leAt = apdu.length === 7 ? 5 : lc > 0 && apdu.length === 9 + lc ? 7 + lc : -1;
  if (leAt < 0) return apdu;
  const encoded = (apdu[leAt]! << 8) | apdu[leAt + 1]!;
  if ((encoded === 0 ? 0x10000 : encoded) <= maxNe) return apdu;
  const out = apdu.slice();
  out[leAt] = (maxNe >> 8) & 0xff;
  out[leAt + 1] = maxNe & 0xff;
  return out;
}
