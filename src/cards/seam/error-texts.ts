/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    UnsupportedCardError: { cause: '这支 UKEY 里没有本应用能使用的应用（试过：{triedProfiles}）。', whatToDo: '这支 UKEY 可能使用厂商私有的命令集，目前还不被支持。请查看指南，暂时继续使用 CA 提供的工具。' },
  },
  en: {
    UnsupportedCardError: { cause: 'This key has no application this app can use (tried: {triedProfiles}).', whatToDo: "The key may use a vendor's own command set, not supported yet. Read the guide; keep using your CA's tool for now." },
  },
});
