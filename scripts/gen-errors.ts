/**
 * Generates docs/errors.md from the rule catalogue (src/rules/catalogue). Run `npx projen docs:errors`
 * after changing a rule; test/rules/errors-doc.test.ts fails while the committed file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { constructOnlyReason, RETIRED_IDS, type Rule, RULE_AREAS, RULES, UNREPRESENTABLE } from '../src/rules/catalogue';

export const ERRORS_DOC = path.join(__dirname, '..', 'docs', 'errors.md');

const INTRO = `# Error catalogue

<!-- Generated from src/rules/catalogue by \`npx projen docs:errors\` (scripts/gen-errors.ts). Do not edit by hand. -->

Every rule the library enforces has a stable id. A construct that gets input KubeVirt, CDI,
Kube-OVN, Kubernetes or Cluster API would reject (or that would silently misbehave) throws a
\`ValidationError\` whose message reads

\`\`\`
<construct path>: <field>: <what was given, what is expected, the fix> [<rule id>]
\`\`\`

for example

\`\`\`
app/web/vm: disks[0]: disk 'root': live migration needs ReadWriteMany storage; got accessModes ReadWriteOnce. ... [vm-live-migration-rwx]
\`\`\`

- **The id** is the bracketed suffix. Look it up below: each entry links to itself
  (\`docs/errors.md#<id>\`).
- **In code**, \`Errors.isValidationError(e)\` tells the library's errors from bugs and
  \`Errors.ruleOf(e)\` returns the id (\`undefined\` for anything else):

  \`\`\`ts
  try {
    new VirtualMachine(chart, 'web', props);
  } catch (e) {
    if (Errors.ruleOf(e) === 'vm-live-migration-rwx') { /* ... */ }
    throw e;
  }
  \`\`\`

- **At synth.** Rules that need the whole app (CIDR overlaps across workspaces, GPUs against
  quotas, clone permissions) run through \`node.addValidation\`; cdk8s collects their messages into
  one \`Validation failed\` error, one line per problem: \`[<construct path>] <field>: <message> [<rule id>]\`.
  \`Errors.ruleOf(e)\` returns the id of its first line and \`Errors.rulesOf(e)\` the ids of all lines.
- **At admission.** Rules marked "**admission**" are also enforced on the cluster by the
  ValidatingAdmissionPolicy named in the row, which \`PlatformGuardrails\` emits, for objects tenants
  create by hand (kubectl, a UI, their own GitOps); the policy's messages end with the same \`[<rule id>]\`.
- **On manifests.** \`npx cdk8s-kubevirt validate <files...>\` runs the manifest-level check of every
  rule marked "\`validate\`" below, under the same id, on synthesized or hand-written YAML. Rules marked
  "construct only" say why a manifest cannot be checked for them.
- **Sources.** "Upstream source" names the webhook, validator, CRD field or documented API rule the
  check mirrors, so the library fails at synth with the fix instead of the cluster failing at
  apply time (or later, with a VM stuck Pending). "library rule" marks our own policy, with the
  reason; "the TypeScript type" marks checks that only guard JavaScript and jsii callers who pass
  a value of the wrong type. Where a row names no tag, the file is that of the release pinned in
  \`crds/lock.json\`: KubeVirt v1.9.0, CDI v1.66.0, Kube-OVN v1.16.2, Cluster API v1.13.5, CAPK
  v0.11.2; Kubernetes rules are those of apimachinery and \`pkg/apis/core/validation\` for 1.34.
- Messages below are templates: \`<name>\` stands for a value filled in at run time, \`<…>\` for a
  computed text. Messages that depend on the case are separated by \`<br>\`.
- An id never changes meaning; a retired rule's id is not reused ([Retired ids](#retired-ids)).
- \`test/rules/error-catalogue.test.ts\` keeps the catalogue honest: every id thrown in \`src/\` is
  catalogued, every catalogued id is thrown or checked, and each has a test that triggers it.
`;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const slug = (title: string) => title.toLowerCase().replace(/[`()]/g, '').replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-');

function checkedCell(rule: Rule): string {
  const admission = rule.admission ? `; **admission**: \`${rule.admission}\`` : '';
  if (rule.check) return (rule.checkScope ? `\`validate\`: ${rule.checkScope}` : '`validate`') + admission;
  if (rule.admission && rule.summary.startsWith('admission:')) return `admission only: \`${rule.admission}\` (\`PlatformGuardrails\`)`;
  return `construct only: ${constructOnlyReason(rule)}${admission}`;
}

/** docs/errors.md, as generated from the catalogue. */
export function renderErrorsDoc(): string {
  const out: string[] = [INTRO];
  const checked = RULES.filter((r) => r.check).length;
  const admitted = RULES.filter((r) => r.admission).length;
  out.push(`${RULES.length} rules: ${checked} also checked on manifests by \`validate\`, ${admitted} enforced at admission by \`PlatformGuardrails\`.\n`);
  out.push(RULE_AREAS.map((a) => `- [${a.title.replace(/`/g, '')}](#${slug(a.title)}) (${a.rules.length})`).join('\n') + '\n');
  for (const area of RULE_AREAS) {
    out.push(`## ${area.title}\n`);
    out.push('| Id | Rule (the message as thrown, after `<construct path>: `) | Upstream source | Fix | Checked on manifests |');
    out.push('|---|---|---|---|---|');
    for (const r of area.rules) {
      out.push(`| <a id="${r.id}"></a>\`${r.id}\` | ${cell(r.summary)} | ${cell(r.source)} | ${cell(r.fix)} | ${cell(checkedCell(r))} |`);
    }
    out.push('');
  }
  out.push('## Retired ids\n');
  out.push('Ids merged into another rule, or whose bad input the types now make unrepresentable. They are never reused.\n');
  out.push('| Retired id | Now |');
  out.push('|---|---|');
  for (const [id, now] of Object.entries(RETIRED_IDS)) out.push(`| <a id="${id}"></a>\`${id}\` | ${describeRetired(now)} |`);
  return out.join('\n') + '\n';
}

/** A merged id links to the rules that replaced it; an unrepresentable one says why. */
function describeRetired(now: string): string {
  if (now.startsWith(UNREPRESENTABLE)) return now.slice(UNREPRESENTABLE.length).trim();
  return now.split(/, | and /).map((n) => `[\`${n}\`](#${n})`).join(', ');
}

if (require.main === module) {
  fs.writeFileSync(ERRORS_DOC, renderErrorsDoc());
  process.stdout.write(`wrote ${path.relative(process.cwd(), ERRORS_DOC)} (${RULES.length} rules)\n`);
}
