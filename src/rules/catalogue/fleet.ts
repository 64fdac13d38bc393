import type { Rule } from './rule';

/** Fleets (`VmFleet`) */
export const FLEET_RULES: readonly Rule[] = [
  {
    id: 'fleet-eviction-strategy-conflict',
    summary: '`evictionStrategy: is <given>, which contradicts liveMigration (true by default), which sets LiveMigrate; drop evictionStrategy, or set liveMigration: false to allow <given>`<br>`evictionStrategy: is LiveMigrate, which contradicts liveMigration: false; drop liveMigration: false (the fleet then checks that its VMs can migrate), or choose LiveMigrateIfPossible`',
    source: 'library rule: `liveMigration` sets the eviction strategy; a different explicit value contradicts it',
    fix: 'Drop `evictionStrategy` or change `liveMigration`.',
  },
  {
    id: 'fleet-pool-secret-replicas',
    summary: '`cloudInit: is kept in a Secret, and a pool of <n> VMs would need one Secret per VM (at most 1000); put the cloud-init inline (no secrets in it), or use fewer replicas`',
    source: 'library rule: a pool reads one Secret per VM (`appendIndexToSecretRefs`, kubevirt PR #15868), and the library writes each of them',
    fix: 'Put the cloud-init inline, or use fewer replicas.',
  },
  {
    id: 'fleet-hostname-shared',
    summary: "`hostname: '<hostname>' would give every VM of the fleet the same hostname; drop it (each VM's hostname defaults to its name, <fleet>-<index>)`",
    source: 'library rule: every VM of the fleet would get the same hostname',
    fix: 'Drop `hostname`.',
  },
  {
    id: 'fleet-individual-replicas-max',
    summary: '`replicas: is <replicas>, but an individual fleet renders one VirtualMachine per replica, at most <MAX_INDIVIDUAL_VMS>; use strategy: FleetStrategy.pool() for larger fleets`',
    source: 'library rule: an individual fleet renders one VirtualMachine object per replica; beyond the cap the manifests become unwieldy',
    fix: 'Use `FleetStrategy.pool()`.',
  },
  {
    id: 'fleet-label-conflict',
    summary: "`<field>['<key>']: is '<given>', but the fleet sets it to its name '<value>' to select its VMs; drop the label or rename the fleet`",
    source: 'library rule: the fleet selects its VMs by a label set to its name; another value would break the selector',
    fix: 'Drop the label or rename the fleet.',
  },
  {
    id: 'fleet-name-from-id',
    summary: "`name: is not set, so the construct id '<id>' would be the fleet name, and it is not a DNS-1123 label (lower-case letters, digits and '-'); set name, e.g. name: '<…>'`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (the fleet names its VMs and pool after itself)',
    fix: 'Set `name`.',
  },
  {
    id: 'fleet-name-length',
    summary: "`name: '<name>' leaves no room for the index: VM '<lastVmName>' (<fleet>-<index>) is longer than 63 characters; shorten the fleet name to at most <…> characters`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (VM names `<fleet>-<index>`)',
    fix: 'Shorten the fleet name.',
  },
  {
    id: 'fleet-pool-data-volume-name-length',
    summary: "`disks: the pool names DataVolume '<indexed>' (<fleet>-<disk>-<index>), longer than 63 characters; shorten the fleet or disk name`",
    source: 'Kubernetes `IsDNS1123Label` (apimachinery `pkg/util/validation/validation.go`) (VirtualMachinePool names DataVolumes `<template>-<index>`)',
    fix: 'Shorten the fleet or disk name.',
  },
  {
    id: 'fleet-pool-replicas-int32',
    summary: '`replicas: must be at most <INT32_MAX> (VirtualMachinePool spec.replicas is an int32), got <replicas>`',
    source: 'VirtualMachinePool CRD (`spec.replicas` is int32)',
    fix: 'Use at most 2147483647 replicas.',
  },
  {
    id: 'fleet-replicas-invalid',
    summary: '`replicas: must be a whole number >= 0, got <replicas>; set e.g. replicas: 3`',
    source: 'VirtualMachinePool `spec.replicas` (int32, minimum 0)',
    fix: 'Give a whole number >= 0.',
  },
  {
    id: 'fleet-service-name',
    summary: "`expose.name: '<name>' is not a Service name (DNS-1035 label: at most 63 lower-case letters, digits and '-', starting with a letter); set name, e.g. name: 'web-svc'`",
    source: 'Kubernetes `IsDNS1035Label` (Service names, `ValidateServiceName`)',
    fix: 'Use a DNS-1035 label, e.g. `web-svc`.',
  },
  {
    id: 'fleet-service-name-unique',
    summary: "`expose.name: the fleet already exposes a Service named '<name>'; give this one another name`",
    source: 'Kubernetes object names are unique per kind and namespace',
    fix: 'Give the Service another name.',
  },
  {
    id: 'fleet-service-needs-pod-network',
    summary: "`expose: the fleet's VMs have no pod network, so a Service cannot reach them; add Network.pod() to networks`",
    source: 'library rule: a Service reaches VMs through their pod network endpoints',
    fix: 'Add `Network.pod()`.',
  },
  {
    id: 'fleet-service-type',
    summary: "`expose.type: '<type>' cannot select the fleet's VMs; use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER`",
    source: 'library rule: ExternalName Services select no pods',
    fix: 'Use ClusterIP, NodePort or LoadBalancer.',
  },
  {
    id: 'fleet-strategy-type',
    summary: '`strategy: must be FleetStrategy.individual() or FleetStrategy.pool()`',
    source: 'library rule (the TypeScript type; guards JavaScript and jsii callers)',
    fix: 'Use `FleetStrategy.individual()` or `FleetStrategy.pool()`.',
  },
];
