import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { EmailMessage, Mailer } from '../../core/notifications/ports';

export interface SesMailerOptions {
  readonly client: SESClient;
  /** The sender: an address of the verified SES identity the stack may send from (SES_FROM_ADDRESS). */
  readonly fromAddress: string;
  /**
   * The SES configuration set the messages are sent with, which records bounces and complaints (SES_CONFIGURATION_SET).
   * @default none
   */
  readonly configurationSetName?: string;
}

/**
 * The Mailer port over SES `SendEmail`: a text and an HTML part, UTF-8, one message per recipient. Recipients
 * do not see each other's addresses, and an address SES refuses (an unverified one in the SES sandbox) does not
 * keep the others from their mail: every recipient is tried, then the failures are thrown together. Callers log
 * them and go on, because an email never decides the fate of a run.
 */
export class SesMailer implements Mailer {
  readonly #client: SESClient;
  readonly #fromAddress: string;
  readonly #configurationSetName: string | undefined;

  constructor(options: SesMailerOptions) {
    this.#client = options.client;
    this.#fromAddress = options.fromAddress;
    this.#configurationSetName = options.configurationSetName;
  }

  async send(message: EmailMessage): Promise<void> {
    const failures: unknown[] = [];
    for (const recipient of new Set(message.to)) {
      try {
        await this.#client.send(
          new SendEmailCommand({
            Source: this.#fromAddress,
            ConfigurationSetName: this.#configurationSetName,
            Destination: { ToAddresses: [recipient] },
            Message: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                Html: { Data: message.html, Charset: 'UTF-8' },
              },
            },
          }),
        );
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `SES refused ${failures.length} of ${new Set(message.to).size} messages`);
    }
  }
}
