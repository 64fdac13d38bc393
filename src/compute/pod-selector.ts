import * as kplus from 'cdk8s-plus-28';

/**
 * The cdk8s-plus-28 pod selector of VMs: KubeVirt copies the VMI template's labels onto the
 * virt-launcher pod (pkg/virt-controller/services/template.go), so a label selector on the template
 * labels selects the pods that carry the VMs' traffic. Used by `kplus.Service.select()` and as a
 * `kplus.NetworkPolicy` peer.
 */
export function podSelectorConfig(labels: { [key: string]: string }, namespace: string | undefined): kplus.PodSelectorConfig {
  return {
    labelSelector: kplus.LabelSelector.of({ labels: { ...labels } }),
    namespaces: namespace ? { names: [namespace] } : undefined,
  };
}
