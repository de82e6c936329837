import { describe, expect, it } from 'vitest';
import { deserializeError, registeredErrorNames, serializeError } from '../../../src/shared/errors/error-registry';
import { InvalidCardStateError, VirtualCardStatusError } from '../../../src/virtual/virtual-token/errors';

/** The card's errors cross the worker hop as their own classes with their fields (STYLE.md, comlink). */
describe('virtual token errors in the window', () => {
  it('are registered by their own module and rebuilt with their fields', () => {
    expect(registeredErrorNames()).toEqual(expect.arrayContaining(['VirtualCardStatusError', 'InvalidCardStateError']));
    const status = deserializeError(serializeError(new VirtualCardStatusError(0x6982, 'PIN-always key')));
    expect(status).toBeInstanceOf(VirtualCardStatusError);
    expect((status as VirtualCardStatusError).sw).toBe(0x6982);
    const state = deserializeError(serializeError(new InvalidCardStateError('keys.9a')));
    expect(state).toBeInstanceOf(InvalidCardStateError);
    expect((state as InvalidCardStateError).field).toBe('keys.9a');
  });
});
