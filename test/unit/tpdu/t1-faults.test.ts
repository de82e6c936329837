/**
 * Fault injection between the host T=1 engine and the card T=1 engine: broken EDC, lost blocks, wrong N(S)
 * both ways, WTX, aborted chains. Each run ends with the right answer or a typed error — never a hang — and
 * the card executes a command at most once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T1Driver, type T1DriverSettings } from '../../../src/tpdu/t1-driver';
import { TpduLinkError } from '../../../src/tpdu/tpdu-errors';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import { WIRE_FAULTS, wire, type WireFault } from './engine-link';
import { ReferenceCard } from './reference-card';

const SETTINGS: T1DriverSettings = { ifsc: 16, ifsd: 16, edc: 'lrc', maxInfPerBlock: 254, blockTimeoutMs: 100 };
/** Case 4, 60 data bytes: four I-blocks at IFSC 16. */
const COMMAND = Uint8Array.of(0x00, 0x87, 0x07, 0x9a, 60, ...Array.from({ length: 60 }, (_, i) => i), 0x00);

async function pair(faults = new Map<number, WireFault>(), cardOptions: ConstructorParameters<typeof T1CardEngine>[1] = {}, crc = false) {
  const apduCard = new ReferenceCard();
  const engine = new T1CardEngine(apduCard, { ifsc: 16, crc, ...cardOptions });
  await engine.powerOn();
  const link = wire(engine, faults, crc);
  const driver = new T1Driver({ ...SETTINGS, edc: crc ? 'crc' : 'lrc' }, link.exchange);
  return { apduCard, engine, link, driver };
}

async function expected(command: Uint8Array): Promise<Uint8Array> {
  return new ReferenceCard().transmit(command);
}

describe('T=1 host ↔ card with faults on the wire', () => {
  it('without faults: a chained command and a chained response (IFSC 16, IFSD 16)', async () => {
    const { driver, apduCard, link } = await pair();
    await driver.negotiateIfsd(16);
    expect(await driver.transmit(COMMAND)).toEqual(await expected(COMMAND));
    expect(apduCard.executions).toBe(1);
    expect(link.log.length).toBeGreaterThan(5);
  });

  for (const fault of WIRE_FAULTS) {
    it(`${fault} at every round trip of the exchange is recovered, the command runs once`, async () => {
      const clean = await pair();
      await clean.driver.negotiateIfsd(16);
      await clean.driver.transmit(COMMAND);
      const rounds = clean.link.log.length;
      for (let at = 0; at < rounds; at++) {
        const { driver, apduCard, link } = await pair(new Map([[at, fault]]));
        await driver.negotiateIfsd(16);
        expect(await driver.transmit(COMMAND), `${fault} at ${at}`).toEqual(await expected(COMMAND));
        expect(apduCard.executions).toBe(1);
        // The fault really hit: recovering cost extra round trips.
        expect(link.log.length).toBeGreaterThan(rounds);
      }
    });
  }

  it('every fault at every round trip of a WTX exchange is recovered too', async () => {
    const options = { waitingTimeExtension: () => 2 };
    const clean = await pair(new Map(), options);
    await clean.driver.transmit(COMMAND);
    const rounds = clean.link.log.length;
    for (const fault of WIRE_FAULTS) {
      for (let at = 0; at < rounds; at++) {
        const { driver, apduCard } = await pair(new Map([[at, fault]]), options);
        expect(await driver.transmit(COMMAND), `${fault} at ${at}`).toEqual(await expected(COMMAND));
        expect(apduCard.executions).toBe(1);
      }
    }
  });

  it('CRC links recover the same way', async () => {
    const { driver, apduCard } = await pair(new Map([[1, 'corrupt-to-host'], [3, 'corrupt-to-card']]), {}, true);
    expect(await driver.transmit(COMMAND)).toEqual(await expected(COMMAND));
    expect(apduCard.executions).toBe(1);
  });

  it('WTX: the card asks for 3× before answering; the host waits 3× as long for that block only', async () => {
    const { driver, link } = await pair(new Map(), { waitingTimeExtension: () => 3 });
    const short = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x04);
    expect(await driver.transmit(short)).toEqual(await expected(short));
    expect(link.log.map((l) => [l.timeoutMs, l.multiplier])).toEqual([[100, 1], [300, 3]]);
  });

  it('a lost S(WTX response) is recovered: the card asks again', async () => {
    const { driver } = await pair(new Map([[1, 'lost-to-card']]), { waitingTimeExtension: () => 2 });
    const short = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x04);
    expect(await driver.transmit(short)).toEqual(await expected(short));
  });

  it('abort mid-chain by the card (command too long for it): typed error, the command never ran, the link goes on', async () => {
    const { driver, apduCard } = await pair(new Map(), { maxCommandLength: 40 });
    await expect(driver.transmit(COMMAND)).rejects.toMatchObject({ failure: 'aborted-by-card', commandMayHaveRun: false });
    expect(apduCard.executions).toBe(0);
    const short = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x04);
    expect(await driver.transmit(short)).toEqual(await expected(short));
  });

  it('abort mid-chain by the host (response over its bound): typed error, the link goes on', async () => {
    const apduCard = new ReferenceCard();
    const engine = new T1CardEngine(apduCard, { ifsc: 16 });
    await engine.powerOn();
    const driver = new T1Driver(SETTINGS, wire(engine).exchange, { maxResponseLength: 20 });
    const big = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00);
    expect((await expected(big)).length).toBeGreaterThan(20);
    await expect(driver.transmit(big)).rejects.toMatchObject({ failure: 'response-too-long' });
    const short = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x04);
    expect(await driver.transmit(short)).toEqual(await expected(short));
  });

  it('random fault schedules: the right answer or a typed TpduLinkError, at most one execution, and the link recovers', async () => {
    const schedule = fc.array(fc.tuple(fc.nat({ max: 30 }), fc.constantFrom(...WIRE_FAULTS)), { maxLength: 8 });
    const outcomes = { answered: 0, resynchronised: 0, unrecoverable: 0 };
    await fc.assert(
      fc.asyncProperty(schedule, async (entries) => {
        const faults = new Map(entries);
        const { driver, apduCard } = await pair(faults);
        let dead = false;
        try {
          expect(await driver.transmit(COMMAND)).toEqual(await expected(COMMAND));
        } catch (error) {
          expect(error).toBeInstanceOf(TpduLinkError);
          expect(['resynchronised', 'unrecoverable']).toContain((error as TpduLinkError).failure);
          dead = (error as TpduLinkError).failure === 'unrecoverable';
          outcomes[dead ? 'unrecoverable' : 'resynchronised']++;
        }
        if (!dead && apduCard.executions === 1) outcomes.answered++;
        expect(apduCard.executions).toBeLessThanOrEqual(1);
        // The wire heals: a live link answers the next command; a dead one refuses it with a typed error.
        faults.clear();
        if (dead) await expect(driver.transmit(COMMAND)).rejects.toMatchObject({ failure: 'link-dead' });
        else expect(await driver.transmit(COMMAND)).toEqual(await expected(COMMAND));
      }),
      { numRuns: 1_500 },
    );
    // The schedules reach the recovery paths, not only the easy one.
    expect(outcomes.answered).toBeGreaterThan(100);
    expect(outcomes.resynchronised).toBeGreaterThan(0);
  });

  it('after S(RESYNCH) the next command is answered (four broken answers in a row force it)', async () => {
    const faults = new Map<number, WireFault>([[4, 'corrupt-to-host'], [5, 'corrupt-to-host'], [6, 'corrupt-to-host'], [7, 'corrupt-to-host']]);
    const { driver } = await pair(faults);
    await expect(driver.transmit(COMMAND)).rejects.toMatchObject({ failure: 'resynchronised' });
    expect(await driver.transmit(COMMAND)).toEqual(await expected(COMMAND));
  });
});
