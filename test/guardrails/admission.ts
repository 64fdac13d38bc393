/**
 * A small ValidatingAdmissionPolicy evaluator for the tests: the CEL of each policy runs in
 * @marcbachmann/cel-js 8.0.0 with the Kubernetes CEL library functions the guardrails use
 * registered under their Kubernetes names (apiserver `pkg/cel/library/ip.go`, `cidr.go`), and the
 * admission flow of `k8s.io/apiserver/pkg/admission/plugin/policy/validating` reduced to what the
 * guardrails use: matchConstraints.resourceRules, the binding's namespaceSelector (matchExpressions
 * `In`), matchConditions, variables in order, validations with message / messageExpression.
 */
import { Address4, Address6 } from 'ip-address';

// The engine is ESM-only; jest transforms it (package.json jest.transform), so require works here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel = require('@marcbachmann/cel-js');

/**
 * Functions the policies may call: CEL's standard macros and functions, `ext.Strings` (1.29),
 * optional types (1.28) and the Kubernetes IP/CIDR library (1.30). A call to anything else fails
 * the test, so the evaluator and the API server stay in step.
 */
export const KUBERNETES_CEL_FUNCTIONS = new Set([
  'all', 'exists', 'exists_one', 'filter', 'map', 'has', 'size', 'matches', 'contains', 'startsWith', 'endsWith',
  'string', 'int', 'orValue', 'hasValue', 'lowerAscii', 'split', 'join', 'trim', 'isIP', 'cidr', 'containsIP',
]);

/** Names of the functions an expression calls (`name(` and `.name(`). */
export function calledFunctions(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  return [...withoutStrings.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((m) => m[1]);
}

class Cidr {
  constructor(readonly text: string) {}
}

function parseIp(text: string): Address4 | Address6 | undefined {
  try {
    return text.includes(':') ? new Address6(text) : new Address4(text);
  } catch {
    return undefined;
  }
}

/** The CEL environment of the tests. */
export function kubernetesEnvironment(): any {
  const env = new cel.Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: true });
  env.registerType('net.CIDR', Cidr);
  env.registerFunction('isIP(string): bool', (s: string) => !s.includes('/') && parseIp(s) !== undefined);
  env.registerFunction('cidr(string): net.CIDR', (s: string) => {
    if (!parseIp(s.split('/')[0]) || !s.includes('/')) throw new Error(`cidr: invalid CIDR ${s}`);
    return new Cidr(s);
  });
  env.registerFunction('net.CIDR.containsIP(string): bool', (c: Cidr, ip: string) => {
    const range = parseIp(c.text);
    const address = parseIp(ip);
    if (!range || !address) throw new Error(`containsIP: invalid address ${ip}`);
    return range.constructor === address.constructor && (address as any).isInSubnet(range);
  });
  return env;
}

export interface UserInfo {
  readonly username: string;
  readonly groups: string[];
}

export interface AdmissionRequest {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly object?: any;
  readonly oldObject?: any;
  readonly userInfo: UserInfo;
  /** The labels of the request's namespace (what the bindings' namespaceSelector reads). */
  readonly namespaceLabels: { [key: string]: string };
}

export interface Denial {
  readonly policy: string;
  readonly message: string;
}

/** Plural resource and group of the kinds the tests send. */
const RESOURCES: { [kind: string]: { group: string; resource: string } } = {
  Pod: { group: '', resource: 'pods' },
  VirtualMachine: { group: 'kubevirt.io', resource: 'virtualmachines' },
  VirtualMachineInstance: { group: 'kubevirt.io', resource: 'virtualmachineinstances' },
  VirtualMachineInstanceMigration: { group: 'kubevirt.io', resource: 'virtualmachineinstancemigrations' },
  VirtualMachinePool: { group: 'pool.kubevirt.io', resource: 'virtualmachinepools' },
  NetworkPolicy: { group: 'networking.k8s.io', resource: 'networkpolicies' },
};

/** Evaluates emitted policies and bindings against admission requests. */
export class Admission {
  private readonly env = kubernetesEnvironment();
  private readonly policies: any[];
  private readonly bindings: any[];

  constructor(manifests: readonly any[]) {
    this.policies = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicy');
    this.bindings = manifests.filter((m) => m.kind === 'ValidatingAdmissionPolicyBinding');
  }

  /** Every CEL expression of every policy, with where it is. */
  public expressions(): Array<{ where: string; expression: string }> {
    return this.policies.flatMap((p) => [
      ...(p.spec.matchConditions ?? []).map((c: any) => ({ where: `${p.metadata.name} matchConditions.${c.name}`, expression: c.expression })),
      ...(p.spec.variables ?? []).map((v: any) => ({ where: `${p.metadata.name} variables.${v.name}`, expression: v.expression })),
      ...(p.spec.validations ?? []).flatMap((v: any, i: number) => [
        { where: `${p.metadata.name} validations[${i}].expression`, expression: v.expression },
        ...(v.messageExpression ? [{ where: `${p.metadata.name} validations[${i}].messageExpression`, expression: v.messageExpression }] : []),
      ]),
    ]);
  }

  /** Compiles (parses and type-checks) an expression; throws with the engine's message. */
  public compile(expression: string): void {
    const result = this.env.check(expression);
    if (!result.valid) throw new Error(result.error?.message ?? 'invalid');
  }

  /** The denials of a request (empty: admitted). */
  public review(request: AdmissionRequest): Denial[] {
    const obj = request.object ?? request.oldObject;
    const kind = RESOURCES[obj.kind];
    if (!kind) return [];
    const namespace = obj.metadata.namespace;
    const req = {
      kind: { group: kind.group, version: String(obj.apiVersion).split('/').pop(), kind: obj.kind },
      resource: { group: kind.group, version: String(obj.apiVersion).split('/').pop(), resource: kind.resource },
      namespace,
      name: obj.metadata.name,
      operation: request.operation,
      userInfo: request.userInfo,
    };
    const denials: Denial[] = [];
    for (const policy of this.policies) {
      const binding = this.bindings.find((b) => b.spec.policyName === policy.metadata.name);
      if (!binding || !this.selects(binding, request.namespaceLabels)) continue;
      const matches = (policy.spec.matchConstraints.resourceRules as any[]).some((r) =>
        r.apiGroups.includes(kind.group) && r.resources.includes(kind.resource) && r.operations.includes(request.operation));
      if (!matches) continue;
      const context: any = { object: request.object ?? null, oldObject: request.oldObject ?? null, request: req, variables: {} };
      if (!(policy.spec.matchConditions ?? []).every((c: any) => this.env.evaluate(c.expression, context) === true)) continue;
      for (const v of policy.spec.variables ?? []) context.variables[v.name] = this.env.evaluate(v.expression, context);
      for (const v of policy.spec.validations ?? []) {
        if (this.env.evaluate(v.expression, context) === true) continue;
        const message = v.messageExpression ? this.env.evaluate(v.messageExpression, context) : v.message;
        denials.push({ policy: policy.metadata.name, message });
      }
    }
    return denials;
  }

  private selects(binding: any, labels: { [key: string]: string }): boolean {
    return (binding.spec.matchResources.namespaceSelector.matchExpressions as any[]).every((e) =>
      e.operator === 'In' ? e.key in labels && e.values.includes(labels[e.key]) : false);
  }
}
