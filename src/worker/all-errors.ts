/**
 * Imports every module that defines and registers UKeyError classes, so that whichever side loads this (the
 * worker and the window both do, via error-transfer.ts) can rebuild any error by name with its fields.
 * A new error module must be added here; test/session/error-transfer.test.ts checks the list is complete.
 */
import '../shared/errors/common-errors';
import '../apdu/errors';
import '../apdu/format-errors';
import '../apdu/hex';
import '../cards/piv/errors';
import '../usb-driver/ccid-errors';
import '../usb-driver/device-errors';
import '../shared/pki/errors';
import '../store/errors';
import '../ui/env-check/descriptor-error';
import '../virtual/virtual-token/errors';
import '../cards/seam/errors';
import '../shared/cmp/errors';
import '../sources/smart-card/smart-card-errors';
import '../tpdu/tpdu-errors';
import './driver-errors';
import './sign-in-errors';
import '../flows/renewal/errors';
import '../flows/unlock/errors';

/** Modules imported above, by path from src/ (what the completeness test compares against). */
export const ERROR_MODULES = [
  'errors/common-errors.ts',
  'apdu/errors.ts',
  'apdu/format-errors.ts',
  'apdu/hex.ts',
  'piv/errors.ts',
  'usb-driver/ccid-errors.ts',
  'usb-driver/device-errors.ts',
  'pki/errors.ts',
  'store/errors.ts',
  'env-check/descriptor-error.ts',
  'virtual-token/errors.ts',
  'token-session/errors.ts',
  'cmp/errors.ts',
  'smart-card-source/smart-card-errors.ts',
  'tpdu/tpdu-errors.ts',
  'worker/driver-errors.ts',
  'worker/sign-in-errors.ts',
  'renewal/errors.ts',
  'unlock/errors.ts',
] as const;
