/** A CA profile's own login EKUs reach pki's sign-in purpose only for certificates of that CA. */
import { describe, expect, it } from 'vitest';
import { loginExtKeyUsagesFor } from '../../../src/shared/ca-profiles/login-usage';
import { CA_PROFILES } from '../../../src/shared/ca-profiles/profiles';
import type { CaProfile } from '../../../src/shared/ca-profiles/types';

describe('loginExtKeyUsagesFor', () => {
  const base = CA_PROFILES[0]!;
  const withEku: CaProfile = { ...base, id: 'test-ca', issuerMatch: [{ field: 'O', contains: ['Test Login CA'] }], loginExtKeyUsages: ['1.2.156.99999.1'] };

  it('gives the matching profile\'s OIDs', () => {
    expect(loginExtKeyUsagesFor({ O: 'Test Login CA', CN: 'Issuing' }, [withEku])).toEqual(['1.2.156.99999.1']);
  });

  it('gives none for another CA or a profile without the field', () => {
    expect(loginExtKeyUsagesFor({ O: 'Elsewhere' }, [withEku])).toEqual([]);
    expect(loginExtKeyUsagesFor({ O: 'Elsewhere' })).toEqual([]);
  });
});
