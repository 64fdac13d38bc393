/** The NIC models KubeVirt accepts (`validInterfaceModels`, `pkg/network/admitter/netiface.go`, v1.9.0). */
export const INTERFACE_MODELS: readonly string[] = ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'];
