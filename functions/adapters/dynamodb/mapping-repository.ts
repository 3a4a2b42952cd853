import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { CONTROL_TABLE } from '../../../lib/resources';
import type { Mapping, MappingTarget } from '../../core/mappings/mapping';
import type { MappingRepository } from '../../core/ports';
import { itemsByKey } from './items-by-key';
import { conditionHeld, deleteOrgItem } from './org-item-writes';

const mappingKey = (id: string) => ({ pk: `MAPPING#${id}`, sk: 'MAPPING' });
const BY_ORG_INDEX = (CONTROL_TABLE.globalIndexes[0] as { indexName: string }).indexName;

/**
 * Saved mappings in the control table, one item per mapping under `MAPPING#<id>` (an upload resolves its
 * mappingId with one GetItem). The `byOrg` index lists one org's mappings newest first without a Scan.
 */
export class DynamoMappingRepository implements MappingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(mapping: Mapping): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(mapping), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async get(id: string): Promise<Mapping | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: mappingKey(id), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : null;
  }

  async listByOrg(orgId: string): Promise<Mapping[]> {
    const mappings: Mapping[] = [];
    let startKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_ORG_INDEX,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': orgPartition(orgId) },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      // The org index carries keys (and the run history's filter attributes) only: read the mappings by key.
      const items = await itemsByKey(this.client, this.tableName, (page.Items ?? []) as Array<{ pk: unknown; sk: unknown }>);
      mappings.push(...items.map(fromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return mappings;
  }

  async replace(mapping: Mapping): Promise<boolean> {
    // The org condition keeps a write from ever landing on another org's mapping, whatever the caller checked.
    return conditionHeld(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(mapping),
          ConditionExpression: 'attribute_exists(pk) AND orgId = :org',
          ExpressionAttributeValues: { ':org': mapping.orgId },
        }),
      ),
    );
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return deleteOrgItem(this.client, this.tableName, mappingKey(id), orgId);
  }
}

const orgPartition = (orgId: string) => `ORG#${orgId}#MAPPINGS`;

function toItem(mapping: Mapping): Record<string, unknown> {
  return {
    ...mappingKey(mapping.id),
    type: 'Mapping',
    gsi1pk: orgPartition(mapping.orgId),
    gsi1sk: `${mapping.createdAt}#${mapping.id}`,
    id: mapping.id,
    orgId: mapping.orgId,
    name: mapping.name,
    target: mapping.target,
    columnMapping: { ...mapping.columnMapping },
    defaultFields: { ...mapping.defaultFields },
    headersSnapshot: [...mapping.headersSnapshot],
    createdAt: mapping.createdAt,
    updatedAt: mapping.updatedAt,
  };
}

function fromItem(item: Record<string, unknown>): Mapping {
  return {
    id: item.id as string,
    orgId: item.orgId as string,
    name: item.name as string,
    target: item.target as MappingTarget,
    columnMapping: (item.columnMapping as Record<string, string> | undefined) ?? {},
    defaultFields: (item.defaultFields as Record<string, string> | undefined) ?? {},
    headersSnapshot: (item.headersSnapshot as string[] | undefined) ?? [],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
