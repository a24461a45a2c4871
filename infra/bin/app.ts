// `cdk synth` / `cdk deploy` entry (cdk.json "app"): every stack of every region, offline.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDeployment, repositorySources } from '../app.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { app } = buildDeployment({ sources: repositorySources(projectRoot) });
app.synth();
