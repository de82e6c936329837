/**
 * The zh-CN and English texts of the online-unlock errors (issue 10 §4), registered by the flow that defines
 * them (issue 17 §3); the unlock screen re-exports them for its own checks.
 */
import { registerErrorTexts } from '../../shared/errors';

export const UNLOCK_ERROR_TEXTS = {
  'zh-CN': {
    UnlockCodeRejectedError: { cause: 'CA 没有接受这个解锁授权码（输错、过期或已用过）。', whatToDo: '核对 16 位数字后再输；过期或用完时重新提交解锁申请。' },
    EscrowedUnblockCodeRejectedError: { cause: 'UKEY 没有接受 CA 保管的 PUK，本应用不会再试。', whatToDo: '请联系 CA 并导出诊断信息；不要自己反复尝试 PUK。' },
    UnlockStateError: { cause: '现在不能进行在线解锁的这一步。', whatToDo: '按提示插回正确的 UKEY、输入 PIN 继续登记，或先提交解锁申请。' },
    UnlockTransferError: { cause: '暂时连不上 CA。', whatToDo: '联网后再点一次；已做的步骤不会重复。' },
  },
  en: {
    UnlockCodeRejectedError: { cause: 'The CA did not accept this unlock code (wrong, expired or used).', whatToDo: 'Check the 16 digits and retry; if expired or used up, send a new unlock request.' },
    EscrowedUnblockCodeRejectedError: { cause: 'The UKEY refused the PUK the CA kept; the app will not try again.', whatToDo: 'Contact the CA and export the diagnostics; do not try PUKs yourself.' },
    UnlockStateError: { cause: 'This online-unlock step cannot run now.', whatToDo: 'Plug in the right UKEY, resume the registration with the PIN, or send an unlock request first.' },
    UnlockTransferError: { cause: 'The CA cannot be reached right now.', whatToDo: 'Press again when online; finished steps are not repeated.' },
  },
} as const;

registerErrorTexts(UNLOCK_ERROR_TEXTS);
