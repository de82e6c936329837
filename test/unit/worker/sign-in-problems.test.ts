/**
 * A key the sign popup could not read is described as plain data (issue 15 §4); since error texts are registered
 * by each group (issue 17 §3) it carries its error's texts, so the popup — which never loads the worker's
 * handover module — still says why in the clerk's words.
 */
import { describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../../../src/worker/sign-in-problems';
import { TokenInUseElsewhereError } from '../../../src/worker/token-handover-errors';

describe('sign-in problems', () => {
  it('carry the name, guide, fields and texts of the error, which the popup shows as written', async () => {
    const problem = structuredClone(describeFailure({ tokenId: 'usb:A', error: new TokenInUseElsewhereError('usb:A') }));
    expect(problem).toMatchObject({ tokenId: 'usb:A', errorName: 'TokenInUseElsewhereError' });
    expect(problem.texts?.['zh-CN'].cause).toBeTruthy();
    expect(problem.texts?.en.cause).toBeTruthy();
    vi.resetModules(); // the popup's window: it never loaded the worker's handover errors
    const { describeError } = await import('../../../src/ui/i18n/describe-error');
    const shown = describeError({ name: problem.errorName, fields: problem.fields, guideId: problem.guideId, texts: problem.texts }, 'zh-CN');
    expect(shown.guideId).toBe(problem.guideId);
    expect(shown.cause).not.toContain(problem.errorName); // its own text, not the generic "unexpected problem (name)"
  });

  it('an untyped failure has no texts and reads as the generic problem', () => {
    const problem = describeFailure({ tokenId: 'usb:B', error: new Error('boom') });
    expect(problem).toMatchObject({ errorName: 'Error', guideId: null });
    expect(problem.texts).toBeUndefined();
  });
});
