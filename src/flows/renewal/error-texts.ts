/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    RenewalClosedError: { cause: '证书过期太久，超过了 CA 允许延期的期限，不能再在线延期。', whatToDo: '需要向 CA 重新申请证书；按指南准备材料。UKEY 上原来的证书不受影响。' },
    RenewalTokenMismatchError: { cause: '插着的不是开始延期的那支 UKEY。', whatToDo: '插回原来那支 UKEY（序列号见“我的 UKEY”），再继续延期。' },
    RenewalStateError: { cause: '现在不能继续证书延期。', whatToDo: 'UKEY 上原来的证书照常可用。请查看指南；仍不行时联系 CA，并导出诊断信息。' },
    RenewalCaUnknownError: { cause: '本应用还不知道签发这张证书的 CA 的在线延期服务，所以不能在这里延期。', whatToDo: 'UKEY 上原来的证书照常可用。请按 CA 自己的途径办理延期：用 CA 提供的助手程序、到 CA 网点，或拨打 CA 客服电话。' },
    RenewalNoFreeKeySlotError: { cause: '这支 UKEY 上找不到能确认是空的备用密钥位置。为了不覆盖旧的解密密钥，没有生成新密钥。', whatToDo: 'UKEY 上原来的证书照常可用。请联系 CA，按它的方式更新证书（例如带 UKEY 到 CA 网点办理）。' },
  },
  en: {
    RenewalClosedError: { cause: 'The certificate expired too long ago: past the period in which the CA allows renewal online.', whatToDo: 'Apply to the CA for a new certificate; the guide lists what to prepare. The certificate on the UKEY is not touched.' },
    RenewalTokenMismatchError: { cause: 'The UKEY plugged in is not the one the renewal started with.', whatToDo: 'Plug the original UKEY back in (its serial is on My UKEYs), then continue the renewal.' },
    RenewalStateError: { cause: 'The renewal cannot continue now.', whatToDo: 'The old certificate on the UKEY still works. Read the guide; if that does not help, contact the CA and export the diagnostics.' },
    RenewalCaUnknownError: { cause: 'This app does not know an online renewal service of the CA that issued this certificate, so it cannot be renewed here.', whatToDo: "The old certificate on the UKEY still works. Renew it the CA's own way: with the CA's assistant program, at the CA's counter, or through the CA's hotline." },
    RenewalNoFreeKeySlotError: { cause: 'This UKEY cannot show that any of its spare key places is empty. To keep old decryption keys from being overwritten, no new key was made.', whatToDo: 'The old certificate on the UKEY still works. Ask the CA to renew the certificate its own way (for example at its counter, with the UKEY).' },
  },
});
