// Which payment provider the tasks use, by configuration (PAYMENT_PROVIDER). Only the sandbox is
// built; a real provider is another PaymentProvider behind the same switch.
import type { PaymentProvider } from './payment-provider.ts';
import { sandboxPaymentProvider } from './sandbox-payment-provider.ts';

export function paymentProvider(env: NodeJS.ProcessEnv = process.env): PaymentProvider {
  const name = env.PAYMENT_PROVIDER ?? 'sandbox';
  if (name === 'sandbox') return sandboxPaymentProvider;
  throw new Error(`PAYMENT_PROVIDER=${name} is not a provider this build knows (known: sandbox)`);
}
