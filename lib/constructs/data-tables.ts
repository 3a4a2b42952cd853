import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLES, type KeyAttribute, type TableDefinition } from '../resources';

export interface DataTablesProps {
  /**
   * The tables to create, one `TableV2` each.
   * @default TABLES from lib/resources.ts
   */
  readonly definitions?: readonly TableDefinition[];
  /**
   * What happens to the tables (and their data) when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection: a table cannot be deleted (by CloudFormation or by hand) until it is turned off.
   * @default true, unless `removalPolicy` is DESTROY (a stack meant to be torn down)
   */
  readonly deletionProtection?: boolean;
  /**
   * Warm throughput by table definition `id` (e.g. `{ RecordsTable: { writeUnitsPerSecond: 20_000 } }`): the rate
   * a table takes at once, without ramping up. A new on-demand table starts at about 4,000 writes/s, so an import of
   * 10 M rows takes at least 42 minutes unless the records table is warmed (docs/capacity.md). Warming is billed once
   * per increase.
   * @default none: each table starts at DynamoDB's on-demand defaults
   */
  readonly warmThroughput?: Readonly<Record<string, dynamodb.WarmThroughput>>;
}

/**
 * The service's DynamoDB tables: on-demand, point-in-time recovery, encrypted with the AWS-managed key,
 * TTL, global indexes and streams as the definitions say.
 */
export class DataTables extends Construct {
  /** Every table built, by its definition's `id`. */
  public readonly tables: ReadonlyMap<string, dynamodb.TableV2>;

  constructor(scope: Construct, id: string, props: DataTablesProps = {}) {
    super(scope, id);
    const definitions = props.definitions ?? TABLES;
    validate(definitions);
    for (const id of Object.keys(props.warmThroughput ?? {})) {
      if (!definitions.some((definition) => definition.id === id)) throw new Error(`DataTables: warm throughput for unknown table '${id}'`);
    }

    const deletionProtection = props.deletionProtection ?? props.removalPolicy !== RemovalPolicy.DESTROY;
    const tables = new Map<string, dynamodb.TableV2>();
    for (const definition of definitions) {
      tables.set(
        definition.id,
        new dynamodb.TableV2(this, definition.id, {
          partitionKey: toAttribute(definition.partitionKey),
          sortKey: toAttribute(definition.sortKey),
          billing: dynamodb.Billing.onDemand(),
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
          timeToLiveAttribute: definition.timeToLiveAttribute,
          dynamoStream: definition.stream ? dynamodb.StreamViewType[definition.stream] : undefined,
          globalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            indexName: index.indexName,
            partitionKey: toAttribute(index.partitionKey),
            sortKey: toAttribute(index.sortKey),
            projectionType: dynamodb.ProjectionType[index.projection ?? 'ALL'],
            nonKeyAttributes: index.projection === 'INCLUDE' ? [...(index.nonKeyAttributes ?? [])] : undefined,
          })),
          removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
          deletionProtection,
          warmThroughput: props.warmThroughput?.[definition.id],
        }),
      );
    }
    this.tables = tables;
  }

  /** The table built from the definition with this `id`; throws if there is none. */
  public table(definitionId: string): dynamodb.TableV2 {
    const table = this.tables.get(definitionId);
    if (!table) {
      throw new Error(`DataTables: no table defined with id '${definitionId}'`);
    }
    return table;
  }
}

function toAttribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

function validate(definitions: readonly TableDefinition[]): void {
  if (definitions.length === 0) {
    throw new Error('DataTables: at least one table definition is required');
  }
  const ids = new Set<string>();
  for (const { id, globalIndexes } of definitions) {
    for (const index of globalIndexes) {
      if ((index.projection === 'INCLUDE') !== (index.nonKeyAttributes !== undefined && index.nonKeyAttributes.length > 0)) {
        throw new Error(`DataTables: index '${index.indexName}' needs nonKeyAttributes exactly when its projection is INCLUDE`);
      }
    }
    if (ids.has(id)) {
      throw new Error(`DataTables: duplicate table id '${id}'`);
    }
    ids.add(id);
  }
}
