import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { SesMailer } from '../../../functions/adapters/ses/ses-mailer';
import { configSchema, loadConfig, Mail } from '../../../functions/config';

// The Mailer over the local stack's SES emulator (aws-ses-v2-local), read back from its store as `npm start` says.
interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the integration global setup running?`);
  return value;
}

async function storedWithSubject(subject: string): Promise<StoredEmail[]> {
  const response = await fetch(`${env('E2E_SES_URL')}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.subject === subject);
}

describe('Class: SesMailer (SES emulator)', () => {
  const clients = createAwsClients();
  const mailer = new SesMailer({ client: clients.ses, fromAddress: loadConfig(configSchema(Mail)).mail.fromAddress });

  afterAll(() => clients.ses.destroy());

  it('sends the text and HTML parts from the configured sender, one message per recipient', async () => {
    // Arrange
    const subject = `Run completed ${randomUUID()}`;
    // Act
    await mailer.send({
      to: ['ops@example.com', 'data@example.com', 'ops@example.com'],
      subject,
      text: 'Job "nightly" completed: 10 rows, 0 failed.',
      html: '<p>Job <b>nightly</b> completed: 10 rows, 0 failed.</p>',
    });
    // Assert
    const emails = await storedWithSubject(subject);
    expect(emails.map((email) => email.destination.to)).toEqual([['ops@example.com'], ['data@example.com']]);
    for (const email of emails) {
      expect(email.from).toBe(env('SES_FROM_ADDRESS'));
      expect(email.body.text).toBe('Job "nightly" completed: 10 rows, 0 failed.');
      expect(email.body.html).toBe('<p>Job <b>nightly</b> completed: 10 rows, 0 failed.</p>');
    }
  });

  it('sends with the configuration set it is given, which records bounces and complaints in AWS', async () => {
    // Arrange: see what the SDK sends, then let it reach the emulator.
    const sent: Array<Record<string, unknown>> = [];
    const client = createAwsClients().ses;
    client.middlewareStack.add((next) => async (args) => {
      sent.push(args.input as Record<string, unknown>);
      return next(args);
    });
    const withSet = new SesMailer({ client, fromAddress: loadConfig(configSchema(Mail)).mail.fromAddress, configurationSetName: 'batch-import-alerts' });
    const subject = `Run failed ${randomUUID()}`;
    try {
      // Act
      await withSet.send({ to: ['ops@example.com'], subject, text: 't', html: '<p>t</p>' });
      // Assert
      expect(sent.map((input) => input.ConfigurationSetName)).toEqual(['batch-import-alerts']);
      expect(await storedWithSubject(subject)).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });

  it('throws when SES refuses the messages', async () => {
    // Act / Assert: the emulator, like SES, refuses a message without a subject.
    const sending = mailer.send({ to: ['ops@example.com', 'data@example.com'], subject: '', text: 't', html: '<p>t</p>' });
    await expect(sending).rejects.toThrow('SES refused 2 of 2 messages');
  });
});
