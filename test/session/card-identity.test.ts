/**
 * The seam's readIdentity (issue 15 §4 review A) names the card as readFacts does (serialNumber ?? cardIdentifier),
 * for every emulated PIV card kind: a serial where the card answers GET SERIAL, else the CHUID's GUID (SP 800-73-4
 * Part 1 §3.1.2). A mismatch here would make every reopen after a handover look like a different card.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { CrashSwitch, demoCardCopy, KIND_IDS, openTokenSession } from '../unit/renewal/support/virtual-renewal';

describe('card identity read', () => {
  it.each(KIND_IDS)('%s: readIdentity agrees with readFacts and costs at most two APDUs after SELECT', async (kind) => {
    const card = await demoCardCopy(kind);
    const facts = await (await openTokenSession(card, new CrashSwitch(null, false))).readFacts();
    const session = await openTokenSession(card, new CrashSwitch(null, false));
    const before = card.apduCount;
    const identity = await session.readIdentity();
    expect(identity).not.toBeNull();
    expect(identity).toBe(facts.serialNumber ?? facts.cardIdentifier);
    expect(card.apduCount - before).toBeLessThanOrEqual(2);
  });
});
