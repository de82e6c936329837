/**
 * Differential property through the whole CCID stack (issue 11 §4): random APDUs sent with CcidTransport to a
 * TPDU-level virtual reader (T=1 with random IFSC, EDC and dwMaxCCIDMessageLength, hence IFSD; T=0) give the
 * same response bytes as sent with CcidTransport to an extended-APDU-level reader, both over the same
 * deterministic card.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../src/virtual/virtual-token/virtual-usb-device';
import { anyApdu, t0Apdu } from '../unit/tpdu/apdu-arbitraries';
import { REFERENCE_OUTGOING, ReferenceCard } from '../unit/tpdu/reference-card';

async function open(options: VirtualUsbDeviceOptions): Promise<{ transport: CcidTransport; device: VirtualUsbDevice; card: ReferenceCard }> {
  const card = new ReferenceCard();
  const device = new VirtualUsbDevice(card, options);
  const usb = new VirtualUsb();
  usb.plug(device);
  return { transport: await CcidTransport.open(device, { usb }), device, card };
}

/** Both transports, one APDU at a time; each command runs exactly once on each card. */
async function sameAnswers(tpdu: Awaited<ReturnType<typeof open>>, apdus: readonly Uint8Array[]): Promise<void> {
  const reference = await open({ exchangeLevel: 'extended-apdu' });
  try {
    for (const apdu of apdus) {
      const before = tpdu.card.executions;
      expect(await tpdu.transport.exchange(apdu)).toEqual(await reference.transport.exchange(apdu));
      expect(tpdu.card.executions - before).toBe(1); // no command runs twice (6Cxx re-sends are served from the engine)
    }
  } finally {
    await tpdu.transport.close();
    await reference.transport.close();
  }
}

describe('differential: CcidTransport at TPDU level ≡ at APDU level', () => {
  it('T=1: random APDUs × random IFSC, EDC and reader message size (IFSD)', async () => {
    const plans = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ifsc: fc.integer({ min: 1, max: 254 }), crc: fc.boolean(), maxMessageLength: fc.integer({ min: 16, max: 271 }) }),
        fc.array(anyApdu, { minLength: 1, maxLength: 3 }),
        async ({ ifsc, crc, maxMessageLength }, apdus) => {
          const tpdu = await open({ exchangeLevel: 'tpdu', protocols: 'T0+T1', maxMessageLength, t1: { ifsc, crc } });
          const plan = tpdu.transport.describe().tpdu as { protocol: string; ifsc: number; ifsd: number; edc: string };
          expect(plan).toMatchObject({ protocol: 'T=1', ifsc, edc: crc ? 'crc' : 'lrc' });
          expect(plan.ifsd).toBe(Math.min(254, maxMessageLength - (10 + 3 + (crc ? 2 : 1))));
          plans.add(`${plan.ifsc < 64}-${plan.ifsd < 64}`);
          await sameAnswers(tpdu, apdus);
        },
      ),
      { numRuns: 1_000 },
    );
    expect(plans.size).toBe(4);
  });

  it('T=0: random short APDUs that follow the card’s INS directions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(t0Apdu, { minLength: 1, maxLength: 4 }), async (apdus) => {
        const tpdu = await open({ exchangeLevel: 'tpdu', protocols: 'T0', t0: { outgoingInstructions: REFERENCE_OUTGOING } });
        expect(tpdu.transport.describe().tpdu).toMatchObject({ protocol: 'T=0' });
        await sameAnswers(tpdu, apdus);
      }),
      { numRuns: 1_000 },
    );
  });
});
