/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    DescriptorParseError: { cause: 'UKEY 的 USB 描述符格式不正确，无法判断它的接口类型。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
  },
  en: {
    DescriptorParseError: { cause: "The token's USB descriptor is malformed, so its interface type cannot be told.", whatToDo: 'This token model may not be supported yet: read the guide.' },
  },
});
