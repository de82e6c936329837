/**
 * What the PKCS#15 profile keeps out of the traffic log and the USB capture (issue 7 §4): the reference data
 * of VERIFY and CHANGE REFERENCE DATA (ISO 7816-4 §11.5.6–7), and of RESET RETRY COUNTER (§11.5.10) should a
 * future change send it. This profile reads nothing secret from the card, so no response is hidden.
 */
import { secretInstructions, type RedactionPolicy } from '../../apdu';
import { INS } from './constants';

const RESET_RETRY_COUNTER = 0x2c;

export const PKCS15_REDACTION_POLICY: RedactionPolicy = secretInstructions([
  { ins: INS.VERIFY, commandData: true, responseData: false },
  { ins: INS.CHANGE_REFERENCE_DATA, commandData: true, responseData: false },
  { ins: RESET_RETRY_COUNTER, commandData: true, responseData: false },
]);
