/**
 * Imports every module that defines and registers UKeyError classes, so that whichever side loads this (the
 * worker and the window both do, via error-transfer.ts) can rebuild any error by name with its fields.
 * A new error module must be added here; test/session/error-transfer.test.ts checks the list is complete.
 */
import '../shared/errors/common-errors';
import '../shared/errors/corrupt-record-error';
import '../apdu/errors';
import '../apdu/format-errors';
import '../apdu/hex';
import '../cards/piv/errors';
import '../cards/pkcs15/errors';
import '../usb-driver/ccid-errors';
import '../usb-driver/device-errors';
import '../shared/pki/errors';
import '../store/errors';
import '../virtual/virtual-token/errors';
import '../cards/seam/errors';
import '../shared/cmp/errors';
import '../sources/smart-card/smart-card-errors';
import '../sources/canokey/canokey-errors';
import '../tpdu/tpdu-errors';
import '../tpdu/atr-errors';
import './driver-errors';
import './jobs-errors';
import './sign-in-errors';
import './token-handover-errors';
import './ca-service-errors';
import '../flows/renewal/errors';
import '../flows/unlock/errors';
import '../sw/client/errors';

/** Modules imported above, by path from src/ (what the completeness test compares against). */
export const ERROR_MODULES = [
  'shared/errors/common-errors.ts',
  'shared/errors/corrupt-record-error.ts',
  'apdu/errors.ts',
  'apdu/format-errors.ts',
  'apdu/hex.ts',
  'cards/piv/errors.ts',
  'cards/pkcs15/errors.ts',
  'usb-driver/ccid-errors.ts',
  'usb-driver/device-errors.ts',
  'shared/pki/errors.ts',
  'store/errors.ts',
  'virtual/virtual-token/errors.ts',
  'cards/seam/errors.ts',
  'shared/cmp/errors.ts',
  'sources/smart-card/smart-card-errors.ts',
  'sources/canokey/canokey-errors.ts',
  'tpdu/tpdu-errors.ts',
  'tpdu/atr-errors.ts',
  'worker/driver-errors.ts',
  'worker/jobs-errors.ts',
  'worker/sign-in-errors.ts',
  'worker/token-handover-errors.ts',
  'worker/ca-service-errors.ts',
  'flows/renewal/errors.ts',
  'flows/unlock/errors.ts',
  'sw/client/errors.ts',
] as const;
