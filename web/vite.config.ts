// Builds the storefront and staff console into web/dist. During `vite dev`, /outputs.json comes
// from the running local platform's .local/outputs.json, as the runtime serves it in production.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

function localOutputs(): Plugin {
  return {
    name: 'local-outputs',
    configureServer(server) {
      server.middlewares.use('/outputs.json', (_req, res) => {
        const file = path.resolve(root, '..', process.env.LOCAL_DATA_DIR ?? '.local', 'outputs.json');
        readFile(file, 'utf8').then(
          (body) => { res.setHeader('content-type', 'application/json'); res.end(body); },
          () => { res.statusCode = 404; res.end('{"message":"start the platform first: npm start"}'); },
        );
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [localOutputs()],
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
});
