// The conformance table lists exactly the members @aws-appsync/utils declares: checked here against
// the declarations read with the TypeScript compiler, not against a hand-kept list.
import path from 'node:path';
import ts from 'typescript';
import { conformanceRows } from '../../local/appsync/conformance.ts';

function declaredMembers(): string[] {
  const entry = path.resolve('node_modules/@aws-appsync/utils/lib/index.d.ts');
  const program = ts.createProgram([entry], { types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile) as ts.Symbol;
  const exports = checker.getExportsOfModule(moduleSymbol);
  const out: string[] = [];
  const walk = (prefix: string, type: ts.Type, node: ts.Node) => {
    for (const prop of type.getProperties()) {
      const propType = checker.getTypeOfSymbolAtLocation(prop, node);
      if (propType.getCallSignatures().length > 0) out.push(`${prefix}.${prop.name}`);
      else walk(`${prefix}.${prop.name}`, propType, node);
    }
  };
  for (const name of ['util', 'runtime', 'extensions']) {
    const symbol = exports.find((s) => s.name === name) as ts.Symbol;
    const node = symbol.declarations?.[0] as ts.Node;
    walk(name, checker.getTypeOfSymbolAtLocation(symbol, node), node);
  }
  return out.sort();
}

test('the table covers every declared member of util, runtime and extensions, and nothing else', () => {
  const listed = conformanceRows().map((r) => r.member).filter((m) => !m.startsWith('ddb.') && !m.startsWith('rds.')).sort();
  expect(listed).toEqual(declaredMembers());
});

// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-rds-js.html: the rds module's
// members are the functions lib/rds-helpers.d.ts declares (typeHint's and agg's members one by one).
test('the table lists every function the rds module declares', () => {
  const entry = path.resolve('node_modules/@aws-appsync/utils/lib/rds-helpers.d.ts');
  const program = ts.createProgram([entry], { types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile) as ts.Symbol;
  const declared: string[] = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const node = symbol.declarations?.[0];
    if (node === undefined || ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, node);
    if (type.getCallSignatures().length > 0) declared.push(`rds.${symbol.name}`);
    else for (const prop of type.getProperties()) declared.push(`rds.${symbol.name}.${prop.name}`);
  }
  const listed = conformanceRows().filter((r) => r.member.startsWith('rds.'));
  expect(listed.map((r) => r.member).sort()).toEqual(declared.sort());
  expect(listed.every((r) => r.implemented)).toBe(true);
});
