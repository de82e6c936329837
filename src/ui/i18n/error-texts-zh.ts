import type { GuideId } from '../../shared/errors/guide-ids';
import { UNLOCK_ERROR_TEXTS } from './unlock-texts';

/** Cause and what to do, as templates over the error's fields (`{attemptsRemaining}`, `{sw}`, `{feature}`). */
export interface ErrorText {
  readonly cause: string;
  readonly whatToDo: string;
}

/** zh-CN texts per error class name (driver, certificate layer, store). */
export const ERROR_TEXTS_ZH: Readonly<Record<string, ErrorText>> = {
  WrongPinError: { cause: 'PIN 不正确。还剩 {attemptsRemaining} 次尝试。', whatToDo: '仔细核对后再输入；本应用不会自动重试。忘记 PIN 时不要反复猜，先查看指南。' },
  PinBlockedError: { cause: 'PIN 输错次数过多，已被锁定。', whatToDo: '用 PUK（解锁码）解锁并设置新 PIN；没有 PUK 时请联系你的 CA 申请解锁。' },
  PinFormatError: { cause: 'PIN 的长度或字符不符合 UKEY 的要求（6–8 位）。', whatToDo: '按页面上的 PIN 规则重新输入，超长的 PIN 不会被截断。' },
  SecurityStatusNotSatisfiedError: { cause: 'UKEY 要求先验证 PIN 才能执行这个操作。', whatToDo: '先验证 PIN，再重试这个操作。' },
  ApduError: { cause: 'UKEY 拒绝了命令（状态字 {sw}）。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时查看指南并联系 CA。' },
  NotFoundError: { cause: 'UKEY 上没有找到请求的数据或应用。', whatToDo: '确认插入的是正确的 UKEY；证书缺失时查看指南。' },
  WrongLengthError: { cause: 'UKEY 不接受这个命令的长度（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
  ConditionsNotSatisfiedError: { cause: 'UKEY 当前状态不允许这个操作（状态字 {sw}）。', whatToDo: '重新插拔 UKEY 后再试；PIN 被锁定时先解锁。' },
  InsNotSupportedError: { cause: 'UKEY 不支持这个命令（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
  IncorrectDataError: { cause: 'UKEY 认为命令中的数据不正确（状态字 {sw}）。', whatToDo: '检查输入后再试；仍然失败时查看指南。' },
  MalformedApduError: { cause: '与 UKEY 交换的数据格式不正确。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
  TlvError: { cause: 'UKEY 返回的数据结构无法解析。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
  CmpDecodeError: { cause: 'CA 返回的证书更新应答无法读取（{what}）。', whatToDo: '请求没有完成，本应用不会当作成功处理。稍后再试；多次出现时请联系 CA 并导出诊断信息。' },
  CmpVerificationError: { cause: 'CA 的应答没有通过核对（{check}），可能不是你的 CA 发来的。', whatToDo: '新证书没有被安装，UKEY 上原来的证书照常可用。请稍后再试，或联系 CA。' },
  RenewalClosedError: { cause: '证书过期太久，超过了 CA 允许延期的期限，不能再在线延期。', whatToDo: '需要向 CA 重新申请证书；按指南准备材料。UKEY 上原来的证书不受影响。' },
  RenewalTokenMismatchError: { cause: '插着的不是开始延期的那支 UKEY。', whatToDo: '插回原来那支 UKEY（序列号见“我的 UKEY”），再继续延期。' },
  RenewalStateError: { cause: '现在不能继续证书延期。', whatToDo: 'UKEY 上原来的证书照常可用。请查看指南；仍不行时联系 CA，并导出诊断信息。' },
  RenewalCaUnknownError: { cause: '本应用还不知道签发这张证书的 CA 的在线延期服务，所以不能在这里延期。', whatToDo: 'UKEY 上原来的证书照常可用。请按 CA 自己的途径办理延期：用 CA 提供的助手程序、到 CA 网点，或拨打 CA 客服电话。' },
  RenewalNoFreeKeySlotError: { cause: '这支 UKEY 上找不到能确认是空的备用密钥位置。为了不覆盖旧的解密密钥，没有生成新密钥。', whatToDo: 'UKEY 上原来的证书照常可用。请联系 CA，按它的方式更新证书（例如带 UKEY 到 CA 网点办理）。' },
  UnlockCaUnknownError: { cause: '本应用不知道这支 UKEY 所属 CA 的在线解锁服务，所以不能在这里在线解锁。', whatToDo: '请按 CA 自己的方式解锁：联系 CA 客服或到 CA 网点，准备好办理时登记的联系人姓名和电话。' },
  OutboxUnavailableError: { cause: '离线发送队列没有接收这个请求：本页面没有经过应用的后台服务打开（例如强制刷新）。', whatToDo: '正常刷新页面（不要按 Shift）后再继续；请求还没有发出，UKEY 上的证书不受影响。' },
  CmpRejectedError: { cause: 'CA 拒绝了这次请求：{reason}', whatToDo: '按指南里 CA 的规则办理；证书过期太久时需要重新申请。' },
  SmartCardServiceError: { cause: '系统的智能卡服务出错（{responseCode}）。', whatToDo: '拔下 UKEY 再插上后重试；仍不行时重启电脑上的智能卡服务或重启设备。' },
  TpduLinkError: { cause: '和 UKEY 的底层通信出错（{protocol}，{failure}）。', whatToDo: '拔下 UKEY 再插上，然后点“重新读取”。本应用不会自动重发含 PIN 的命令。' },
  SignInCertificateChangedError: { cause: 'UKEY 上的证书和这个窗口列出的不一样了（它在别处被更新、重写过，或者换成了另一支 UKEY）。这次没有签名，PIN 也没有发给 UKEY。', whatToDo: '已经重新读取了 UKEY 上的证书，请在本窗口重新选择证书并输入 PIN。' },
  SignInRefusedError: { cause: '无法完成这次网站登录签名（{code}）。', whatToDo: '插好 UKEY 后回到网站重新点“使用 UKEY 登录”；仍不行时查看指南。' },
  UnsupportedCardError: { cause: '这支 UKEY 里没有本应用能使用的应用（试过：{triedProfiles}）。', whatToDo: '这支 UKEY 可能使用厂商私有的命令集，目前还不被支持。请查看指南，暂时继续使用 CA 提供的工具。' },
  DriverCrashedError: { cause: '负责和 UKEY 通信的后台任务意外停止，已经自动重启。', whatToDo: '刚才的操作没有完成，请重新操作一次。如果是 PIN 操作，请先看一下剩余次数再输入。' },
  JobLostError: { cause: '这一步在后台没有做完：负责和 UKEY 通信的后台任务重启了（例如页面刷新过），或者出了本应用自己的问题。', whatToDo: '已经做完的步骤都记下来了。插好 UKEY，在本页点“继续”并输入 PIN 接着做，不会重复已做的步骤。' },
  DriverTimeoutError: { cause: 'UKEY 在规定时间内没有响应（{operation}）。', whatToDo: '拔下 UKEY 再插上，然后点“重新读取”。如果是 PIN 操作，请先看一下剩余次数再输入，本应用不会自动重试。' },
  PivAppNotFoundError: { cause: 'UKEY 里没有本应用能使用的 PIV 应用。', whatToDo: '这支 UKEY 可能使用厂商私有的命令集，目前还不被支持，请查看指南。' },
  InvalidSlotError: { cause: '本应用请求了 UKEY 上不存在的证书位置。', whatToDo: '这是本应用的问题，请刷新页面后再试，并告诉技术支持。' },
  ManagementKeyAuthError: { cause: 'UKEY 的管理密钥认证失败。', whatToDo: '确认管理密钥；不确定时不要反复尝试，联系 CA。' },
  IncorrectParametersError: { cause: 'UKEY 不接受命令的参数（状态字 {sw}）。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
  HexFormatError: { cause: '输入的十六进制数据格式不正确。', whatToDo: '检查输入的内容后再试。' },
  PivDataError: { cause: 'UKEY 中的 PIV 数据对象格式不正确。', whatToDo: '重新读取；仍然失败时 UKEY 的数据可能已损坏，请联系 CA。' },
  Pkcs15DataError: { cause: 'UKEY 里的证书目录（PKCS#15 文件）格式不正确，无法读出其中的证书和 PIN 信息。', whatToDo: '拔下 UKEY 重新插入后点“重新读取”；仍然失败时 UKEY 的数据可能已损坏，请联系 CA，并导出诊断信息。' },
  Pkcs15PinFormatError: { cause: '输入的 PIN 不符合这支 UKEY 自己的规则（{minLength}–{maxLength} 位）。PIN 没有发送给 UKEY，没有用掉尝试次数。', whatToDo: '按这个长度重新输入；超长的 PIN 不会被截断。' },
  CcidSequenceError: { cause: 'UKEY 的 USB 应答顺序错乱。', whatToDo: '拔下 UKEY 重新插入后再试。' },
  CcidCommandError: { cause: 'UKEY 的读卡器部分拒绝了命令。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时查看指南。' },
  UsbTransferError: { cause: '与 UKEY 的 USB 数据传输失败。', whatToDo: '拔下 UKEY 重新插入后再试，尽量不要使用 USB 集线器。' },
  VirtualCardStatusError: { cause: '演示 UKEY 报告了一个错误（状态字 {sw}）。', whatToDo: '这是演示 UKEY：刷新页面重新开始演示。' },
  InvalidCardStateError: { cause: '演示 UKEY 保存的状态无效。', whatToDo: '刷新页面重新开始演示。' },
  DescriptorParseError: { cause: 'UKEY 的 USB 描述符格式不正确，无法判断它的接口类型。', whatToDo: '这支 UKEY 型号可能还不被支持，请查看指南。' },
  ProtectedInterfaceError: { cause: '浏览器保护智能卡类 USB 接口，普通网页和已安装的网页应用无法访问这支 UKEY。', whatToDo: '只有 ChromeOS 上的隔离网页应用（Isolated Web App）、Chrome 应用或智能卡连接器能访问它；查看指南了解可用的浏览器和方式。' },
  AccessDeniedError: { cause: '另一个程序或驱动正在占用这支 UKEY，浏览器无法打开它。', whatToDo: '关闭 CA 的证书助手等程序；在 Windows 上需要为 UKEY 使用 WinUSB 驱动，见指南。' },
  DeviceBusyError: { cause: 'UKEY 正在执行另一个操作。', whatToDo: '等当前操作完成后再试。' },
  TokenInUseElsewhereError: { cause: 'UKEY 正被另一个窗口使用：本应用的另一个标签页或窗口正在用它做一项操作（例如更新证书或修改 PIN），没能在几秒内交出来。', whatToDo: '等那个窗口里的操作完成（或关闭那个窗口），再点“重新查找 UKEY”。不需要拔下 UKEY。' },
  CanoKeyBusyError: { cause: '这支 UKEY 正被其他程序使用（例如电脑上的证书或密码管理程序，或另一个浏览器窗口）。', whatToDo: '关闭正在使用它的程序或窗口，等两三秒后再试；仍然不行就拔下 UKEY 重新插入。' },
  CanoKeyTimeoutError: { cause: '这支 UKEY 在 {seconds} 秒内没有给出结果。', whatToDo: '拔下 UKEY 重新插入后再试一次；总是这样时，在“诊断”里导出报告交给客服。' },
  CanoKeyProtocolError: { cause: '这支 UKEY 没有按约定的方式回答（{detail}）。', whatToDo: '拔下 UKEY 重新插入后再试；仍然失败时请更新它的固件，或导出诊断报告交给客服。' },
  CanoKeySecurityResetError: { cause: '放开这支 UKEY 时，没能让它忘掉刚才输入的 PIN 和管理密钥（{detail}），下一个使用它的程序可能不用 PIN 就能用它签名。', whatToDo: '请马上把 UKEY 拔下再插上（断电后它会忘掉 PIN），然后再继续使用。' },
  DeviceDisconnectedError: { cause: 'UKEY 在操作过程中被拔出或断开。', whatToDo: '重新插入 UKEY，然后再试一次。' },
  DeviceNotFoundError: { cause: '找不到已授权的 UKEY，可能没有插入。', whatToDo: '插入 UKEY；仍然找不到时重新添加。' },
  NoDeviceChosenError: { cause: '没有在浏览器的列表中选择设备。', whatToDo: '再点一次“选择 UKEY”按钮并选中它；列表中没有时勾选“显示所有 USB 设备”。' },
  CardAbsentError: { cause: '读卡器中没有卡，或 UKEY 没有响应。', whatToDo: '拔下 UKEY 重新插入后再试。' },
  CardMuteError: { cause: 'UKEY 的芯片没有应答。', whatToDo: '拔下 UKEY 重新插入；仍然无应答时 UKEY 可能损坏，见指南。' },
  CcidHardwareError: { cause: 'UKEY 报告了硬件错误。', whatToDo: '拔下 UKEY 重新插入；反复出现时 UKEY 可能损坏，见指南。' },
  CcidTimeoutError: { cause: 'UKEY 在规定时间内没有应答。', whatToDo: '拔下 UKEY 重新插入后再试。' },
  MalformedCcidError: { cause: 'UKEY 发来的 USB 数据格式不正确。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
  AtrError: { cause: 'UKEY 的复位应答（ATR）无法解析。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时这个型号可能还不被支持。' },
  WebUsbUnavailableError: { cause: '这个浏览器不支持 WebUSB（或 WebHID），无法直接访问 UKEY。', whatToDo: '使用新版 Chrome 或 Edge 打开本应用，见指南。' },
  NotSupportedError: { cause: '不支持的功能：{feature}。', whatToDo: '查看指南了解哪些 UKEY 和浏览器可以使用。' },
  CertificateParseError: { cause: 'UKEY 中的证书无法解析。', whatToDo: '重新读取；仍然失败时证书可能损坏，请联系 CA。' },
  CertificateUntrustedError: { cause: '无法确认证书的颁发机构是否可信。', whatToDo: '导入 CA 证书，或联系 CA 确认。' },
  UnsupportedAlgorithmError: { cause: '证书使用了本应用还不支持的算法。', whatToDo: '证书本身可能没有问题；查看指南，或联系 CA 确认。' },
  CaImportError: {
    cause: '所选文件不能作为 CA 证书导入：文件无法解析，或其中只有个人（终端实体）证书。',
    whatToDo: '请选择 CA 提供的根证书或中级 CA 证书文件（.cer .crt .pem .der .p7b）；已导入的证书不受影响。',
  },
  CertificateFileError: {
    cause: '所选文件或粘贴的文字里没有这支 UKEY 的证书：文件无法读取（可能是私钥文件、损坏的文件或不完整的粘贴），或其中只有 CA 的根证书、中级证书。',
    whatToDo: '按指南从 CA 的证书助手或 Windows 证书管理器导出 UKEY 里的证书（.cer .crt .pem .der .p7b），再选择该文件或粘贴全部文字。',
  },
  CrlError: { cause: '证书吊销列表（CRL）无法读取或验证。', whatToDo: '联网后重新检查；吊销状态暂时未知。' },
  StorageUnavailableError: { cause: '浏览器的本地存储（IndexedDB）不可用，数据不会被保存。', whatToDo: '不要使用无痕窗口；检查浏览器的存储设置，见指南。' },
  CorruptRecordError: { cause: '本地保存的一条记录已损坏，已被忽略。', whatToDo: '无需操作：插入 UKEY 后会重新读取。' },
  DatabaseBlockedError: { cause: '另一个打开着的 UKey 助手标签页（旧版本）正占用本地数据，本页无法读取或保存。', whatToDo: '关闭其他 UKey 助手标签页，然后重新加载本页。' },
  DatabaseUpgradedError: { cause: 'UKey 助手已在另一个标签页更新，本页的旧版本无法再读取本地数据。', whatToDo: '重新加载本页即可使用新版本。' },
  // 通过 CA 解锁 (issue 10 §4): kept beside the unlock screen's texts.
  ...UNLOCK_ERROR_TEXTS['zh-CN'],
};

/** zh-CN fallback per guide: used for an error class without its own text, so nothing is a bare "failed". */
export const GUIDE_FALLBACK_ZH: Readonly<Partial<Record<GuideId, ErrorText>>> = {
  'card-error': { cause: 'UKEY 报告了一个错误。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时查看指南。' },
  'token-unsupported': { cause: '这支 UKEY 或浏览器还不支持这个功能。', whatToDo: '查看指南了解可用的 UKEY 和浏览器。' },
  'certificate-unreadable': { cause: '证书无法读取或解析。', whatToDo: '重新读取；仍然失败时联系 CA。' },
  'certificate-untrusted': { cause: '无法确认证书的颁发机构。', whatToDo: '导入 CA 证书，或联系 CA。' },
  'revocation-unknown': { cause: '证书的吊销状态暂时未知。', whatToDo: '联网后重新检查。' },
  'storage-problem': { cause: '本地存储出现问题。', whatToDo: '查看指南检查浏览器的存储设置。' },
};

export const GENERIC_ZH: ErrorText = {
  cause: '出现了一个意外的问题（{name}）。',
  whatToDo: '重新插拔 UKEY、刷新页面后再试；仍然失败时查看指南，并把这段说明告诉技术支持。',
};
