/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../shared/errors';

registerErrorTexts({
  'zh-CN': {
    TpduLinkError: { cause: '和 UKEY 的底层通信出错（{protocol}，{failure}）。', whatToDo: '拔下 UKEY 再插上，然后点“重新读取”。本应用不会自动重发含 PIN 的命令。' },
    AtrError: { cause: 'UKEY 的复位应答（ATR）无法解析。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
  },
  en: {
    TpduLinkError: { cause: 'Low-level communication with the key failed ({protocol}, {failure}).', whatToDo: 'Unplug the key, plug it back in and press “Read again”. The app never re-sends a command that carries a PIN.' },
    AtrError: { cause: "The token's answer-to-reset (ATR) could not be decoded.", whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
  },
});
