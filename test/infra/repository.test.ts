// The CDK app over the repository's own artefacts (tasks/registry.ts, workflows/, schema/), as
// `npm run synth` builds it: whatever they hold today, every task, workflow and resolver deploys.
import fs from 'node:fs';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { taskRegistry } from '../../tasks/registry.ts';
import { resolverMap } from '../../schema/resolver-map.ts';
import { functionName, stateMachineName, workflows } from '../../infra/names.ts';
import { placeholdersOf } from '../../infra/lib/asl.ts';
import { nagPacks } from '../../infra/lib/nag.ts';
import { repositorySources, type Deployment } from '../../infra/app.ts';
import { sharedFunctions } from '../../infra/shared-functions.ts';
import { projectRoot, synthesise } from './synth.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let deployment: Deployment;
beforeAll(() => {
  deployment = synthesise(repositorySources(projectRoot));
});
afterAll(() => fs.rmSync(deployment.app.outdir, { recursive: true, force: true }));

const regionsOf = () => [...deployment.regions.values()];

it('gives every task of tasks/registry.ts a Node.js 24 arm64 function in every region, or an alias of the function it shares', () => {
  const shared = Object.values(sharedFunctions).flatMap((f) => f.tasks);
  for (const { tasks } of regionsOf()) {
    const template = Template.fromStack(tasks);
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    expect(functions.map((f) => f.Properties.FunctionName).sort()).toEqual([
      ...Object.keys(taskRegistry).filter((t) => !shared.includes(t)), ...Object.keys(sharedFunctions)].map(functionName).sort());
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    }
    const aliases = Object.values(template.findResources('AWS::Lambda::Alias') as Resources);
    expect(aliases.map((a) => a.Properties.Name).sort()).toEqual([...shared].sort());
  }
});

it('runs the synchronous path\'s functions at one vCPU without source maps, the other tasks as before', () => {
  for (const { tasks } of regionsOf()) {
    const template = Template.fromStack(tasks);
    for (const name of Object.keys(sharedFunctions)) {
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: functionName(name), MemorySize: 1769,
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: Match.absent() }) } });
    }
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: functionName('CapturePayment'), MemorySize: 512,
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) } });
  }
});

it('deploys every ASL file of workflows/ with its type and a value for each of its placeholders', () => {
  const present = workflows.filter((w) => fs.existsSync(path.join(projectRoot, w.file)));
  for (const { workflows: stack } of regionsOf()) {
    const machines = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine') as Resources);
    expect(machines).toHaveLength(present.length);
    for (const workflow of present) {
      const machine = machines.find((m) => m.Properties.StateMachineName === stateMachineName(workflow.name));
      expect(machine?.Properties.StateMachineType).toBe(workflow.type);
      const placeholders = placeholdersOf(fs.readFileSync(path.join(projectRoot, workflow.file), 'utf8'));
      const substitutions = (machine?.Properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
      expect(Object.keys(substitutions).sort()).toEqual([...placeholders].sort());
    }
  }
});

it('creates every data source, function and resolver of schema/resolver-map.ts in every region', () => {
  for (const { api } of regionsOf()) {
    const t = Template.fromStack(api);
    const names = (type: string, key: string) => Object.values(t.findResources(type) as Resources).map((r) => r.Properties[key]).sort();
    expect(names('AWS::AppSync::DataSource', 'Name')).toEqual(resolverMap.dataSources.map((d) => d.name).sort());
    expect(names('AWS::AppSync::FunctionConfiguration', 'Name')).toEqual(resolverMap.functions.map((f) => f.name).sort());
    const resolvers = Object.values(t.findResources('AWS::AppSync::Resolver') as Resources).map((r) => `${r.Properties.TypeName}.${r.Properties.FieldName}`);
    expect(resolvers.sort()).toEqual(resolverMap.resolvers.map((r) => `${r.typeName}.${r.fieldName}`).sort());
  }
});

it('is cdk-nag clean (AwsSolutions and Serverless)', () => {
  for (const pack of nagPacks()) {
    expect(pack.validateScope(deployment.app).violations.map((v) => v.ruleName)).toEqual([]);
  }
});
