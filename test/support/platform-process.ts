// The local platform as its own process (`node local/main.ts`, as `npm start` runs it) on ephemeral
// loopback ports, for tests and the reliability harness that kill it with -9 and start it again on
// the same data directory; plus signed-in GraphQL clients against whichever start is current.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GraphQLClient } from 'graphql-request';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { outputsPath, type Outputs } from '../../local/outputs.ts';

const mainScript = path.resolve(import.meta.dirname, '../../local/main.ts');

export interface PlatformProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly outputs: Outputs;
  /** A GraphQL client signed in as a demo user of this start (each start has its own ports). */
  as(role: string): Promise<GraphQLClient>;
  /** That demo user's Cognito ID token. */
  token(role: string): Promise<string>;
  /** kill -9, without waiting for the process to be reaped (a supervisor restarts at once). */
  kill(): void;
  /** SIGTERM: the platform closes its stores and exits. */
  stop(): Promise<void>;
}

/** Starts `node local/main.ts` on `dataDir`; resolves once it printed its banner, rejects with its output if it exits first. */
export async function startPlatformProcess(dataDir: string, env: Record<string, string> = {}): Promise<PlatformProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: {
      ...process.env, LOCAL_DATA_DIR: dataDir, PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', EVENTS_PORT: '0', STRIPE_PORT: '0', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the platform exited with ${code} before it was ready:\n${output}`)));
  });
  // Keep reading so a full pipe never blocks the platform's logging.
  child.stdout!.resume();
  child.stderr!.resume();
  const outputs = JSON.parse(readFileSync(outputsPath(dataDir), 'utf8')) as Outputs;
  const cognito = new CognitoIdentityProviderClient(localClientConfig(outputs.cognitoEndpoint!, outputs.region));
  const tokens = new Map<string, Promise<string>>();
  const token = (role: string) => {
    let t = tokens.get(role);
    if (!t) {
      const user = outputs.demoUsers![role];
      t = cognito.send(new InitiateAuthCommand({
        ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      })).then((r) => r.AuthenticationResult!.IdToken!);
      tokens.set(role, t);
    }
    return t;
  };
  return {
    child, pid: child.pid!, outputs, token,
    as: async (role) => new GraphQLClient(outputs.graphqlUrl!, { headers: { authorization: await token(role) } }),
    kill() {
      cognito.destroy();
      child.kill('SIGKILL');
    },
    async stop() {
      cognito.destroy();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
