/** One email, in both parts (§10). */
export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends email (SES in AWS and locally, through its emulator). A failure throws; callers log it and go on. */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}
