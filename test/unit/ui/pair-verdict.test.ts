/** "添加 UKEY" starts with one line by CA and portal (issue 16 §1), derived from the reach table. */
import { describe, expect, it } from 'vitest';
import { caKeysReadable, pairVerdict } from '../../../src/ui/pair-verdict';
import { REACH_CONTEXTS } from '../../../src/ui/reach/contexts';

describe('the one-line answer on 添加 UKEY', () => {
  it('on Windows says the CA keys cannot be read directly and that they can be recorded by certificate', () => {
    const { line, caKeysReadable: readable } = pairVerdict('page-windows', 'zh-CN');
    expect(readable).toBe(false);
    expect(line).toContain('在这台 Windows 电脑的浏览器里');
    expect(line).toContain('目前不能直接读取');
    expect(line).toContain('用证书记录');
    for (const ca of ['CFCA', 'BJCA', '四川CA']) expect(line).toContain(ca);
    for (const portal of ['住房公积金', '四川人社', '长江养老', '12309']) expect(line).toContain(portal);
  });

  it('names no manufacturer (the clerk thinks by CA and portal)', () => {
    for (const ctx of REACH_CONTEXTS) {
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(pairVerdict(ctx, lang).line).not.toMatch(/飞天|握奇|龙脉|Feitian|Watchdata|Longmai|ePass/);
      }
    }
  });

  it('follows the reach table: no context has a CA key family that both reaches the page and speaks PIV today', () => {
    for (const ctx of REACH_CONTEXTS) expect(caKeysReadable(ctx)).toBe(false);
    expect(pairVerdict('page-macos', 'en').line).toMatch(/^In the browser on this Mac the keys of .* cannot be read directly yet\./);
  });
});
