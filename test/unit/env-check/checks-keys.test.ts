import { describe, expect, it } from 'vitest';
import { checkKeyCertificates, checkKeyPins, type KeyFacts } from '../../../src/ui/env-check/checks-keys';

const key = (name: string, over: Partial<KeyFacts> = {}): KeyFacts => ({ name, certificate: 'ok', days: null, pin: { blocked: false, isDefault: false }, ...over });

describe('per-key checks of the 全面检查 (issue 8 §5)', () => {
  it('no key: both "not checked", never a green OK', () => {
    expect(checkKeyCertificates([], 0).status).toBe('unchecked');
    expect(checkKeyPins([]).status).toBe('unchecked');
  });

  it('an expired or too-old certificate is a problem naming the key; one inside its window a warning', () => {
    const late = checkKeyCertificates([key('案管'), key('信访', { certificate: 'too-late', days: 45 })], 0);
    expect(late.status).toBe('fail');
    expect(late.cause['zh-CN']).toContain('“信访”');
    expect(late.cause['zh-CN']).toContain('重新申请');
    expect(checkKeyCertificates([key('案管', { certificate: 'due', days: 9 })], 0).status).toBe('warn');
    expect(checkKeyCertificates([key('案管')], 0).status).toBe('pass');
  });

  it('a blocked PIN fails, a default PIN warns, unplugged keys are "not checked"', () => {
    expect(checkKeyPins([key('案管', { pin: { blocked: true, isDefault: null } })]).status).toBe('fail');
    const def = checkKeyPins([key('信访', { pin: { blocked: false, isDefault: true } })]);
    expect(def.status).toBe('warn');
    expect(def.guideId).toBe('default-pins');
    expect(checkKeyPins([key('案管', { pin: null })]).status).toBe('unchecked');
    const mixed = checkKeyPins([key('案管'), key('信访', { pin: null })]);
    expect(mixed.status).toBe('unchecked');
    expect(mixed.cause['zh-CN']).toContain('1 支没有插入');
  });
});
