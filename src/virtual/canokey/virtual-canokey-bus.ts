/** The bus of virtual CanoKeys: the virtual devices' one bus (plug/unplug, WebUSB filters, connect/disconnect events). */
import { VirtualUsbBus } from '../virtual-token/virtual-usb-bus';
import type { VirtualCanoKey } from './virtual-canokey';

export class VirtualCanoKeyBus extends VirtualUsbBus<VirtualCanoKey> {}
