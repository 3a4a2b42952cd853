import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import startSesServer from 'aws-ses-v2-local';

export interface SesLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface SesLocalOptions {
  /** 0 picks a free port. @default 8005 (the emulator's usual port) */
  readonly port?: number;
  /** When the port was chosen on purpose, a taken port is an error instead of a reason to pick another. */
  readonly portIsExplicit?: boolean;
}

export const DEFAULT_SES_PORT = 8005;

/**
 * Starts aws-ses-v2-local in this process. It keeps sent mail in memory (`GET /store`). Its start promise
 * resolves even when listening failed (the error goes to express's listen callback), so the result is checked
 * through `server.listening`.
 */
export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  const wanted = options.port ?? DEFAULT_SES_PORT;
  let server = await listen(wanted);
  if (!server.listening) {
    if (options.portIsExplicit || wanted === 0) {
      throw new Error(`LOCAL_SES_PORT ${wanted} is not available: another process listens on it`);
    }
    server = await listen(0);
    if (!server.listening) throw new Error('the SES emulator could not listen on any port');
  }
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function listen(port: number): Promise<Server> {
  return startSesServer({ host: '127.0.0.1', port });
}
