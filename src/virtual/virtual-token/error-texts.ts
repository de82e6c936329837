/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    VirtualCardStatusError: { cause: '演示 UKEY 报告了一个错误（状态字 {sw}）。', whatToDo: '这是演示 UKEY：刷新页面重新开始演示。' },
    InvalidCardStateError: { cause: '演示 UKEY 保存的状态无效。', whatToDo: '刷新页面重新开始演示。' },
  },
  en: {
    VirtualCardStatusError: { cause: 'The demo token reported an error (status word {sw}).', whatToDo: 'This is the demo token: reload the page to start the demo again.' },
    InvalidCardStateError: { cause: "The demo token's saved state is invalid.", whatToDo: 'Reload the page to start the demo again.' },
  },
});
