/**
 * Issue 17 §3: each group registers its own errors AND their zh-CN/English texts — no hand-kept list of error
 * modules, no central table of every class. Loading any module that defines errors, alone in a fresh module
 * graph, registers a text in both languages for every error class it registers; an error that crosses to a
 * side that never loaded its group still reads as its group wrote it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const SRC = join(__dirname, '../../../src');

function errorModules(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts') && /registerError\(/.test(readFileSync(path, 'utf8'))) found.push(path);
    }
  };
  walk(SRC);
  return found.filter((p) => !p.endsWith('error-registry.ts')).sort();
}

describe('errors and their texts are registered by their own group (issue 17 §3)', () => {
  const modules = errorModules();

  it('finds the error modules of every layer', () => {
    expect(modules.length).toBeGreaterThan(20);
  });

  it.each(modules.map((m) => relative(SRC, m)))('%s, loaded alone, registers zh-CN and English texts for each error it registers', async (module) => {
    vi.resetModules();
    const classes = await import('../../../src/shared/errors/error-registry');
    const texts = await import('../../../src/shared/errors/error-text-registry');
    await import(join(SRC, module));
    const names = classes.registeredErrorNames();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(texts.errorText(name, 'zh-CN'), `${name}: zh-CN`).toBeDefined();
      expect(texts.errorText(name, 'en'), `${name}: en`).toBeDefined();
    }
  });

  it('an error whose group the receiving side never loaded keeps its name, fields, guide and texts', async () => {
    vi.resetModules();
    const sender = {
      classes: await import('../../../src/shared/errors/error-registry'),
      texts: await import('../../../src/shared/errors/error-text-registry'),
      base: await import('../../../src/shared/errors/ukey-error'),
    };
    class NewProfileError extends sender.base.UKeyError {
      override readonly name = 'NewProfileError';
      readonly guideId = 'token-unsupported' as const;
      override toFields(): Record<string, string | number> {
        return { applet: 'GM/T 0016' };
      }
    }
    sender.texts.registerErrorTexts({
      'zh-CN': { NewProfileError: { cause: '这支 UKEY 的应用（{applet}）还不被支持。', whatToDo: '查看指南。' } },
      en: { NewProfileError: { cause: "This token's application ({applet}) is not supported yet.", whatToDo: 'Read the guide.' } },
    });
    const wire = structuredClone(sender.classes.serializeError(new NewProfileError('technical')));

    vi.resetModules(); // the window: a fresh registry that never loaded the profile
    const receiver = await import('../../../src/shared/errors/error-registry');
    const { describeError } = await import('../../../src/ui/i18n/describe-error');
    const error = receiver.deserializeError(wire);
    expect(error).toMatchObject({ name: 'NewProfileError', guideId: 'token-unsupported', applet: 'GM/T 0016' });
    expect(describeError(error, 'zh-CN')).toMatchObject({ cause: '这支 UKEY 的应用（GM/T 0016）还不被支持。', guideId: 'token-unsupported' });
    expect(describeError(error, 'en').cause).toBe("This token's application (GM/T 0016) is not supported yet.");
  });

  it('refuses a group text in one language only', async () => {
    const { registerErrorTexts } = await import('../../../src/shared/errors/error-text-registry');
    expect(() => registerErrorTexts({ 'zh-CN': { HalfError: { cause: '原因', whatToDo: '做法' } }, en: {} })).toThrow(/HalfError needs a zh-CN and an English text/);
  });
});
