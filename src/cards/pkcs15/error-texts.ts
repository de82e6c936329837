/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    Pkcs15DataError: { cause: 'UKEY 里的证书目录（PKCS#15 文件）格式不正确，无法读出其中的证书和 PIN 信息。', whatToDo: '拔下 UKEY 重新插入后点“重新读取”；仍然失败时 UKEY 的数据可能已损坏，请联系 CA，并导出诊断信息。' },
    Pkcs15PinFormatError: { cause: '输入的 PIN 不符合这支 UKEY 自己的规则（{minLength}–{maxLength} 位）。PIN 没有发送给 UKEY，没有用掉尝试次数。', whatToDo: '按这个长度重新输入；超长的 PIN 不会被截断。' },
  },
  en: {
    Pkcs15DataError: { cause: "The key's certificate directory (its PKCS#15 files) is malformed, so its certificates and PIN details cannot be read.", whatToDo: 'Replug the key and press Read again; if it persists its data may be damaged: contact your CA and export the diagnostics.' },
    Pkcs15PinFormatError: { cause: "The PIN does not fit this key's own rule ({minLength}–{maxLength} characters). It was not sent, so no try was used.", whatToDo: 'Enter it again with that length; a long PIN is never cut short.' },
  },
});
