/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../shared/errors';

registerErrorTexts({
  'zh-CN': {
    StorageUnavailableError: { cause: '浏览器的本地存储（IndexedDB）不可用，数据不会被保存。', whatToDo: '不要使用无痕窗口；检查浏览器的存储设置，见指南。' },
    DatabaseBlockedError: { cause: '另一个打开着的 UKey 助手标签页（旧版本）正占用本地数据，本页无法读取或保存。', whatToDo: '关闭其他 UKey 助手标签页，然后重新加载本页。' },
    DatabaseUpgradedError: { cause: 'UKey 助手已在另一个标签页更新，本页的旧版本无法再读取本地数据。', whatToDo: '重新加载本页即可使用新版本。' },
  },
  en: {
    StorageUnavailableError: { cause: "The browser's local storage (IndexedDB) is unavailable: nothing will be saved.", whatToDo: 'Do not use a private window; check the browser storage settings, see the guide.' },
    DatabaseBlockedError: { cause: 'Another open UKey Assistant tab (an older version) is holding the saved data: this page cannot read or save it.', whatToDo: 'Close the other UKey Assistant tabs, then reload this page.' },
    DatabaseUpgradedError: { cause: 'UKey Assistant was updated in another tab: this older page can no longer read the saved data.', whatToDo: 'Reload this page to use the new version.' },
  },
});
