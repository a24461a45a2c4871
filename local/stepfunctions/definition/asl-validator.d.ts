// asl-validator ships no type declarations; this is the part of its API the engine uses.
declare module 'asl-validator' {
  interface AslValidatorResult {
    isValid: boolean;
    errors: { 'Error code': string; Message: string }[];
  }
  export default function aslValidator(definition: object, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidatorResult;
}
