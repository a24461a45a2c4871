// The local Secrets Manager through @aws-sdk/client-secrets-manager over HTTP, as the tasks reach
// it, and through Powertools Parameters' getSecret (what the payment adapter uses). Behaviours
// follow the Secrets Manager API reference:
// - GetSecretValue: AWSCURRENT unless VersionId/VersionStage say otherwise; an unknown secret is
//   ResourceNotFoundException (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
// - DescribeSecret: ARN, name, dates, VersionIdsToStages (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html).
// - CreateSecret: a name already taken is ResourceExistsException; both SecretString and
//   SecretBinary is InvalidParameterException; the ARN ends in the name and six random characters
//   (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
// - PutSecretValue: the new version takes AWSCURRENT and the old one AWSPREVIOUS; the same
//   ClientRequestToken with the same value is a no-op, with another value ResourceExistsException
//   (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
// - Every action is signed with SigV4; an unknown key is UnrecognizedClientException
//   (https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html).
import {
  CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { localClientConfig } from '../../../local/aws/client-config.ts';
import { localSecrets, secretNames, startSecretsManager, type LocalSecretsManager } from '../../../local/secrets/index.ts';
import { rejectionOf } from '../../support/rejection.ts';
import { tempDirs } from '../../support/temp-dirs.ts';

const newDir = tempDirs('secrets-');
let dataDir: string;
let sm: LocalSecretsManager;
let client: SecretsManagerClient;

beforeAll(async () => {
  dataDir = newDir();
  sm = await startSecretsManager({ port: 0, dataDir, seed: localSecrets('sk_test_local') });
  client = new SecretsManagerClient(localClientConfig(sm.endpoint));
});
afterAll(async () => { client?.destroy(); await sm?.close(); });

test('seeded: the payment provider key as JSON, with its ARN and version', async () => {
  const got = await client.send(new GetSecretValueCommand({ SecretId: secretNames.paymentProvider }));
  expect(JSON.parse(got.SecretString!)).toEqual({ apiKey: 'sk_test_local' });
  expect(got.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:bigsmokes\/payment-provider-[A-Za-z0-9]{6}$/);
  expect(got.VersionStages).toEqual(['AWSCURRENT']);
  expect(got.CreatedDate).toBeInstanceOf(Date);
  const byArn = await client.send(new GetSecretValueCommand({ SecretId: got.ARN }));
  expect(byArn.VersionId).toBe(got.VersionId);
});

test('an unknown secret is ResourceNotFoundException', async () => {
  const error = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 'bigsmokes/nothing' })));
  expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret.", $metadata: { httpStatusCode: 400 } });
  expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'bigsmokes/nothing' })))).name).toBe('ResourceNotFoundException');
});

test('CreateSecret, PutSecretValue rotates AWSCURRENT to AWSPREVIOUS; DescribeSecret shows the stages', async () => {
  const created = await client.send(new CreateSecretCommand({ Name: 'test/rotating', SecretString: 'one', Description: 'd' }));
  expect(created.VersionId).toBeDefined();
  const again = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'test/rotating', SecretString: 'x' })));
  expect(again).toMatchObject({ name: 'ResourceExistsException', message: 'The operation failed because the secret test/rotating already exists.' });

  const token = 'b'.repeat(36);
  const put = await client.send(new PutSecretValueCommand({ SecretId: 'test/rotating', SecretString: 'two', ClientRequestToken: token }));
  expect(put).toMatchObject({ VersionId: token, VersionStages: ['AWSCURRENT'] });
  // The same token and value again is the same version; another value under it is refused.
  expect((await client.send(new PutSecretValueCommand({ SecretId: 'test/rotating', SecretString: 'two', ClientRequestToken: token }))).VersionId).toBe(token);
  expect((await rejectionOf(client.send(new PutSecretValueCommand({ SecretId: 'test/rotating', SecretString: 'three', ClientRequestToken: token })))).name).toBe('ResourceExistsException');

  expect((await client.send(new GetSecretValueCommand({ SecretId: 'test/rotating' }))).SecretString).toBe('two');
  expect((await client.send(new GetSecretValueCommand({ SecretId: 'test/rotating', VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('one');
  const described = await client.send(new DescribeSecretCommand({ SecretId: 'test/rotating' }));
  expect(described).toMatchObject({ Name: 'test/rotating', Description: 'd', VersionIdsToStages: { [created.VersionId!]: ['AWSPREVIOUS'], [token]: ['AWSCURRENT'] } });
  const missing = await rejectionOf(client.send(new GetSecretValueCommand({ SecretId: 'test/rotating', VersionStage: 'NOPE' })));
  expect(missing.name).toBe('ResourceNotFoundException');
});

test('bad input is InvalidParameterException and creates nothing', async () => {
  const both = await rejectionOf(client.send(new CreateSecretCommand({ Name: 'test/both', SecretString: 's', SecretBinary: Buffer.from('b') })));
  expect(both.name).toBe('InvalidParameterException');
  expect((await rejectionOf(client.send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 's' })))).name).toBe('InvalidParameterException');
  expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'test/both' })))).name).toBe('ResourceNotFoundException');
});

test('unsigned by the local key: UnrecognizedClientException, nothing created', async () => {
  const stranger = new SecretsManagerClient({ ...localClientConfig(sm.endpoint), credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'x' } });
  const error = await rejectionOf(stranger.send(new CreateSecretCommand({ Name: 'test/stranger', SecretString: 's' })));
  expect(error.name).toBe('UnrecognizedClientException');
  stranger.destroy();
  expect((await rejectionOf(client.send(new DescribeSecretCommand({ SecretId: 'test/stranger' })))).name).toBe('ResourceNotFoundException');
});

test('durable: a restart keeps what was written and does not overwrite a seeded secret; one process at a time owns the folder', async () => {
  await client.send(new PutSecretValueCommand({ SecretId: secretNames.carrier, SecretString: JSON.stringify({ apiKey: 'rotated' }) }));
  await expect(startSecretsManager({ port: 0, dataDir, seed: localSecrets('sk_test_local') })).rejects.toThrow(/in use by process/);
  client.destroy();
  await sm.close();
  sm = await startSecretsManager({ port: 0, dataDir, seed: localSecrets('sk_test_local') });
  client = new SecretsManagerClient(localClientConfig(sm.endpoint));
  expect((await client.send(new GetSecretValueCommand({ SecretId: secretNames.carrier }))).SecretString).toBe(JSON.stringify({ apiKey: 'rotated' }));
});

test('Powertools getSecret reads it as JSON through the SDK', async () => {
  const provider = new SecretsProvider({ awsSdkV3Client: client });
  expect(await provider.get(secretNames.paymentProvider, { transform: 'json' })).toEqual({ apiKey: 'sk_test_local' });
});
