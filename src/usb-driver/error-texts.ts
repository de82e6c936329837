/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../shared/errors';

registerErrorTexts({
  'zh-CN': {
    CcidSequenceError: { cause: 'UKEY 的 USB 应答顺序错乱。', whatToDo: '拔下 UKEY 重新插入后再试。' },
    CcidCommandError: { cause: 'UKEY 的读卡器部分拒绝了命令。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时查看指南。' },
    UsbTransferError: { cause: '与 UKEY 的 USB 数据传输失败。', whatToDo: '拔下 UKEY 重新插入后再试，尽量不要使用 USB 集线器。' },
    ProtectedInterfaceError: { cause: '浏览器保护智能卡类 USB 接口，普通网页和已安装的网页应用无法访问这支 UKEY。', whatToDo: '只有 ChromeOS 上的隔离网页应用（Isolated Web App）、Chrome 应用或智能卡连接器能访问它；查看指南了解可用的浏览器和方式。' },
    AccessDeniedError: { cause: '另一个程序或驱动正在占用这支 UKEY，浏览器无法打开它。', whatToDo: '关闭 CA 的证书助手等程序；在 Windows 上需要为 UKEY 使用 WinUSB 驱动，见指南。' },
    DeviceBusyError: { cause: 'UKEY 正在执行另一个操作。', whatToDo: '等当前操作完成后再试。' },
    DeviceDisconnectedError: { cause: 'UKEY 在操作过程中被拔出或断开。', whatToDo: '重新插入 UKEY，然后再试一次。' },
    DeviceNotFoundError: { cause: '找不到已授权的 UKEY，可能没有插入。', whatToDo: '插入 UKEY；仍然找不到时重新添加。' },
    NoDeviceChosenError: { cause: '没有在浏览器的列表中选择设备。', whatToDo: '再点一次“选择 UKEY”按钮并选中它；列表中没有时勾选“显示所有 USB 设备”。' },
    CardAbsentError: { cause: '读卡器中没有卡，或 UKEY 没有响应。', whatToDo: '拔下 UKEY 重新插入后再试。' },
    CardMuteError: { cause: 'UKEY 的芯片没有应答。', whatToDo: '拔下 UKEY 重新插入；仍然无应答时 UKEY 可能损坏，见指南。' },
    CcidHardwareError: { cause: 'UKEY 报告了硬件错误。', whatToDo: '拔下 UKEY 重新插入；反复出现时 UKEY 可能损坏，见指南。' },
    CcidTimeoutError: { cause: 'UKEY 在规定时间内没有应答。', whatToDo: '拔下 UKEY 重新插入后再试。' },
    MalformedCcidError: { cause: 'UKEY 发来的 USB 数据格式不正确。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
    WebUsbUnavailableError: { cause: '这个浏览器不支持 WebUSB（或 WebHID），无法直接访问 UKEY。', whatToDo: '使用新版 Chrome 或 Edge 打开本应用，见指南。' },
  },
  en: {
    CcidSequenceError: { cause: "The token's USB answers arrived out of order.", whatToDo: 'Unplug and replug the token and try again.' },
    CcidCommandError: { cause: "The token's reader part refused the command.", whatToDo: 'Replug the token and try again; if it persists read the guide.' },
    UsbTransferError: { cause: 'A USB transfer to the token failed.', whatToDo: 'Replug the token and try again, preferably not through a USB hub.' },
    ProtectedInterfaceError: { cause: 'The browser protects smart-card USB interfaces: ordinary pages and installed web apps cannot reach this token.', whatToDo: 'Only Isolated Web Apps on ChromeOS, Chrome Apps or the Smart Card Connector can reach it; the guide lists the browsers and ways that work.' },
    AccessDeniedError: { cause: 'Another program or driver holds this token, so the browser cannot open it.', whatToDo: "Close the CA's certificate assistant and similar programs; on Windows the token needs the WinUSB driver, see the guide." },
    DeviceBusyError: { cause: 'The token is busy with another operation.', whatToDo: 'Wait for it to finish, then try again.' },
    DeviceDisconnectedError: { cause: 'The token was unplugged or disconnected during the operation.', whatToDo: 'Plug it in again and try once more.' },
    DeviceNotFoundError: { cause: 'The granted token was not found; it may be unplugged.', whatToDo: 'Plug it in; if it is still not found, pair it again.' },
    NoDeviceChosenError: { cause: "No device was chosen in the browser's list.", whatToDo: 'Press the pair button again and choose the token; if it is not listed tick "show all USB devices".' },
    CardAbsentError: { cause: 'No card in the reader, or the token does not answer.', whatToDo: 'Unplug and replug the token and try again.' },
    CardMuteError: { cause: "The token's chip did not answer.", whatToDo: 'Replug the token; if it stays silent it may be damaged, see the guide.' },
    CcidHardwareError: { cause: 'The token reported a hardware error.', whatToDo: 'Replug the token; if it repeats the token may be damaged, see the guide.' },
    CcidTimeoutError: { cause: 'The token did not answer in time.', whatToDo: 'Unplug and replug the token and try again.' },
    MalformedCcidError: { cause: 'The token sent malformed USB data.', whatToDo: 'Replug the token and try again; if it persists this model may not be supported yet.' },
    WebUsbUnavailableError: { cause: 'This browser has no WebUSB (or WebHID), so it cannot reach the token.', whatToDo: 'Open the app in a current Chrome or Edge; see the guide.' },
  },
});
