// `npm run reconcile [-- --window-hours <n>]`: runs ReconcilePayments against the running local
// platform (`.local/outputs.json`, or LOCAL_DATA_DIR's): lists the local Stripe's PaymentIntents
// and Refunds for the window, compares them with the Payments table and the ledger, voids orphan
// holds older than the checkout budget (CHECKOUT_BUDGET_SECONDS), and prints what it found and did.
import { readFileSync } from 'node:fs';
import { tableEnvironment } from '../infra/tables.ts';
import { loadConfig } from './config.ts';
import { outputsPath, type Outputs } from './outputs.ts';
import { secretNames } from './secrets/index.ts';

const config = loadConfig();
let outputs: Outputs;
try {
  outputs = JSON.parse(readFileSync(outputsPath(config.dataDir), 'utf8')) as Outputs;
} catch (error) {
  console.error(`No running platform found (${outputsPath(config.dataDir)}): start one with npm start. ${(error as Error).message}`);
  process.exit(1);
}
if (outputs.stripeEndpoint === undefined || outputs.secretsEndpoint === undefined) {
  console.error('outputs.json names no payment provider or Secrets Manager: restart the platform with this version.');
  process.exit(1);
}
const flag = process.argv.indexOf('--window-hours');
const windowHours = flag === -1 ? undefined : Number(process.argv[flag + 1]);
if (windowHours !== undefined && !(windowHours > 0)) {
  console.error('--window-hours takes a positive number of hours');
  process.exit(1);
}

// The task's environment, as the platform gives it to its tasks (it reads only its environment).
Object.assign(process.env, {
  AWS_REGION: outputs.region, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: outputs.dynamodbEndpoint, AWS_ENDPOINT_URL_SECRETS_MANAGER: outputs.secretsEndpoint,
  PAYMENT_SECRET_ID: secretNames.paymentProvider, PAYMENT_API_URL: outputs.stripeEndpoint,
  POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_LOG_LEVEL: 'ERROR',
  ...tableEnvironment(),
});
const { reconcilePayments } = await import('../tasks/payment/reconcile-payments.ts');
const report = await reconcilePayments(windowHours === undefined ? {} : { windowSeconds: Math.round(windowHours * 3600) });

const describe: Record<string, (f: Record<string, unknown>) => string> = {
  orphanHoldVoided: (f) => `VOIDED   hold ${f.paymentIntent} of ${f.amount} for order ${f.orderId}: no live authorisation or order holds it`,
  pendingAuthorisationVoided: (f) => `VOIDED   authorisation ${f.reference} left PENDING with no order`,
  captureWithoutRecord: (f) => `REPORTED capture ${f.paymentIntent} of ${f.amount} for order ${f.orderId}: no capture on record`,
  refundWithoutRecord: (f) => `REPORTED refund ${f.refund} of ${f.amount} for order ${f.orderId}: no refund on record`,
  amountMismatch: (f) => `ALARM    ${f.what} of order ${f.orderId}: ${f.provider} at the provider, ${f.recorded} on record`,
};
console.log(`Reconciled ${report.paymentIntents} PaymentIntents and ${report.refunds} refunds created ${report.from} .. ${report.to}`);
for (const finding of report.findings) console.log(`  ${describe[finding.kind]!(finding as unknown as Record<string, unknown>)}`);
console.log(report.findings.length === 0 ? '  everything agrees' : `  ${report.findings.length} finding(s)`);
process.exit(0);
