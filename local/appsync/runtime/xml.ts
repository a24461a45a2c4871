// util.xml: XML to a plain object, as AppSync documents it
// (https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html): elements
// become keys, repeated elements arrays, numeric and boolean text typed ("id":1), attributes keys of
// their element, text beside children or attributes under "content".
import type { util as UtilDeclaration } from '@aws-appsync/utils';

export class XmlError extends Error {}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name] ?? whole;
  });
}

function typed(text: string): unknown {
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function add(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in target)) target[key] = value;
  else if (Array.isArray(target[key])) (target[key] as unknown[]).push(value);
  else target[key] = [target[key], value];
}

export function xmlToMap(xml: string): Record<string, unknown> {
  const tokens = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const root: Record<string, unknown> = {};
  const stack: Array<{ name: string; node: Record<string, unknown>; text: string }> = [{ name: '', node: root, text: '' }];
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = tokens.exec(xml)) !== null) {
    consumed += match[0].length;
    const [, cdata, closing, name, attributes, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (cdata !== undefined) top.text += cdata;
    else if (text !== undefined) top.text += decode(text);
    else if (name === undefined) continue;
    else if (closing) {
      const done = stack.pop();
      if (done === undefined || done.name !== name || stack.length === 0) throw new XmlError(`Unexpected </${name}>`);
      const trimmed = done.text.trim();
      const value = Object.keys(done.node).length === 0 ? typed(trimmed) : (trimmed === '' ? done.node : { ...done.node, content: typed(trimmed) });
      add(stack[stack.length - 1].node, name, value);
    } else {
      const node: Record<string, unknown> = {};
      for (const a of (attributes ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) node[a[1]] = typed(decode(a[2] ?? a[3] ?? ''));
      if (selfClosing) add(top.node, name, Object.keys(node).length === 0 ? '' : node);
      else stack.push({ name, node, text: '' });
    }
  }
  if (stack.length !== 1 || consumed !== xml.length) throw new XmlError('The XML is not well formed');
  return root;
}

type XmlUtils = typeof UtilDeclaration.xml;

export const xmlUtil = {
  toMap: (xml: string) => xmlToMap(xml),
  toJsonString: ((xml: string, stringEncode?: boolean) => {
    const json = JSON.stringify(xmlToMap(xml));
    return stringEncode ? JSON.stringify(json) : json;
  }) as XmlUtils['toJsonString'],
} satisfies XmlUtils;
