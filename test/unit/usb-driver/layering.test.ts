import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DRIVER = join(__dirname, '../../../src/usb-driver');

describe('usb-driver layering (issue 7 §4)', () => {
  it('imports nothing from apdu/, not even types: a transport knows no APDU semantics', () => {
    const offenders = readdirSync(DRIVER)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from\s+['"]\.\.\/apdu\//.test(readFileSync(join(DRIVER, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
