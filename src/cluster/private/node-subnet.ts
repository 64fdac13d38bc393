import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Cidr, cidrsOverlap, parseCidr } from '../../private/cidr';
import { isDnsLabel } from '../../private/names';
import { clusterScoped } from '../../private/objects';
import { ValidationError } from '../../rules/validation-error';
import type { NodeSubnet } from '../cluster-options';

/** Kube-OVN's default VPC (kube-ovn v1.16.2 `pkg/util/const.go` `DefaultVpc`). */
export const KUBE_OVN_DEFAULT_VPC = 'ovn-cluster';
/** Kube-OVN's pod annotation that places a pod in a Subnet (`pkg/util/const.go` `LogicalSwitchAnnotation`). */
export const LOGICAL_SWITCH_ANNOTATION = 'ovn.kubernetes.io/logical_switch';
/** Kube-OVN's default `ovn-default` range (v1.16.2 `dist/images/install.sh` POD_CIDR), where the controllers' pods live by default. */
export const KUBE_OVN_DEFAULT_POD_CIDR = '10.16.0.0/16';

/** What the node subnet is rendered from. */
export interface NodeSubnetInput {
  readonly clusterName: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly options: NodeSubnet;
  /** The tenant cluster's own networks (pod, service), which the node addresses must not overlap. */
  readonly tenantNetworks: Array<{ readonly field: string; readonly cidr: Cidr }>;
}

/** The rendered node subnet. */
export interface RenderedNodeSubnet {
  readonly name: string;
  readonly cidr: Cidr;
  readonly subnet: ApiObject;
}

/**
 * The node VMs' Subnet in `ovn-cluster`, private, open to `allowSubnets` (see `NodeSubnet` for the
 * Kube-OVN source of every field).
 */
export function addNodeSubnet(scope: Construct, input: NodeSubnetInput): RenderedNodeSubnet {
  const options = input.options;
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(scope, 'nodeSubnet', `must be { cidrBlock: '10.100.0.0/24' }, got ${JSON.stringify(options)}`, 'cluster-node-subnet-cidr-required');
  }
  if (options.cidrBlock === undefined) {
    throw new ValidationError(scope, 'nodeSubnet.cidrBlock',
      'is required: a range of the default VPC ovn-cluster, free in Kube-OVN and outside podCidr and serviceCidr, e.g. \'10.100.0.0/24\'', 'cluster-node-subnet-cidr-required');
  }
  const cidr = parseCidr(scope, 'nodeSubnet.cidrBlock', options.cidrBlock, { forSubnet: true });
  for (const { field, cidr: other } of input.tenantNetworks) {
    if (cidrsOverlap(cidr, other)) {
      throw new ValidationError(scope, 'nodeSubnet.cidrBlock',
        `${cidr.text} overlaps ${field} ${other.text}; inside the tenant cluster, node addresses must not fall into its pod or Service network: choose another range`, 'cluster-node-subnet-overlap');
    }
  }
  const allow = options.allowSubnets ?? [KUBE_OVN_DEFAULT_POD_CIDR];
  if (!Array.isArray(allow) || allow.length === 0) {
    throw new ValidationError(scope, 'nodeSubnet.allowSubnets',
      `is ${JSON.stringify(allow)}, but the subnet is private: the Cluster API controllers could neither SSH to the nodes nor reach their API server; list the subnet their pods are in, e.g. ['${KUBE_OVN_DEFAULT_POD_CIDR}'] (ovn-default)`, 'cluster-node-subnet-allow-empty');
  }
  const allowed = allow.map((a, i) => {
    const c = parseCidr(scope, `nodeSubnet.allowSubnets[${i}]`, a);
    if (cidrsOverlap(c, cidr)) {
      throw new ValidationError(scope, `nodeSubnet.allowSubnets[${i}]`,
        `${c.text} overlaps the node subnet ${cidr.text}; both are subnets of ovn-cluster, and Kube-OVN refuses overlapping subnets of one VPC (pkg/util/validator.go ValidateCidrConflict): choose another cidrBlock`, 'cluster-node-subnet-overlap');
    }
    return c.text;
  });
  const name = options.name ?? `${input.namespace}-${input.clusterName}-nodes`;
  if (!isDnsLabel(name)) {
    throw new ValidationError(scope, 'nodeSubnet.name',
      `'${name}' is not a DNS-1123 label of at most 63 characters${options.name === undefined ? ' (<namespace>-<cluster>-nodes)' : ''}; set nodeSubnet.name to a shorter one`, 'cluster-node-subnet-name');
  }
  const subnet = clusterScoped(new ApiObject(scope, 'NodeSubnet', {
    apiVersion: 'kubeovn.io/v1',
    kind: 'Subnet',
    metadata: { name, labels: { ...input.labels } },
    spec: {
      vpc: KUBE_OVN_DEFAULT_VPC,
      cidrBlock: cidr.text,
      protocol: cidr.family,
      private: true,
      allowSubnets: allowed,
      natOutgoing: options.natOutgoing ?? true,
    },
  }));
  return { name, cidr, subnet };
}
