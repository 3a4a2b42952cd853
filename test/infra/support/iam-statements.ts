/**
 * Reads IAM statements out of a synthesized template (the JSON of `Template.toJSON()`), so tests can check
 * grants action by action and resource by resource, whatever way CDK merged the statements.
 */

type Json = unknown;
type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;

export interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: Json;
  readonly NotResource?: Json;
}

export interface PolicyStatement {
  /** Logical id of the policy (or of the role holding it inline). */
  readonly policy: string;
  readonly roles: Json[];
  readonly statement: Statement;
}

/** Tables and buckets: no grant on them may use a wildcard action. */
export const DATA_RESOURCE_TYPES = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket'];
const DATA_SERVICES = ['dynamodb', 's3'];

export function templateResources(template: Json): Resources {
  return ((template as { Resources?: Resources }).Resources ?? {}) as Resources;
}

/** Every statement of every identity policy: AWS::IAM::Policy, managed policies, and roles' inline policies. */
export function identityStatements(template: Json): PolicyStatement[] {
  const found: PolicyStatement[] = [];
  for (const [logicalId, resource] of Object.entries(templateResources(template))) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = asArray(props.Roles);
      for (const statement of statementsOf(props.PolicyDocument)) {
        found.push({ policy: logicalId, roles, statement });
      }
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of asArray(props.Policies) as { PolicyDocument?: Json }[]) {
        for (const statement of statementsOf(inline.PolicyDocument)) {
          found.push({ policy: logicalId, roles: [{ Ref: logicalId }], statement });
        }
      }
    }
  }
  return found;
}

export interface WildcardGrant {
  readonly policy: string;
  readonly action: string;
  readonly resource: Json;
}

/**
 * Allow statements that give a wildcard action (`s3:GetObject*`, `dynamodb:*`, `*`) on a table or a bucket of
 * the template, or on `*` for a data service. `NotAction` is reported too: it allows everything it does not list.
 */
export function findWildcardGrants(template: Json): WildcardGrant[] {
  const dataIds = new Set(
    Object.entries(templateResources(template))
      .filter(([, resource]) => DATA_RESOURCE_TYPES.includes(resource.Type))
      .map(([logicalId]) => logicalId),
  );
  const findings: WildcardGrant[] = [];
  for (const { policy, statement } of identityStatements(template)) {
    if (statement.Effect !== 'Allow') continue;
    const resources = asArray(statement.Resource ?? statement.NotResource ?? '*');
    if (statement.NotAction !== undefined) {
      const action = `NotAction ${JSON.stringify(statement.NotAction)}`;
      findings.push({ policy, action, resource: statement.Resource });
      continue;
    }
    for (const action of asArray(statement.Action) as string[]) {
      if (!action.includes('*')) continue;
      for (const resource of resources) {
        if (refersToData(resource, action, dataIds)) {
          findings.push({ policy, action, resource });
        }
      }
    }
  }
  return findings;
}

function refersToData(resource: Json, action: string, dataIds: ReadonlySet<string>): boolean {
  if (resource === '*') {
    const service = action.split(':')[0];
    return action === '*' || DATA_SERVICES.includes(service);
  }
  let refers = false;
  visit(resource, (node) => {
    if (typeof node === 'string') {
      // Literal ARNs (imported resources) and Fn::Sub references such as `${Bucket.Arn}`.
      if (node.startsWith('arn:') && /:(s3|dynamodb):/.test(node)) refers = true;
      for (const id of dataIds) if (node.includes(`\${${id}`)) refers = true;
      return;
    }
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      const ref = (node as Record<string, Json>).Ref;
      const getAtt = (node as Record<string, Json>)['Fn::GetAtt'];
      if (typeof ref === 'string' && dataIds.has(ref)) refers = true;
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && dataIds.has(getAtt[0])) refers = true;
    }
  });
  return refers;
}

/**
 * A resource as one readable string: `{ Ref: X }` → `${X}`, `{ Fn::GetAtt: [X, Arn] }` → `${X.Arn}`,
 * `Fn::Join` concatenated. Compare it with `renderResource(stack.resolve(construct.someArn))`.
 */
export function renderResource(resource: Json): string {
  if (typeof resource === 'string') return resource;
  if (resource && typeof resource === 'object' && !Array.isArray(resource)) {
    const node = resource as Record<string, Json>;
    if (typeof node.Ref === 'string') return `\${${node.Ref}}`;
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
    const join = node['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(renderResource).join(join[0]);
    }
  }
  return JSON.stringify(resource);
}

/** `action resource` pairs that Allow statements give the role with this logical id. */
export function allowedGrants(template: Json, roleLogicalId: string): string[] {
  const grants = new Set<string>();
  for (const { roles, statement } of identityStatements(template)) {
    if (statement.Effect !== 'Allow') continue;
    if (!roles.some((role) => (role as { Ref?: string }).Ref === roleLogicalId)) continue;
    for (const action of asArray(statement.Action) as string[]) {
      for (const resource of asArray(statement.Resource)) {
        grants.add(`${action} ${renderResource(resource)}`);
      }
    }
  }
  return [...grants].sort();
}

function statementsOf(document: Json): Statement[] {
  return asArray((document as { Statement?: Json } | undefined)?.Statement) as Statement[];
}

function asArray(value: Json): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function visit(node: Json, onNode: (node: Json) => void): void {
  onNode(node);
  if (Array.isArray(node)) {
    node.forEach((child) => visit(child, onNode));
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach((child) => visit(child, onNode));
  }
}
