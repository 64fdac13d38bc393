/**
 * NVIDIA vGPU type ids and the mdev type names they carry, where an upstream source states them.
 * The id is the directory under `/sys/class/mdev_bus/<gpu>/mdev_supported_types/` (what
 * `mediatedDevicesConfiguration.mediatedDeviceTypes` lists), the name is that directory's `name`
 * file (what `permittedHostDevices.mediatedDevices[].mdevNameSelector` matches, KubeVirt v1.9.0
 * `pkg/virt-handler/device-manager/mediated_device.go`). Ids come from the NVIDIA driver's
 * `vgpuConfig.xml` and are stable across its releases for a GPU, but only the ones below are known
 * to the library; others are taken as given.
 *
 * Sources: KubeVirt v1.9.0 `pkg/virt-handler/device-manager/mediated_devices_types_test.go`
 * (nvidia-222 "GRID T4-1B", nvidia-223 "GRID T4-2B", nvidia-224 "GRID T4-2B4", nvidia-228
 * "GRID T4-8A", nvidia-229 "GRID T4-16A"); the Tesla T4 table of the NVIDIA 510.47.03 vGPU driver's
 * `vgpuConfig.xml` (as published in the vgpu_unlock community wiki, "vGPU Types"), which agrees on
 * 228/229 and gives nvidia-226..227 (T4-2A, T4-4A) and nvidia-230..234 (T4-1Q .. T4-16Q).
 */
export const KNOWN_MDEV_TYPES: { readonly [typeId: string]: string } = Object.freeze({
  'nvidia-222': 'GRID T4-1B',
  'nvidia-223': 'GRID T4-2B',
  'nvidia-224': 'GRID T4-2B4',
  'nvidia-226': 'GRID T4-2A',
  'nvidia-227': 'GRID T4-4A',
  'nvidia-228': 'GRID T4-8A',
  'nvidia-229': 'GRID T4-16A',
  'nvidia-230': 'GRID T4-1Q',
  'nvidia-231': 'GRID T4-2Q',
  'nvidia-232': 'GRID T4-4Q',
  'nvidia-233': 'GRID T4-8Q',
  'nvidia-234': 'GRID T4-16Q',
});

/** The known type id whose name is `mdevName`, if any. */
export function knownTypeIdFor(mdevName: string): string | undefined {
  return Object.keys(KNOWN_MDEV_TYPES).find((id) => KNOWN_MDEV_TYPES[id] === mdevName);
}
