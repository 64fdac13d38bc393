/**
 * Where a group of identical VMs (a VmFleet, a TenantK8sCluster's control plane or node pool)
 * runs: spread across bare-metal hosts and steered by node labels.
 */
export interface PlacementOptions {
  /**
   * Spread the VMs across these topology keys: one constraint per key, `maxSkew: 1`, selecting
   * their fleet or node pool. Replaces the default; `[]` turns spreading off.
   * @default ['kubernetes.io/hostname']
   */
  readonly spreadAcross?: string[];
  /**
   * Make spreading a hard rule (`whenUnsatisfiable: DoNotSchedule`): a VM stays Pending rather
   * than share a topology domain unevenly.
   * @default false - ScheduleAnyway: spread when possible
   */
  readonly spreadRequired?: boolean;
  /** Schedule only on nodes that carry all these labels (required node affinity, `In`). @default - none */
  readonly requireNodeLabels?: { [key: string]: string };
  /** Prefer nodes that carry all these labels (preferred node affinity, weight 100). @default - none */
  readonly preferNodeLabels?: { [key: string]: string };
  /** Prefer nodes that carry none of these labels (preferred node affinity `NotIn`, weight 100). @default - none */
  readonly avoidNodeLabels?: { [key: string]: string };
  /**
   * Never schedule on nodes that carry any of these labels (required node affinity `NotIn`), e.g.
   * `{ 'node-role.example.com/database': 'true' }`.
   * @default - none
   */
  readonly forbidNodeLabels?: { [key: string]: string };
}
