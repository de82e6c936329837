import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAtr } from '../../../src/tpdu/atr';
import { AtrError } from '../../../src/tpdu/atr-errors';
import { readAtrProtocolParameters, type AtrInterfaceGroup } from '../../../src/tpdu/atr-parameters';
import { CCID_FEATURE, planTpduLink, tpduLinkReport, type TpduReaderFacts } from '../../../src/tpdu/ccid-tpdu-plan';
import type { CcidDescriptor } from '../../../src/usb-driver/ccid-descriptor';
import { buildPpsRequest, checkPpsResponse } from '../../../src/tpdu/pps';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { answerPps } from '../../../src/virtual/virtual-token/tpdu/card-pps';
import { hex, show } from './scripted-link';

const params = (atrHex: string) => readAtrProtocolParameters(parseAtr(hex(atrHex)));

/** HDZB uKeyCI800-K18 (libccid readers/BZH_uKeyCI800-K1.txt): TPDU, T=0+T=1, IFSD 254, features 0x00010030. */
const HDZB: TpduReaderFacts = { features: 0x00010030, protocols: 0x03, maxIfsd: 254, maxCcidMessageLength: 271, defaultClock: 4000, maxDataRate: 344086 };
/** Watchdata USB Key (readers/Watchdata_USB_Key.txt): TPDU, T=0 only, 271-byte messages. */
const WATCHDATA: TpduReaderFacts = { ...HDZB, protocols: 0x01, maxIfsd: 0 };

describe('ATR protocol parameters (ISO/IEC 7816-3 §8.2.3, §11.4)', () => {
  it('YubiKey 5 ATR: T=1, TA1 13 (Fi 372, Di 4), IFSC FE, BWI 1 / CWI 5, LRC', () => {
    const p = params('3BFD1300008131FE158073C021C057597562694B657940');
    expect(p.offeredProtocols).toEqual([1]);
    expect(p.requestedFiDi).toBe(0x13);
    expect(p.requestedFactors).toEqual({ fi: 372, di: 4, fMaxMhz: 5 });
    expect(p.t1).toEqual({ ifsc: 254, bwi: 1, cwi: 5, edc: 'lrc' });
    expect(p.specificMode).toBeNull();
  });

  it('Feitian ePass2003 ATR: TA1 95 (Fi 512, Di 16), TB3 9F (BWI 9, CWI 15)', () => {
    const p = params('3B9F958131FE9F006646530501001171DF000003900080');
    expect(p.requestedFactors).toEqual({ fi: 512, di: 16, fMaxMhz: 5 });
    expect(p.t1).toMatchObject({ ifsc: 254, bwi: 9, cwi: 15 });
  });

  it('T=0 card with TA1 18 and TC2 FF: WI 255, T=1 defaults (IFSC 32, TB 4D, LRC)', () => {
    const p = params('3B951840FF0102030405');
    expect(p.offeredProtocols).toEqual([0]);
    expect(p.t0WaitingInteger).toBe(255);
    expect(p.t1).toEqual({ ifsc: 32, bwi: 4, cwi: 13, edc: 'lrc' });
  });

  it('no TD1: T=0 only with every default', () => {
    const p = params('3B021450');
    expect(p).toMatchObject({ offeredProtocols: [0], ta1: null, requestedFiDi: 0x11, extraGuardTime: 0, t0WaitingInteger: 10 });
  });

  it('T=1 bytes come only from groups after a TD naming T=1, from group 3 on; TC for T=1 bit 1 selects CRC', () => {
    const groups: AtrInterfaceGroup[] = [
      { ta: null, tb: null, tc: null, td: 0x80 }, // TD1: T=0, TD2 follows
      { ta: 0x20, tb: null, tc: null, td: 0xf1 }, // TA2 = specific mode T=0 (b5 set: implicit), TD2: T=1
      { ta: 0x40, tb: 0x23, tc: 0x01, td: null }, // TA3 IFSC 64, TB3, TC3 CRC
    ];
    const p = readAtrProtocolParameters({ interfaceBytes: groups });
    expect(p.t1).toEqual({ ifsc: 64, bwi: 2, cwi: 3, edc: 'crc' });
    expect(p.specificMode).toEqual({ protocol: 0, canChangeMode: true, implicitFactors: false });
    expect(p.offeredProtocols).toEqual([0, 1]);
  });

  it.each([
    [{ ta: null, tb: null, tc: null, td: 0x81 }, { ta: null, tb: null, tc: null, td: 0x11 }, { ta: 0xff, tb: null, tc: null, td: null }, 'bad-ifsc'],
    [{ ta: null, tb: null, tc: null, td: 0x81 }, { ta: null, tb: null, tc: null, td: 0x21 }, { ta: null, tb: 0xa0, tc: null, td: null }, 'bad-bwi'],
    [{ ta: null, tb: null, tc: null, td: 0x40 }, { ta: null, tb: null, tc: 0x00, td: null }, null, 'bad-wi'],
  ])('reserved values throw AtrError (%#)', (g1, g2, g3, reason) => {
    const interfaceBytes = [g1, g2, ...(g3 ? [g3] : [])] as AtrInterfaceGroup[];
    expect(() => readAtrProtocolParameters({ interfaceBytes })).toThrow(expect.objectContaining({ name: 'AtrError', reason }));
  });

  const group = fc.record({
    ta: fc.option(fc.integer({ min: 0, max: 255 })),
    tb: fc.option(fc.integer({ min: 0, max: 255 })),
    tc: fc.option(fc.integer({ min: 0, max: 255 })),
    td: fc.integer({ min: 0, max: 255 }),
  });

  it('any interface-byte chain gives parameters or an AtrError, nothing else', () => {
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 6 }), (raw) => {
        const interfaceBytes = raw.map((g, i) => ({ ...g, td: i === raw.length - 1 ? null : g.td }));
        try {
          const p = readAtrProtocolParameters({ interfaceBytes });
          expect(p.t1.ifsc).toBeGreaterThanOrEqual(1);
          expect(p.t1.ifsc).toBeLessThanOrEqual(254);
          expect(p.offeredProtocols.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(AtrError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('any byte string through parseAtr and the parameter reader throws only AtrError', () => {
    const atrLike = fc.tuple(fc.constantFrom(0x3b, 0x3f), fc.uint8Array({ maxLength: 32 })).map(([ts, rest]) => Uint8Array.of(ts, ...rest));
    fc.assert(
      fc.property(atrLike, (bytes) => {
        try {
          readAtrProtocolParameters(parseAtr(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(AtrError);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('PPS (ISO/IEC 7816-3 §9)', () => {
  it('request FF 11 13 FD selects T=1 at Fi/Di 13', () => {
    expect(show(buildPpsRequest(1, 0x13))).toBe('FF1113FD');
  });

  it('an echo succeeds; an answer without PPS1 means Fd/Dd; a bad PCK or another protocol fails', () => {
    const request = buildPpsRequest(1, 0x13);
    expect(checkPpsResponse(request, request)).toEqual({ accepted: true, protocol: 1, fiDi: 0x13 });
    expect(checkPpsResponse(request, hex('FF01FE'))).toEqual({ accepted: true, protocol: 1, fiDi: 0x11 });
    expect(checkPpsResponse(request, hex('FF1113FE')).accepted).toBe(false);
    expect(checkPpsResponse(request, hex('FF1013FC')).accepted).toBe(false);
    expect(checkPpsResponse(request, hex('FF1112FC')).accepted).toBe(false);
    expect(checkPpsResponse(request, new Uint8Array(0)).accepted).toBe(false);
  });

  it('the card-side PPS answer passes the host check (the card echoes its own TA1, refuses a faster one)', () => {
    const own = buildPpsRequest(1, 0x13);
    expect(checkPpsResponse(own, answerPps(own, 1, 0x13) as Uint8Array)).toEqual({ accepted: true, protocol: 1, fiDi: 0x13 });
    const faster = buildPpsRequest(1, 0x18);
    expect(checkPpsResponse(faster, answerPps(faster, 1, 0x13) as Uint8Array)).toEqual({ accepted: true, protocol: 1, fiDi: 0x11 });
    expect(answerPps(buildPpsRequest(0, 0x11), 1, 0x13)).toBeNull();
  });

  it('any answer bytes give a verdict, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        expect(typeof checkPpsResponse(buildPpsRequest(1, 0x13), bytes).accepted).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('CCID TPDU link plan (CCID Rev 1.1 §5.1 dwFeatures, §6.1.7 SetParameters)', () => {
  const hdzbLikeAtr = readAtrProtocolParameters({
    interfaceBytes: [
      { ta: 0x13, tb: null, tc: null, td: 0x80 },
      { ta: null, tb: null, tc: null, td: 0x31 },
      { ta: 0xfe, tb: 0x4d, tc: null, td: null },
    ],
  });

  it('HDZB (features 0x00010030): PPS to T=1 at 13, SetParameters T=1, S(IFS) 254 by the host', () => {
    const plan = planTpduLink(hdzbLikeAtr, HDZB);
    expect(plan.protocol).toBe(1);
    expect(show(plan.pps as Uint8Array)).toBe('FF1113FD');
    expect(plan.setParameters?.protocolNum).toBe(1);
    expect(show(plan.setParameters?.data as Uint8Array)).toBe('1310004D00FE00');
    expect(plan.t1).toMatchObject({ ifsc: 254, ifsd: 254, negotiateIfsd: true, edc: 'lrc', maxInfPerBlock: 254 });
    // BWT at BWI 4, 4 MHz ≈ 1.43 s, plus the longest block and the USB margin.
    expect(plan.t1?.blockTimeoutMs).toBeGreaterThan(2400);
    expect(plan.t1?.blockTimeoutMs).toBeLessThan(2600);
    expect(tpduLinkReport(plan)).toMatchObject({ protocol: 'T=1', fiDi: '13', pps: 'FF 11 13 FD', setParameters: '13 10 00 4D 00 FE 00', hostSendsIfsd: true });
    expect(JSON.parse(JSON.stringify(tpduLinkReport(plan)))).toEqual(tpduLinkReport(plan));
  });

  it('takes the transport\'s parsed CCID class descriptor as it is', () => {
    const descriptor: CcidDescriptor = {
      bcdCcid: 0x110, maxSlotIndex: 0, voltageSupport: 7, protocols: 3, defaultClock: 4000, maximumClock: 4000, numClockSupported: 0,
      dataRate: 10752, maxDataRate: 344086, numDataRatesSupported: 0, maxIfsd: 254, synchProtocols: 0, mechanical: 0, features: 0x00010030,
      maxCcidMessageLength: 271, classGetResponse: 0, classEnvelope: 0, lcdLayout: 0, pinSupport: 0, maxCcidBusySlots: 1,
    };
    expect(planTpduLink(hdzbLikeAtr, descriptor)).toEqual(planTpduLink(hdzbLikeAtr, HDZB));
  });

  it('Watchdata (T=0 only) with a default ATR: no PPS, SetParameters T=0 = 11 00 00 0A 00', () => {
    const plan = planTpduLink(params('3B021450'), WATCHDATA);
    expect(plan).toMatchObject({ protocol: 0, fiDi: 0x11, pps: null, t1: null });
    expect(show(plan.setParameters?.data as Uint8Array)).toBe('1100000A00');
    expect(plan.t0TimeoutMs).toBeGreaterThan(1000);
  });

  it('T=0 preferred when asked; a card offering only T=1 on a T=0 reader is not supported', () => {
    expect(planTpduLink(hdzbLikeAtr, HDZB, { preferredProtocol: 0 }).protocol).toBe(0);
    expect(() => planTpduLink(params('3BFD1300008131FE158073C021C057597562694B657940'), WATCHDATA)).toThrow(NotSupportedError);
  });

  it('automatic PPS (0x80): no PPS from us, SetParameters still; proprietary negotiation (0x40): neither', () => {
    const auto = planTpduLink(hdzbLikeAtr, { ...HDZB, features: HDZB.features | CCID_FEATURE.AutoPps });
    expect(auto.pps).toBeNull();
    expect(auto.setParameters).not.toBeNull();
    const proprietary = planTpduLink(hdzbLikeAtr, { ...HDZB, features: HDZB.features | CCID_FEATURE.AutoParameterNegotiation });
    expect(proprietary.pps).toBeNull();
    expect(proprietary.setParameters).toBeNull();
  });

  it('automatic IFSD (0x400): the host does not send S(IFS request)', () => {
    expect(planTpduLink(hdzbLikeAtr, { ...HDZB, features: HDZB.features | CCID_FEATURE.AutoIfsd }).t1?.negotiateIfsd).toBe(false);
  });

  it('after a failed PPS: first offered protocol at Fd/Dd, no PPS (§9.3)', () => {
    expect(planTpduLink(hdzbLikeAtr, HDZB, { ppsFailed: true })).toMatchObject({ protocol: 0, fiDi: 0x11, pps: null });
  });

  it('a reader too slow for TA1 stays at 11; only the protocol is negotiated', () => {
    const plan = planTpduLink(hdzbLikeAtr, { ...HDZB, maxDataRate: 9600 });
    expect(plan.fiDi).toBe(0x11);
    expect(show(plan.pps as Uint8Array)).toBe('FF1111FF');
  });

  it('small CCID messages bound the INF per block; CRC and inverse convention go into bmTCCKST1', () => {
    const crcAtr = readAtrProtocolParameters({
      convention: 'inverse',
      interfaceBytes: [{ ta: null, tb: null, tc: 0x02, td: 0x81 }, { ta: null, tb: null, tc: null, td: 0x71 }, { ta: 0x80, tb: 0x45, tc: 0x01, td: null }],
    });
    const plan = planTpduLink(crcAtr, { ...HDZB, maxCcidMessageLength: 64 });
    expect(plan.pps).toBeNull();
    expect(show(plan.setParameters?.data as Uint8Array)).toBe('1113024500' + '8000');
    expect(plan.t1).toMatchObject({ ifsd: 49, maxInfPerBlock: 49, edc: 'crc' });
  });
});
