/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../shared/errors';

registerErrorTexts({
  'zh-CN': {
    UnlockCaUnknownError: { cause: '本应用不知道这支 UKEY 所属 CA 的在线解锁服务，所以不能在这里在线解锁。', whatToDo: '请按 CA 自己的方式解锁：联系 CA 客服或到 CA 网点，准备好办理时登记的联系人姓名和电话。' },
    SignInCertificateChangedError: { cause: 'UKEY 上的证书和这个窗口列出的不一样了（它在别处被更新、重写过，或者换成了另一支 UKEY）。这次没有签名，PIN 也没有发给 UKEY。', whatToDo: '已经重新读取了 UKEY 上的证书，请在本窗口重新选择证书并输入 PIN。' },
    SignInRefusedError: { cause: '无法完成这次网站登录签名（{code}）。', whatToDo: '插好 UKEY 后回到网站重新点“使用 UKEY 登录”；仍不行时查看指南。' },
    DriverCrashedError: { cause: '负责和 UKEY 通信的后台任务意外停止，已经自动重启。', whatToDo: '刚才的操作没有完成，请重新操作一次。如果是 PIN 操作，请先看一下剩余次数再输入。' },
    JobLostError: { cause: '这一步在后台没有做完：负责和 UKEY 通信的后台任务重启了（例如页面刷新过），或者出了本应用自己的问题。', whatToDo: '已经做完的步骤都记下来了。插好 UKEY，在本页点“继续”并输入 PIN 接着做，不会重复已做的步骤。' },
    DriverTimeoutError: { cause: 'UKEY 在规定时间内没有响应（{operation}）。', whatToDo: '拔下 UKEY 再插上，然后点“重新读取”。如果是 PIN 操作，请先看一下剩余次数再输入，本应用不会自动重试。' },
    TokenInUseElsewhereError: { cause: 'UKEY 正被另一个窗口使用：本应用的另一个标签页或窗口正在用它做一项操作（例如更新证书或修改 PIN），没能在几秒内交出来。', whatToDo: '等那个窗口里的操作完成（或关闭那个窗口），再点“重新查找 UKEY”。不需要拔下 UKEY。' },
  },
  en: {
    UnlockCaUnknownError: { cause: "This app does not know an online unlock service of this UKEY's CA, so it cannot be unlocked online here.", whatToDo: "Unlock it the CA's own way: call the CA's hotline or visit its counter, with the contact name and phone given when the certificate was issued." },
    SignInCertificateChangedError: { cause: 'The certificates on the token are not the ones this window listed (they were renewed or rewritten elsewhere, or this is another token). Nothing was signed and the PIN was not sent to the token.', whatToDo: 'The token has been read again: choose the certificate in this window and enter the PIN once more.' },
    SignInRefusedError: { cause: 'This site sign-in could not be signed ({code}).', whatToDo: 'Plug in your key, go back to the site and press “Sign in with UKEY” again; if it still fails, read the guide.' },
    DriverCrashedError: { cause: 'The background task that talks to the key stopped unexpectedly and has been restarted.', whatToDo: 'The last action did not finish: do it once more. For a PIN action, check the tries left first.' },
    JobLostError: { cause: 'This step did not finish in the background: the task that talks to the key was restarted (for example the page was reloaded), or this app hit a problem of its own.', whatToDo: 'Every finished step is saved. Plug in the key, press “Continue” on this page and enter the PIN; finished steps are not repeated.' },
    DriverTimeoutError: { cause: 'The key did not answer in time ({operation}).', whatToDo: "Unplug the key, plug it back in and press “Read again”. For a PIN action, check the tries left first; the app never retries by itself." },
    TokenInUseElsewhereError: { cause: 'The token is in use by another window: another tab or window of this app is running an operation on it (such as renewing a certificate or changing the PIN) and did not hand it over within a few seconds.', whatToDo: "Let that window finish (or close it), then click 'Look for the UKEY again'. There is no need to unplug the token." },
  },
});
