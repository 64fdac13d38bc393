import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TENANT_LABEL } from './private/objects';
import { WorkspaceMigrationTuning } from './workspace-access';
import { clusterScoped, compact } from '../private/objects';
import { durationToSeconds, sizeToQuantity } from '../private/quantity';
import { ValidationError } from '../rules/validation-error';

/**
 * The workspace's live-migration tuning: a cluster-scoped `MigrationPolicy` `<tenant>`
 * (migrations.kubevirt.io/v1alpha1) selecting the namespace by its `tenant` label.
 */
export function addMigrationPolicy(scope: Construct, tenant: string, tuning: WorkspaceMigrationTuning): void {
  const timeout = durationToSeconds(scope, 'migration.completionTimeoutPerGiB', tuning.completionTimeoutPerGiB, 1);
  const spec = compact({
    allowAutoConverge: tuning.allowAutoConverge,
    allowPostCopy: tuning.allowPostCopy,
    bandwidthPerMigration: tuning.bandwidthPerMigration
      ? sizeToQuantity(scope, 'migration.bandwidthPerMigration', tuning.bandwidthPerMigration)
      : undefined,
    completionTimeoutPerGiB: timeout,
  });
  if (Object.keys(spec).length === 0) {
    throw new ValidationError(scope, 'migration', 'sets no tuning; set bandwidthPerMigration, allowAutoConverge, allowPostCopy or completionTimeoutPerGiB, or drop migration', 'workspace-migration-empty');
  }
  clusterScoped(new ApiObject(scope, 'MigrationPolicy', {
    apiVersion: 'migrations.kubevirt.io/v1alpha1',
    kind: 'MigrationPolicy',
    metadata: { name: tenant, labels: { [TENANT_LABEL]: tenant } },
    spec: { ...spec, selectors: { namespaceSelector: { [TENANT_LABEL]: tenant } } },
  }));
}
