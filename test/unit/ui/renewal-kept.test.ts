// The renewal screen and a renewal kept after the CA certified it (issue 15 §2, reviewer's finding): the screen
// says what is true — the CA issued the new certificate, the new key is kept on the UKEY — in zh-CN and English,
// and its button finishes that renewal (resume-renewal of the same journal), never a new one that makes a key.
import { describe, expect, it } from 'vitest';
import { renewalOutcome, runButtonKey, runRequest } from '../../../src/ui/renewal/renewal-outcome';
import { rt } from '../../../src/ui/i18n/renewal-texts';
import type { RenewalStatus } from '../../../src/worker/renewal-api';

function status(over: Partial<RenewalStatus>): RenewalStatus {
  return {
    id: 'R1', tokenId: 'demo', tokenSerial: '1', mainKeyRef: 0x9a, newKeyRef: 0x83, step: 'failed', stepNumber: 11, stepCount: 11,
    activeKeyRef: null, roleKeyRef: 0x9a, newCertificate: new Uint8Array([0x30]), failure: { code: 'CmpRejectedError', message: 'refused' },
    checkAfter: null, waiting: null, caUrl: 'http://127.0.0.1:8829/.well-known/cmp', createdAt: '2026-12-06T00:00:00Z', updatedAt: '2026-12-06T00:01:00Z',
    ...over,
  };
}

const start = { tokenId: 'demo', keyRef: 0x9a, caUrl: 'http://ca.example.invalid/.well-known/cmp' };

describe('renewal screen model', () => {
  it('a renewal kept after the CA certified it is resumed (the same journal), never planned anew', () => {
    const kept = status({ keyKept: true });
    expect(renewalOutcome(kept)).toBe('kept');
    expect(runRequest(kept, start, { pin: '123456' })).toEqual({ kind: 'resume-renewal', params: { id: 'R1', pin: '123456' } });
    expect(runButtonKey('kept')).toBe('finishKeptButton');
  });

  it('a clean failure starts a new renewal; an unfinished one is continued', () => {
    expect(runRequest(status({ keyKept: false }), start, { pin: '123456' })).toMatchObject({ kind: 'start-renewal', params: { keyRef: 0x9a } });
    expect(runRequest(status({ step: 'waiting' }), start, { pin: '123456' })).toMatchObject({ kind: 'resume-renewal', params: { id: 'R1' } });
    expect(runButtonKey('failed')).toBe('startButton');
    expect(runButtonKey('unfinished')).toBe('continueButton');
  });

  it('says what is true, zh-CN first: the CA issued the certificate, the new key is kept, finishing makes no new key', () => {
    const zh = rt('zh-CN', 'keptText', { reason: 'refused' });
    expect(zh).toContain('CA 已签发新证书');
    expect(zh).toContain('保留在这支 UKEY 上');
    expect(zh).toContain('不会再生成新密钥');
    expect(zh).toContain('refused');
    const en = rt('en', 'keptText', { reason: 'refused' });
    expect(en).toContain('The CA issued the new certificate');
    expect(en).toContain('kept on this UKEY');
    expect(en).toContain('no new key is made');
    // Not the clean failure's sentence, which says the old certificate and key are all there is.
    expect(zh).not.toBe(rt('zh-CN', 'failedText', { reason: 'refused' }));
  });
});
