/**
 * The card's answer to a PPS request (ISO/IEC 7816-3 §9.2–§9.3): echo PPSS, PPS0's protocol and PPS1 when the
 * card can do that Fi/Di (its own TA1, or the default 11); leave PPS1 out (= stay at Fd/Dd) otherwise. A
 * request with a wrong PCK or another protocol gets no answer, as a card stays silent on a failed PPS.
 */

export function answerPps(request: Uint8Array, protocol: 0 | 1, ta1: number | undefined): Uint8Array | null {
  if (request.length < 3 || request[0] !== 0xff) return null;
  const pps0 = request[1] as number;
  const optionalCount = [0x10, 0x20, 0x40].filter((bit) => (pps0 & bit) !== 0).length;
  if (request.length !== 3 + optionalCount) return null;
  if (request.reduce((x, b) => x ^ b, 0) !== 0) return null;
  if ((pps0 & 0x0f) !== protocol) return null;
  const answer: number[] = [0xff, protocol];
  if ((pps0 & 0x10) !== 0) {
    const fiDi = request[2] as number;
    if (fiDi === 0x11 || fiDi === ta1) {
      answer[1] = (answer[1] as number) | 0x10;
      answer.push(fiDi);
    }
  }
  answer.push(answer.reduce((x, b) => x ^ b, 0));
  return Uint8Array.from(answer);
}
