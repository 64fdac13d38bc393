// A lab VM: containerDisk root, an instancetype, UEFI Secure Boot, a Multus secondary network,
// and cloud-init carrying a password hash (so it goes to a Secret, never inline).
import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CloudInit, Disk, DiskBus, Firmware, Instancetype, InterfaceBinding, Network, Preference,
  UserData, VirtualMachine, multus,
  VmResources,
} from 'cdk8s-kubevirt';

export class LabVmChart extends Chart {
  public readonly vm: VirtualMachine;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'lab', ...props });

    // The secondary network the VM joins: a Linux bridge on the nodes (escape hatch to the Multus binding).
    new multus.NetworkAttachmentDefinition(this, 'storage-net', {
      metadata: { name: 'storage-net' },
      spec: {
        config: JSON.stringify({ cniVersion: '0.3.1', name: 'storage-net', type: 'bridge', bridge: 'br-storage', ipam: {} }),
      },
    });

    this.vm = new VirtualMachine(this, 'fedora-lab', {
      labels: { app: 'lab' },
      resources: VmResources.instancetype(Instancetype.cluster('u1.medium')),
      preference: Preference.cluster('fedora'),
      firmware: Firmware.efi(),
      disks: [
        Disk.containerDisk('rootdisk', 'quay.io/containerdisks/fedora:41'),
        Disk.emptyDisk('scratch', Size.gibibytes(10), { bus: DiskBus.SCSI }),
      ],
      networks: [
        Network.pod(),
        Network.multus('storage', 'lab/storage-net', { binding: InterfaceBinding.bridge() }),
      ],
      cloudInit: CloudInit.noCloud({
        userData: UserData.cloudConfig({
          users: [{
            name: 'lab',
            sudo: 'ALL=(ALL) NOPASSWD:ALL',
            lockPasswd: false,
            hashedPasswd: '$6$rounds=4096$saltsalt$replace.with.a.real.sha512.crypt.hash',
            sshAuthorizedKeys: ['ssh-ed25519 AAAA...lab-key'],
          }],
          packages: ['qemu-guest-agent'],
          runcmd: ['systemctl enable --now qemu-guest-agent'],
        }),
      }),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new LabVmChart(app, 'lab-vm');
  app.synth();
}
