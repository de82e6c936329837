/**
 * A failed CCID command (bmCommandStatus = 1) becomes a typed error, in one place (CCID Rev 1.1 §6.2.6):
 * bmICCStatus = 2 means no card whatever bError says; otherwise bError names the slot error.
 */
import type { UKeyError } from '../shared/errors';
import { CCID_ERROR, ICC_STATUS } from './ccid-constants';
import { iccStatusOf, type RdrToPcMessage } from './ccid-codec';
import { CardAbsentError, CardMuteError, CcidCommandError, CcidHardwareError, DeviceBusyError } from './errors';

export function ccidFailure(reply: Pick<RdrToPcMessage, 'status' | 'error'>, deviceName: string): UKeyError {
  if (iccStatusOf(reply.status) === ICC_STATUS.NoIcc) return new CardAbsentError();
  switch (reply.error) {
    case CCID_ERROR.IccMute:
      return new CardMuteError();
    case CCID_ERROR.HwError:
      return new CcidHardwareError(reply.error);
    case CCID_ERROR.CmdSlotBusy:
      return new DeviceBusyError(deviceName, `${deviceName} reports the slot busy (CMD_SLOT_BUSY)`);
    default:
      return new CcidCommandError(reply.error, reply.status);
  }
}
