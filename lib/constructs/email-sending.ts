import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { EMAIL_SENDER } from '../resources';

/** Who the service's emails come from. */
export interface EmailSender {
  /** The From address (SES_FROM_ADDRESS); it must belong to `identity`. */
  readonly fromAddress: string;
  /**
   * The SES identity verified in the account and region: a domain, or the address itself.
   * @default the domain of `fromAddress`
   */
  readonly identity?: string;
}

export const DEFAULT_EMAIL_SENDER: EmailSender = { fromAddress: EMAIL_SENDER.defaultFromAddress };

/**
 * Lets a function send email through SES as `sender` only: SendEmail and SendRawEmail on the sender's identity,
 * with that From address, and sets SES_FROM_ADDRESS. (In the SES sandbox SES also checks the recipients'
 * identities; production access removes that.)
 */
export function grantSendEmail(fn: lambda.Function, sender: EmailSender = DEFAULT_EMAIL_SENDER, configurationSet?: ses.IConfigurationSet): void {
  const identity = emailIdentity(sender);
  const stack = Stack.of(fn);
  // SES authorizes a send against the identity and, when the message names one, the configuration set.
  const resourceArns = [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })];
  if (configurationSet) {
    resourceArns.push(
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    );
    fn.addEnvironment(EMAIL_SENDER.configurationSetEnvVar, configurationSet.configurationSetName);
  }
  iam.Grant.addToPrincipal({
    grantee: fn,
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resourceArns,
    conditions: { StringEquals: { 'ses:FromAddress': sender.fromAddress } },
  });
  fn.addEnvironment(EMAIL_SENDER.envVar, sender.fromAddress);
}

/** Whether the sender is the placeholder, which deploys but cannot send. */
export function isPlaceholderSender(sender: EmailSender): boolean {
  return sender.fromAddress.toLowerCase() === EMAIL_SENDER.defaultFromAddress;
}

/**
 * The configuration set alert emails are sent with: it publishes the sender's reputation (bounce and complaint
 * rates, which the alarms watch) and records every bounce and complaint as a CloudWatch metric.
 */
export class EmailConfiguration extends Construct {
  public readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
      destination: ses.EventDestination.cloudWatchDimensions([
        { name: 'ses:configuration-set', source: ses.CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: 'none' },
      ]),
    });
  }
}

/** The identity to grant: the given one, else the address's domain; the address must belong to it. */
export function emailIdentity(sender: EmailSender): string {
  const at = sender.fromAddress.lastIndexOf('@');
  if (at < 1 || at === sender.fromAddress.length - 1) {
    throw new Error(`grantSendEmail: fromAddress '${sender.fromAddress}' is not an email address`);
  }
  const domain = sender.fromAddress.slice(at + 1).toLowerCase();
  const identity = (sender.identity ?? domain).toLowerCase();
  if (identity !== domain && identity !== sender.fromAddress.toLowerCase()) {
    throw new Error(`grantSendEmail: '${sender.fromAddress}' does not belong to the identity '${identity}'`);
  }
  return identity;
}
