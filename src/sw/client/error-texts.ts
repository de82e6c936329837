/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    OutboxUnavailableError: { cause: '离线发送队列没有接收这个请求：本页面没有经过应用的后台服务打开（例如强制刷新）。', whatToDo: '正常刷新页面（不要按 Shift）后再继续；请求还没有发出，UKEY 上的证书不受影响。' },
  },
  en: {
    OutboxUnavailableError: { cause: 'The offline send queue did not take the request: this page was not opened through the app’s background service (for example a forced reload).', whatToDo: 'Reload the page normally (without Shift), then continue. Nothing was sent; the certificates on the UKEY are unchanged.' },
  },
});
