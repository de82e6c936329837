/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    CanoKeyBusyError: { cause: '这支 UKEY 正被其他程序使用（例如电脑上的证书或密码管理程序，或另一个浏览器窗口）。', whatToDo: '关闭正在使用它的程序或窗口，等两三秒后再试；仍然不行就拔下 UKEY 重新插入。' },
    CanoKeyTimeoutError: { cause: '这支 UKEY 在 {seconds} 秒内没有给出结果。', whatToDo: '拔下 UKEY 重新插入后再试一次；总是这样时，在“诊断”里导出报告交给客服。' },
    CanoKeyProtocolError: { cause: '这支 UKEY 没有按约定的方式回答（{detail}）。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时请更新它的固件，或导出诊断报告交给客服。' },
    CanoKeySecurityResetError: { cause: '放开这支 UKEY 时，没能让它忘掉刚才输入的 PIN 和管理密钥（{detail}），下一个使用它的程序可能不用 PIN 就能用它签名。', whatToDo: '请马上把 UKEY 拔下再插上（断电后它会忘掉 PIN），然后再继续使用。' },
  },
  en: {
    CanoKeyBusyError: { cause: 'This token is in use by another program (for example a certificate or password manager on this computer, or another browser window).', whatToDo: 'Close the program or window that uses it, wait two or three seconds, then try again; if it still fails, unplug the token and plug it in again.' },
    CanoKeyTimeoutError: { cause: 'This token gave no result within {seconds} seconds.', whatToDo: 'Unplug the token, plug it in again and try once more; if it keeps happening, export a report under Diagnostics for support.' },
    CanoKeyProtocolError: { cause: 'This token did not answer in the expected way ({detail}).', whatToDo: 'Unplug it, plug it in again and retry; if it still fails, update its firmware or export a diagnostics report for support.' },
    CanoKeySecurityResetError: { cause: 'When letting go of this token, it could not be made to forget the PIN and management key entered just now ({detail}); the next program to use it might sign without a PIN.', whatToDo: 'Unplug the token now and plug it in again (without power it forgets the PIN), then carry on.' },
  },
});
