import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { DataTables } from '../../lib/constructs/data-tables';
import { CONTROL_TABLE, RECORDS_TABLE, TABLES } from '../../lib/resources';
import { newApp } from './support/app';

describe('Construct: DataTables', () => {
  let stack: Stack;
  let template: Template;
  let tables: DataTables;

  beforeAll(() => {
    // Arrange
    stack = new Stack(newApp(), 'TestStack');
    // Act
    tables = new DataTables(stack, 'DataTables');
    template = Template.fromStack(stack);
  });

  const tableProps = (definitionId: string): Record<string, unknown> => {
    const logicalId = stack.getLogicalId(tables.table(definitionId).node.defaultChild as never);
    return template.toJSON().Resources[logicalId].Properties;
  };

  it('creates one table per definition', () => {
    // Assert
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLES.length);
    expect([...tables.tables.keys()]).toEqual(TABLES.map(({ id }) => id));
  });

  it.each(TABLES.map((definition) => [definition.id, definition] as const))(
    '%s is on-demand, keyed as defined, encrypted with the AWS-managed key, with point-in-time recovery',
    (id, definition) => {
      // Assert
      expect(tableProps(id)).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    },
  );

  it.each([CONTROL_TABLE, RECORDS_TABLE])('sets the TTL attribute of the $id definition', (definition) => {
    // Assert
    expect(definition.timeToLiveAttribute).toBeDefined();
    expect(tableProps(definition.id).TimeToLiveSpecification).toEqual({
      AttributeName: definition.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('builds the global indexes of the definition, with the projection each asks for (all attributes by default)', () => {
    // Assert
    expect(CONTROL_TABLE.globalIndexes.map((index) => index.indexName)).toEqual(['byOrg', 'byImportJob', 'byLeaseExpiry']);
    expect(tableProps(CONTROL_TABLE.id).GlobalSecondaryIndexes).toEqual(
      CONTROL_TABLE.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: index.projection ?? 'ALL',
          ...(index.projection === 'INCLUDE' ? { NonKeyAttributes: index.nonKeyAttributes } : {}),
        },
      })),
    );
    // Run items' indexes project no counter, so a chunk's counter update writes no index: byOrg carries what the run
    // history filters on (the lists read the page's items by key), byImportJob and byLeaseExpiry keys only.
    expect(tableProps(CONTROL_TABLE.id).GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({ IndexName: 'byOrg', Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['kind', 'status', 'runStatus', 'importJobId', 'namespace'] } }),
    );
    expect(tableProps(CONTROL_TABLE.id).GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({ IndexName: 'byImportJob', Projection: { ProjectionType: 'KEYS_ONLY' } }),
    );
    expect(tableProps(CONTROL_TABLE.id).GlobalSecondaryIndexes).toContainEqual(
      expect.objectContaining({ IndexName: 'byLeaseExpiry', Projection: { ProjectionType: 'KEYS_ONLY' } }),
    );
    expect(tableProps(RECORDS_TABLE.id).GlobalSecondaryIndexes).toBeUndefined();
  });

  it('retains the tables by default', () => {
    // Assert
    template.allResources('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('applies the given removal policy', () => {
    // Arrange
    const other = new Stack(newApp(), 'Other');
    // Act
    new DataTables(other, 'DataTables', { removalPolicy: RemovalPolicy.DESTROY });
    // Assert
    Template.fromStack(other).allResources('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('rejects duplicate ids and an unknown table lookup', () => {
    // Arrange
    const other = new Stack(newApp(), 'Other');
    // Act / Assert
    expect(() => new DataTables(other, 'Twice', { definitions: [CONTROL_TABLE, CONTROL_TABLE] })).toThrow(
      /duplicate table id 'ControlTable'/,
    );
    expect(() => new DataTables(other, 'None', { definitions: [] })).toThrow(/at least one/);
    expect(() => tables.table('Nope')).toThrow(/no table defined with id 'Nope'/);
  });

  it.each(TABLES.map((definition) => [definition.id, definition] as const))(
    '%s declares exactly the key attributes of the table and its indexes',
    (id, definition) => {
      // Arrange
      const indexKeys = definition.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]);
      const keys = [definition.partitionKey, definition.sortKey, ...indexKeys];
      const expected = keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type }));
      // Assert
      expect(tableProps(id).AttributeDefinitions).toEqual(expect.arrayContaining(expected));
      expect(tableProps(id).AttributeDefinitions).toHaveLength(new Set(keys.map((key) => key.name)).size);
    },
  );

  it('warms the tables named in warmThroughput, and only those', () => {
    // Arrange
    const warmed = new Stack(newApp(), 'WarmStack');
    // Act
    const built = new DataTables(warmed, 'DataTables', { warmThroughput: { [RECORDS_TABLE.id]: { writeUnitsPerSecond: 40_000, readUnitsPerSecond: 12_000 } } });
    // Assert
    const resources = Template.fromStack(warmed).toJSON().Resources;
    const propsOf = (id: string) => resources[warmed.getLogicalId(built.table(id).node.defaultChild as never)].Properties;
    expect(propsOf(RECORDS_TABLE.id).WarmThroughput).toEqual({ WriteUnitsPerSecond: 40_000, ReadUnitsPerSecond: 12_000 });
    expect(propsOf(CONTROL_TABLE.id).WarmThroughput).toBeUndefined();
    expect(() => new DataTables(new Stack(newApp(), 'Bad'), 'DataTables', { warmThroughput: { NoSuchTable: { writeUnitsPerSecond: 1 } } })).toThrow(
      "warm throughput for unknown table 'NoSuchTable'",
    );
  });

  it('is warmed through the stack\'s warmThroughput prop (`-c recordsWarmWriteUnits=N` in bin/app.ts)', () => {
    // Arrange / Act
    const stack = new BatchImportStack(newApp(), 'WarmService', { warmThroughput: { [RECORDS_TABLE.id]: { writeUnitsPerSecond: 40_000 } } });
    // Assert
    const resources = Template.fromStack(stack).toJSON().Resources;
    const propsOf = (id: string) => resources[stack.getLogicalId(stack.tables.table(id).node.defaultChild as never)].Properties;
    expect(propsOf(RECORDS_TABLE.id).WarmThroughput).toEqual({ WriteUnitsPerSecond: 40_000 });
    expect(propsOf(CONTROL_TABLE.id).WarmThroughput).toBeUndefined();
  }, 120_000);
});
