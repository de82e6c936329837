/**
 * parseVersionText reads back what formatVersion wrote (the firmware version the sign-in cache keeps, issue 15):
 * every GET VERSION answer round-trips, anything else is null and never throws; capabilitiesOf gives what
 * probeCapabilities would for that answer (GET SERIAL from 5.0, GET METADATA from 5.3, Yubico PIV documentation).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, formatVersion, NO_EXTENSIONS, parseVersionText } from '../../../src/cards/piv/yubikey';

const RUNS = 10_000;
const version = fc.record({ major: fc.nat(255), minor: fc.nat(255), patch: fc.nat(255) });

describe('firmware version text (property)', () => {
  it('every version round-trips through its text', () => {
    fc.assert(
      fc.property(version, (v) => {
        expect(parseVersionText(formatVersion(v))).toEqual(v);
      }),
      { numRuns: RUNS },
    );
  });

  it('any other text is null, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,4}\.\d{1,4}\.\d{1,4}.?$/)), (text) => {
        const parsed = parseVersionText(text);
        if (parsed !== null) expect(formatVersion(parsed)).toBe(text.replace(/(^|\.)0+(\d)/g, '$1$2'));
      }),
      { numRuns: RUNS },
    );
    expect(parseVersionText(null)).toBeNull();
    expect(parseVersionText('256.0.0')).toBeNull();
    expect(parseVersionText('5.7')).toBeNull();
  });

  it('capabilities follow the version as the GET VERSION probe decides them', () => {
    expect(capabilitiesOf(null)).toEqual(NO_EXTENSIONS);
    expect(capabilitiesOf({ major: 4, minor: 3, patch: 7 })).toMatchObject({ serial: false, metadata: false });
    expect(capabilitiesOf({ major: 5, minor: 2, patch: 7 })).toMatchObject({ serial: true, metadata: false });
    expect(capabilitiesOf({ major: 5, minor: 7, patch: 2 })).toMatchObject({ serial: true, metadata: true });
  });
});
