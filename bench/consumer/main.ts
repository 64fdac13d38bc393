// A minimal consumer app for the type-check figure of `npm run bench`: one workspace and one VM,
// importing the built package by name as a user's app does.
import { App, Chart, Size } from 'cdk8s';
import { DataVolumeSource, Disk, TenantWorkspace, VmResources } from 'cdk8s-kubevirt';

const app = new App();
const chart = new Chart(app, 'tenant');
const workspace = new TenantWorkspace(chart, 'acme', { subnets: [{ name: 'default', cidrBlock: '10.0.0.0/24' }] });
workspace.addVirtualMachine('vm', {
  resources: VmResources.guest({ memory: Size.gibibytes(2) }),
  disks: [Disk.dataVolume('root', { source: DataVolumeSource.registry('quay.io/containerdisks/ubuntu:24.04'), size: Size.gibibytes(10) })],
});
app.synth();
