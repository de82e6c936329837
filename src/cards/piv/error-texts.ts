/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    PinFormatError: { cause: 'PIN 的长度或字符不符合 UKEY 的要求（6–8 位）。', whatToDo: '按页面上的 PIN 规则重新输入，超长的 PIN 不会被截断。' },
    PivAppNotFoundError: { cause: 'UKEY 里没有本应用能使用的 PIV 应用。', whatToDo: '这支 UKEY 可能使用厂商私有的命令集，目前还不被支持，请查看指南。' },
    ManagementKeyAuthError: { cause: 'UKEY 的管理密钥认证失败。', whatToDo: '确认管理密钥；不确定时不要反复尝试，联系 CA。' },
    PivDataError: { cause: 'UKEY 中的 PIV 数据对象格式不正确。', whatToDo: '重新读取；仍然失败时 UKEY 的数据可能已损坏，请联系 CA。' },
  },
  en: {
    PinFormatError: { cause: "The PIN's length or characters do not fit the token (6–8).", whatToDo: 'Enter it again following the PIN rule shown; a long PIN is never cut short.' },
    PivAppNotFoundError: { cause: 'The token has no PIV application this app can use.', whatToDo: "The token may use a vendor's own command set, not supported yet: read the guide." },
    ManagementKeyAuthError: { cause: "Authentication with the token's management key failed.", whatToDo: 'Check the management key; if unsure do not keep trying, contact your CA.' },
    PivDataError: { cause: 'A PIV data object on the token is malformed.', whatToDo: "Read it again; if it persists the token's data may be damaged, contact your CA." },
  },
});
