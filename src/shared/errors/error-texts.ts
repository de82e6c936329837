/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from './error-text-registry';

registerErrorTexts({
  'zh-CN': {
    NotSupportedError: { cause: '不支持的功能：{feature}。', whatToDo: '查看指南了解哪些 UKEY 和浏览器可以使用。' },
    CorruptRecordError: { cause: '本地保存的一条记录已损坏，已被忽略。', whatToDo: '无需操作：插入 UKEY 后会重新读取。' },
  },
  en: {
    NotSupportedError: { cause: 'Not supported: {feature}.', whatToDo: 'Read the guide on which tokens and browsers work.' },
    CorruptRecordError: { cause: 'A saved record was damaged and was skipped.', whatToDo: 'Nothing to do: it is read again from the token when plugged in.' },
  },
});
