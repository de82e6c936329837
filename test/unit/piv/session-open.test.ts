import { describe, expect, it } from 'vitest';
import { ApduError } from '../../../src/apdu/errors';
import { NotSupportedError } from '../../../src/shared/errors/common-errors';
import { PivAppNotFoundError } from '../../../src/cards/piv/errors';
import { PivSession } from '../../../src/cards/piv/session';
import { EXTENDED_LINK, ScriptedTransport, SELECT_OK, VERSION_543, VERSION_NONE } from './scripted-transport';

describe('PivSession.open', () => {
  it('SELECTs the full PIV AID and keeps the application property template', async () => {
    const t = new ScriptedTransport([SELECT_OK]);
    const session = await PivSession.open(t);
    expect(t.done).toBe(true);
    expect(session.applicationProperties[0]).toBe(0x61);
  });

  it('uses the extended Le form on an extended link', async () => {
    const t = new ScriptedTransport([['00A40400 00000B A000000308000010000100 0000', '9000']], EXTENDED_LINK);
    await PivSession.open(t);
    expect(t.done).toBe(true);
  });

  it('turns 6A82 on SELECT into PivAppNotFoundError', async () => {
    const t = new ScriptedTransport([[SELECT_OK[0], '6A82']]);
    const error = await PivSession.open(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PivAppNotFoundError);
    expect((error as PivAppNotFoundError).guideId).toBe('token-unsupported');
  });

  it('turns any other SELECT failure into the apdu layer error', async () => {
    const t = new ScriptedTransport([[SELECT_OK[0], '6F00']]);
    await expect(PivSession.open(t)).rejects.toBeInstanceOf(ApduError);
  });
});

describe('YubiKey extensions are checked up front', () => {
  it('reads version once and serial from a 5.x card', async () => {
    const t = new ScriptedTransport([SELECT_OK, VERSION_543, ['00F8000000', '00BC614E9000']]);
    const session = await PivSession.open(t);
    expect(await session.getVersion()).toEqual({ major: 5, minor: 4, patch: 3 });
    expect(await session.getSerial()).toBe(12345678);
    expect(await session.getVersionText()).toBe('5.4.3');
    expect(t.done).toBe(true);
  });

  it('raises NotSupportedError without sending GET SERIAL or GET METADATA to a plain PIV card', async () => {
    const t = new ScriptedTransport([SELECT_OK, VERSION_NONE]);
    const session = await PivSession.open(t);
    await expect(session.getSerial()).rejects.toBeInstanceOf(NotSupportedError);
    await expect(session.getVersion()).rejects.toBeInstanceOf(NotSupportedError);
    await expect(session.getMetadata(0x9a)).rejects.toBeInstanceOf(NotSupportedError);
    expect(t.sent).toHaveLength(2);
  });

  it('refuses GET METADATA on firmware 5.2 but allows GET SERIAL', async () => {
    const t = new ScriptedTransport([SELECT_OK, ['00FD000000', '0502079000'], ['00F8000000', '000000019000']]);
    const session = await PivSession.open(t);
    await expect(session.getMetadata(0x80)).rejects.toBeInstanceOf(NotSupportedError);
    expect(await session.getSerial()).toBe(1);
    expect(t.done).toBe(true);
  });
});

describe('arguments from the UI are checked before anything is sent', () => {
  it('a slot that is not a PIV key slot, or an unknown algorithm, is NotSupportedError', async () => {
    const t = new ScriptedTransport([SELECT_OK]);
    const session = await PivSession.open(t);
    await expect(session.sign(0x42, Uint8Array.of(1))).rejects.toMatchObject({ name: 'NotSupportedError', feature: 'PIV slot 66' });
    await expect(session.readCertificate(0x96)).rejects.toBeInstanceOf(NotSupportedError);
    await expect(session.putCertificate(0x9b, Uint8Array.of(0x30, 0))).rejects.toBeInstanceOf(NotSupportedError);
    await expect(session.generateKey(0x9a, 'RSA-1024' as 'RSA-2048')).rejects.toBeInstanceOf(NotSupportedError);
    expect(t.sent).toHaveLength(1);
  });
});
