/**
 * `npm run -s keys -- create --org ORG --scopes a,b,c [--name NAME] [--expires-at ISO]`
 * `npm run -s keys -- revoke --key KEY` (says so when the key was revoked before)
 * `npm run -s keys -- list [--org ORG]` (org, key id, name, scopes, expiry, revoked: never a secret or a hash)
 * `npm run -s keys -- recipients --org ORG [--set a@x.example,b@y.example | --clear]` (the org's default alert
 * recipients, §10; printed one a line)
 *
 * Works against the running local stack (found through `.local/stack.json`), or against a deployed stack:
 * `--stack NAME` (default BatchImportService) is looked up with the AWS credentials of the environment, or
 * `--table NAME` names the control table directly. `create` prints the new key alone on the last line.
 */
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApiKeyRepository } from '../functions/adapters/dynamodb/api-key-repository';
import { DynamoOrgRecipients } from '../functions/adapters/dynamodb/org-recipients';
import { systemClock } from '../functions/adapters/system';
import { hashApiKey } from '../functions/core/auth/api-key';
import { DomainError } from '../functions/core/errors';
import { createApiKey } from '../functions/core/use-cases/create-api-key';
import { setDefaultRecipients } from '../functions/core/use-cases/set-default-recipients';
import { readRunningLocalStack } from '../local/stack-file';

const DEFAULT_STACK = 'BatchImportService';

interface Target {
  readonly description: string;
  readonly repository: DynamoApiKeyRepository;
  readonly recipients: DynamoOrgRecipients;
}

function targetOver(description: string, client: DynamoDBClient, tableName: string): Target {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    description,
    repository: new DynamoApiKeyRepository(documents, tableName),
    recipients: new DynamoOrgRecipients(documents, tableName),
  };
}

function usage(): never {
  process.stderr.write(
    [
      'usage: keys create --org ORG --scopes SCOPE[,SCOPE…] [--name NAME] [--expires-at ISO-8601]',
      '       keys revoke --key KEY',
      '       keys list [--org ORG]',
      '       keys recipients --org ORG [--set EMAIL[,EMAIL…] | --clear]',
      'options: --stack NAME (deployed stack, default BatchImportService) | --table NAME | --local',
      'scopes: entities:bulk_import, transactions:create, events:create, import-jobs:manage',
      '',
    ].join('\n'),
  );
  process.exit(2);
}

/** The running local stack, if there is one. */
function localTarget(): Target | undefined {
  const stack = readRunningLocalStack();
  if (!stack) return undefined;
  const client = new DynamoDBClient({
    endpoint: stack.endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return targetOver(`local stack (${stack.endpoints.dynamodb})`, client, stack.names.controlTable);
}

/** One line a key: what an operator needs to tell keys apart, and nothing that authenticates. */
function describeKey(key: Awaited<ReturnType<DynamoApiKeyRepository['list']>>[number]): string {
  return [
    key.orgId,
    key.keyId,
    key.name ? JSON.stringify(key.name) : '-',
    key.scopes.join(','),
    `expires=${key.expiresAt ?? 'never'}`,
    `revoked=${key.revokedAt ?? 'no'}`,
  ].join('\t');
}

async function deployedTarget(stackName: string, table: string | undefined): Promise<Target> {
  let tableName = table;
  if (!tableName) {
    const { Stacks } = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackName }));
    tableName = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ControlTableName')?.OutputValue;
    if (!tableName) throw new Error(`Stack ${stackName} has no ControlTableName output`);
  }
  return targetOver(`table ${tableName}`, new DynamoDBClient({}), tableName);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      scopes: { type: 'string' },
      name: { type: 'string' },
      'expires-at': { type: 'string' },
      key: { type: 'string' },
      stack: { type: 'string' },
      table: { type: 'string' },
      local: { type: 'boolean' },
      set: { type: 'string' },
      clear: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (command !== 'create' && command !== 'revoke' && command !== 'recipients' && command !== 'list') usage();

  const wantsDeployed = values.stack !== undefined || values.table !== undefined;
  const local = wantsDeployed ? undefined : localTarget();
  if (values.local && !local) throw new Error('No local stack is running (start one with npm start)');
  const target = local ?? (await deployedTarget(values.stack ?? DEFAULT_STACK, values.table));

  if (command === 'revoke') {
    if (!values.key) usage();
    const revoked = await target.repository.revoke(hashApiKey(values.key), systemClock.now().toISOString());
    if (!revoked) throw new Error('No such key');
    process.stdout.write(
      revoked.alreadyRevoked
        ? `Already revoked (at ${revoked.revokedAt}) in ${target.description}\n`
        : `Revoked in ${target.description}\n`,
    );
    return;
  }

  if (command === 'list') {
    const keys = await target.repository.list(values.org);
    process.stdout.write(`${keys.length} key(s)${values.org ? ` of org ${values.org}` : ''} in ${target.description}\n`);
    for (const key of keys) process.stdout.write(`${describeKey(key)}\n`);
    return;
  }

  if (command === 'recipients') {
    if (!values.org || (values.set !== undefined && values.clear)) usage();
    const emails =
      values.clear || values.set !== undefined
        ? await setDefaultRecipients(
            { recipients: target.recipients, clock: systemClock },
            values.org,
            values.clear ? [] : (values.set ?? '').split(',').map((e) => e.trim()).filter(Boolean),
          )
        : await target.recipients.forOrg(values.org);
    process.stdout.write(`Default recipients of org ${values.org} in ${target.description}: ${emails.length}\n`);
    for (const email of emails) process.stdout.write(`${email}\n`);
    return;
  }

  if (!values.org || !values.scopes) usage();
  const created = await createApiKey(
    { apiKeys: target.repository, clock: systemClock },
    {
      orgId: values.org,
      scopes: values.scopes.split(',').map((s) => s.trim()).filter(Boolean) as never,
      name: values.name,
      expiresAt: values['expires-at'],
    },
  );
  process.stdout.write(`Created ${created.keyId} for org ${created.orgId} in ${target.description}\n`);
  process.stdout.write(`${created.apiKey}\n`);
}

main().catch((error: unknown) => {
  const detail = error instanceof DomainError && error.details ? ` ${JSON.stringify(error.details)}` : '';
  process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
  process.exit(1);
});
