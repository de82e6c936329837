/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../errors/error-text-registry';

registerErrorTexts({
  'zh-CN': {
    CmpDecodeError: { cause: 'CA 返回的证书更新应答无法读取（{what}）。', whatToDo: '请求没有完成，本应用不会当作成功处理。稍后再试；多次出现时请联系 CA 并导出诊断信息。' },
    CmpVerificationError: { cause: 'CA 的应答没有通过核对（{check}），可能不是你的 CA 发来的。', whatToDo: '新证书没有被安装，UKEY 上原来的证书照常可用。请稍后再试，或联系 CA。' },
    CmpRejectedError: { cause: 'CA 拒绝了这次请求：{reason}', whatToDo: '按指南里 CA 的规则办理；证书过期太久时需要重新申请。' },
  },
  en: {
    CmpDecodeError: { cause: 'The CA’s renewal answer could not be read ({what}).', whatToDo: 'The request did not complete and is not treated as done. Try again later; if it keeps happening, contact your CA with the diagnostics export.' },
    CmpVerificationError: { cause: 'The CA’s answer failed a check ({check}); it may not come from your CA.', whatToDo: 'No new certificate was installed; the certificate on your key still works. Try again later, or contact your CA.' },
    CmpRejectedError: { cause: 'The CA refused the request: {reason}', whatToDo: 'Follow your CA’s rules in the guide; a certificate expired too long ago needs a new application.' },
  },
});
