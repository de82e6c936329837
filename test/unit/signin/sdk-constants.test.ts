/** The portal SDK keeps its own copy of the protocol constants (it is served as one file): keep both in step. */
import { describe, expect, it } from 'vitest';
import { SDK_PROTOCOL, SIGN_IN_MESSAGES } from '../../../src/servers/portal-sdk/ukey-sign-in';
import { MESSAGE_TYPES, PROTOCOL_VERSION, SIGN_IN_ERROR_CODES } from '../../../src/shared/signin/protocol';

describe('portal SDK and src/shared/signin agree', () => {
  it('on message types and version', () => {
    expect(SDK_PROTOCOL).toEqual({ ...MESSAGE_TYPES, version: PROTOCOL_VERSION });
  });

  it('on every code the app can send, each with Chinese and English text', () => {
    for (const code of SIGN_IN_ERROR_CODES) {
      expect(SIGN_IN_MESSAGES[code].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(SIGN_IN_MESSAGES[code].en).toMatch(/^[\x20-\x7e’“”]+$/);
    }
  });
});
