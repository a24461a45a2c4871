// A Lambda context as the runtime passes it, for invoking task handlers directly.
export const lambdaContext = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 };
