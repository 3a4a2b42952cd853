import type { Environment } from 'aws-cdk-lib';

/**
 * The account and region the CDK CLI found (`CDK_DEFAULT_ACCOUNT`, `CDK_DEFAULT_REGION`), as a stack `env` — or
 * none. The CLI always sets a region (its fallback is `us-east-1`) but sets the account only when it found
 * credentials. A stack given that region alone would carry it as a literal in every ARN and in the table's
 * replica, so a region without an account counts as no environment: the template then says `AWS::Region` and
 * `AWS::AccountId` and deploys to any region. With credentials (`cdk deploy`) the stack is bound to both.
 */
export function deploymentEnvironment(env: NodeJS.ProcessEnv = process.env): Environment | undefined {
  const account = env.CDK_DEFAULT_ACCOUNT?.trim();
  const region = env.CDK_DEFAULT_REGION?.trim();
  if (!account || !region) return undefined;
  return { account, region };
}
