/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    SmartCardServiceError: { cause: '系统的智能卡服务出错（{responseCode}）。', whatToDo: '拔下 UKEY 再插上后重试；仍不行时重启电脑上的智能卡服务或重启设备。' },
  },
  en: {
    SmartCardServiceError: { cause: 'The system’s smart card service failed ({responseCode}).', whatToDo: 'Unplug the key, plug it back in and try again; if that fails, restart the smart card service or the device.' },
  },
});
