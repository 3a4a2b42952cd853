import { Template } from 'aws-cdk-lib/assertions';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { deploymentEnvironment } from '../../lib/deployment-environment';
import { newApp } from './support/app';

/** A 12-digit number standing alone: an account id (asset hashes are hex, so their digit runs touch letters). */
const ACCOUNT_ID = /(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/;

describe('Function: deploymentEnvironment', () => {
  it('binds the stack to the account and region the CLI found with credentials', () => {
    // Act
    const env = deploymentEnvironment({ CDK_DEFAULT_ACCOUNT: '111122223333', CDK_DEFAULT_REGION: 'eu-west-1' });
    // Assert
    expect(env).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });

  it.each([
    ['the CLI without credentials (region fallback only)', { CDK_DEFAULT_REGION: 'us-east-1' }],
    ['an account without a region', { CDK_DEFAULT_ACCOUNT: '111122223333' }],
    ['nothing at all', {}],
    ['blank values', { CDK_DEFAULT_ACCOUNT: ' ', CDK_DEFAULT_REGION: 'us-east-1' }],
  ])('leaves the stack environment-agnostic for %s', (_name, env) => {
    expect(deploymentEnvironment(env)).toBeUndefined();
  });
});

describe('Stack: one artefact for any region', () => {
  it('holds no literal region or account when synthesized as the CLI does without credentials', () => {
    // Arrange
    const env = deploymentEnvironment({ CDK_DEFAULT_REGION: 'us-east-1' });
    // Act
    const stack = new BatchImportStack(newApp(), 'BatchImportService', { env });
    const template = Template.fromStack(stack);
    const text = JSON.stringify(template.toJSON());
    // Assert
    expect(text).not.toContain('us-east-1');
    expect(text.match(ACCOUNT_ID)).toBeNull();
    // The table's one replica is the stack's own region, whichever it is.
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect((table as { Properties: { Replicas: { Region: unknown }[] } }).Properties.Replicas.map((r) => r.Region)).toEqual([
        { Ref: 'AWS::Region' },
      ]);
    }
  });

  it('still binds to an account and region given as env (cdk deploy with credentials)', () => {
    // Act
    const stack = new BatchImportStack(newApp(), 'BatchImportService', {
      env: { account: '111122223333', region: 'eu-west-1' },
      emailSender: { fromAddress: 'alerts@example.org' },
    });
    const text = JSON.stringify(Template.fromStack(stack).toJSON());
    // Assert
    expect(text).toContain('eu-west-1');
    expect(text).toContain(':111122223333:');
  });
});
