// The product brief's VM: an Ubuntu 22.04 web server on a 20 GiB DataVolume, configured by cloud-init.
// Reproduces ../shared/acceptance/seed-ubuntu-web-server.yaml.
import { App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { CloudInit, DataVolumeSource, Disk, UserData, VirtualMachine, VmResources } from 'cdk8s-kubevirt';

export class UbuntuWebServerChart extends Chart {
  public readonly vm: VirtualMachine;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    this.vm = new VirtualMachine(this, 'ubuntu-web-server', {
      labels: { app: 'web', env: 'production' },
      templateLabels: { app: 'web' },
      resources: VmResources.guest({ cpu: { cores: 2 }, memory: Size.gibibytes(4) }),
      disks: [
        Disk.dataVolume('rootdisk', {
          source: DataVolumeSource.http('https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img'),
          size: Size.gibibytes(20),
        }),
      ],
      cloudInit: CloudInit.noCloud({
        userData: UserData.cloudConfig({
          hostname: 'ubuntu-web-server',
          sshAuthorizedKeys: ['ssh-rsa AAAA...your-public-key'],
          packages: ['nginx', 'qemu-guest-agent'],
          runcmd: ['systemctl enable --now nginx', 'systemctl enable --now qemu-guest-agent'],
        }),
      }),
      terminationGracePeriod: Duration.seconds(180),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new UbuntuWebServerChart(app, 'ubuntu-web-server');
  app.synth();
}
