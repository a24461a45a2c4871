// `GET /outputs.json`: what the web app configures Amplify from, the public part of the outputs
// (endpoints, pool and client ids, the API key that anonymous catalogue reads use). On AWS the
// same file is deployed beside the app from the stack outputs. Demo passwords and the payment
// provider's secret key are not served.
import type { ServerResponse } from 'node:http';
import type { ExtraRoute } from './appsync/server.ts';
import type { Outputs } from './outputs.ts';

export function webConfigRoute(outputs: () => Outputs | undefined): ExtraRoute {
  return {
    method: 'GET',
    path: '/outputs.json',
    handler: (_req, res: ServerResponse) => {
      const current = outputs();
      if (!current) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'starting' }));
        return;
      }
      const { demoUsers: _passwords, stripeSecretKey: _secretKey, ...publicOutputs } = current;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(publicOutputs));
    },
  };
}
