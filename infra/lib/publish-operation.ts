// The GraphQL mutation through which EventBridge publishes a status change to AppSync, built from
// the schema: `publishOrderUpdate`'s arguments come from the event's detail, and its selection set
// holds every field a subscriber may ask for (AppSync delivers to subscribers only the fields the
// mutation selected), except fields with resolvers of their own: those would run (and need IAM
// access) on every status change, and a subscriber reads them with a query instead.
import {
  Kind, parse, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode, type TypeNode,
} from 'graphql';

export interface PublishOperation {
  readonly document: string;
  readonly variables: readonly string[];
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

const printType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value
    : type.kind === Kind.LIST_TYPE ? `[${printType(type.type)}]` : `${printType(type.type)}!`;

function objectFields(doc: DocumentNode, typeName: string): FieldDefinitionNode[] {
  return doc.definitions
    .filter((d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === typeName)
    .flatMap((d) => [...(d.fields ?? [])]);
}

function selection(doc: DocumentNode, typeName: string, seen: ReadonlySet<string>, resolved: ReadonlySet<string>): string {
  const fields = objectFields(doc, typeName);
  const parts: string[] = [];
  for (const field of fields) {
    if ((field.arguments?.length ?? 0) > 0 || resolved.has(`${typeName}.${field.name.value}`)) continue;
    const inner = namedType(field.type);
    if (objectFields(doc, inner).length === 0) {
      parts.push(field.name.value);
    } else if (!seen.has(inner)) {
      parts.push(`${field.name.value} ${selection(doc, inner, new Set([...seen, inner]), resolved)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/**
 * The publish mutation, or undefined when the schema has no such mutation yet.
 * `resolvedFields`: `Type.field` names that have their own resolver.
 */
export function publishOperation(schema: string, fieldName: string, resolvedFields: ReadonlySet<string> = new Set()): PublishOperation | undefined {
  const doc = parse(schema);
  const field = objectFields(doc, 'Mutation').find((f) => f.name.value === fieldName);
  if (!field) return undefined;
  const args = field.arguments ?? [];
  const variables = args.map((a) => a.name.value);
  const signature = args.map((a) => `$${a.name.value}: ${printType(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name.value}: $${a.name.value}`).join(', ');
  const returned = namedType(field.type);
  const selected = objectFields(doc, returned).length > 0 ? ` ${selection(doc, returned, new Set([returned]), resolvedFields)}` : '';
  const head = signature ? `(${signature})` : '';
  const invocation = call ? `(${call})` : '';
  return { document: `mutation Publish${head} { ${fieldName}${invocation}${selected} }`, variables };
}
