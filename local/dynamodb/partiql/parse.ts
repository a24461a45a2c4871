// The subset of PartiQL that DynamoDB runs
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.statements.html):
// SELECT, INSERT, UPDATE and DELETE on one table, `?` parameters, PartiQL literals (strings in
// single quotes, numbers, booleans, NULL, tuples `{...}`, lists `[...]`, bags `<<...>>` as sets)
// and the WHERE conditions and functions of
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-functions.html.
// No npm package parses PartiQL; this parser is small and only knows what DynamoDB accepts.

export type PathStep = { readonly name: string } | { readonly index: number };
export type Path = readonly PathStep[];

/** A value written in the statement: a literal, a parameter, or a tuple, list or bag of values. */
export type ValueNode =
  | { readonly kind: 'literal'; readonly value: Record<string, unknown> }
  | { readonly kind: 'param'; readonly index: number }
  | { readonly kind: 'tuple'; readonly entries: readonly (readonly [string, ValueNode])[] }
  | { readonly kind: 'list'; readonly items: readonly ValueNode[] }
  | { readonly kind: 'bag'; readonly items: readonly ValueNode[] };

export type Operand =
  | ValueNode
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Operand[] }
  | { readonly kind: 'arith'; readonly op: '+' | '-'; readonly left: Operand; readonly right: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'between'; readonly operand: Operand; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly list: readonly Operand[] }
  | { readonly kind: 'is'; readonly path: Path; readonly test: 'MISSING' | 'NULL'; readonly negated: boolean }
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly Operand[] };

export type Returning = 'ALL_OLD' | 'MODIFIED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

export type UpdateAction =
  | { readonly kind: 'set'; readonly path: Path; readonly value: Operand }
  | { readonly kind: 'remove'; readonly path: Path };

export type SelectStatement = { readonly kind: 'select'; readonly table: string; readonly index?: string; readonly projection: readonly Path[] | '*';
  readonly where?: Condition; readonly orderBy?: { readonly path: Path; readonly descending: boolean } };

export type Statement =
  | SelectStatement
  /** `EXISTS(SELECT ...)`: a transaction's condition check (ql-functions.exists.html). */
  | { readonly kind: 'exists'; readonly table: string; readonly select: SelectStatement }
  | { readonly kind: 'insert'; readonly table: string; readonly item: ValueNode }
  | { readonly kind: 'update'; readonly table: string; readonly actions: readonly UpdateAction[]; readonly where: Condition; readonly returning?: Returning }
  | { readonly kind: 'delete'; readonly table: string; readonly where: Condition; readonly returning?: Returning };

export interface Parsed {
  readonly statement: Statement;
  /** How many `?` the statement has: the request must give as many Parameters. */
  readonly parameterCount: number;
}

/** A statement DynamoDB cannot parse (its ValidationException text). */
export class PartiqlSyntaxError extends Error {}

type Token =
  | { readonly type: 'word'; readonly text: string; readonly at: number }
  | { readonly type: 'quoted'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly text: string; readonly at: number }
  | { readonly type: 'number'; readonly text: string; readonly at: number }
  | { readonly type: 'punct'; readonly text: string; readonly at: number }
  | { readonly type: 'end'; readonly text: ''; readonly at: number };

const PUNCTUATION = ['<<', '>>', '<=', '>=', '<>', '!=', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', ';', '?', '*', '+', '-'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === "'" || c === '"') {
      // A quote is escaped by doubling it, as in SQL.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= source.length) throw new PartiqlSyntaxError(`Statement wasn't well formed, can't be processed: Unterminated quoted text at ${i + 1}`);
        if (source[j] === c && source[j + 1] === c) { text += c; j += 2; continue; }
        if (source[j] === c) break;
        text += source[j];
        j += 1;
      }
      tokens.push({ type: c === "'" ? 'string' : 'quoted', text, at: i });
      i = j + 1;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw new PartiqlSyntaxError(`Statement wasn't well formed, can't be processed: Unexpected character '${c}' at ${i + 1}`);
    tokens.push({ type: 'punct', text: punct, at: i });
    i += punct.length;
  }
  tokens.push({ type: 'end', text: '', at: source.length });
  return tokens;
}

const RESERVED_STOPS = new Set(['WHERE', 'SET', 'REMOVE', 'RETURNING', 'ORDER', 'AND', 'OR', 'FROM']);

class Parser {
  private readonly tokens: Token[];
  private position = 0;
  parameters = 0;

  constructor(source: string) {
    this.tokens = tokenize(source);
  }

  private peek(offset = 0): Token { return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]; }
  private next(): Token { const token = this.peek(); this.position += 1; return token; }

  private fail(expected: string): never {
    const token = this.peek();
    const found = token.type === 'end' ? 'end of statement' : `'${token.text}'`;
    throw new PartiqlSyntaxError(`Statement wasn't well formed, can't be processed: Expected ${expected} but found ${found} at ${token.at + 1}`);
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'word' && token.text.toUpperCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(word);
    this.position += 1;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.position += 1;
    return true;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.text === text;
  }

  private punct(text: string): void {
    if (!this.isPunct(text)) this.fail(`'${text}'`);
    this.position += 1;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.position += 1;
    return true;
  }

  statement(): Statement {
    const verb = this.peek();
    let statement: Statement;
    if (this.acceptKeyword('SELECT')) statement = this.select();
    else if (this.acceptKeyword('EXISTS')) {
      this.punct('(');
      this.keyword('SELECT');
      const select = this.select();
      this.punct(')');
      statement = { kind: 'exists', table: select.table, select };
    }
    else if (this.acceptKeyword('INSERT')) statement = this.insert();
    else if (this.acceptKeyword('UPDATE')) statement = this.update();
    else if (this.acceptKeyword('DELETE')) statement = this.delete();
    else if (verb.type === 'end') this.fail('a statement');
    else this.fail('SELECT, INSERT, UPDATE, DELETE or EXISTS');
    this.acceptPunct(';');
    if (this.peek().type !== 'end') this.fail('end of statement');
    return statement;
  }

  private identifier(): string {
    const token = this.peek();
    if (token.type === 'quoted' || (token.type === 'word' && !RESERVED_STOPS.has(token.text.toUpperCase()))) {
      this.position += 1;
      return token.text;
    }
    return this.fail('an identifier');
  }

  private select(): SelectStatement {
    let projection: Path[] | '*';
    if (this.acceptPunct('*')) projection = '*';
    else {
      projection = [this.path()];
      while (this.acceptPunct(',')) projection.push(this.path());
    }
    this.keyword('FROM');
    const table = this.identifier();
    const index = this.acceptPunct('.') ? this.identifier() : undefined;
    const where = this.acceptKeyword('WHERE') ? this.condition() : undefined;
    let orderBy: { path: Path; descending: boolean } | undefined;
    if (this.acceptKeyword('ORDER')) {
      this.keyword('BY');
      const path = this.path();
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      orderBy = { path, descending };
    }
    return { kind: 'select', table, index, projection, where, orderBy };
  }

  private insert(): Statement {
    this.keyword('INTO');
    const table = this.identifier();
    this.keyword('VALUE');
    const item = this.value();
    return { kind: 'insert', table, item };
  }

  private update(): Statement {
    const table = this.identifier();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.acceptKeyword('SET')) {
        do {
          const path = this.path();
          this.punct('=');
          actions.push({ kind: 'set', path, value: this.operand() });
        } while (this.acceptPunct(','));
      } else if (this.acceptKeyword('REMOVE')) {
        do actions.push({ kind: 'remove', path: this.path() }); while (this.acceptPunct(','));
      } else break;
    }
    if (actions.length === 0) this.fail('SET or REMOVE');
    this.keyword('WHERE');
    const where = this.condition();
    const returning = this.returning(['ALL OLD', 'MODIFIED OLD', 'ALL NEW', 'MODIFIED NEW']);
    return { kind: 'update', table, actions, where, returning };
  }

  private delete(): Statement {
    this.keyword('FROM');
    const table = this.identifier();
    this.keyword('WHERE');
    const where = this.condition();
    const returning = this.returning(['ALL OLD']);
    return { kind: 'delete', table, where, returning };
  }

  private returning(allowed: string[]): Returning | undefined {
    if (!this.acceptKeyword('RETURNING')) return undefined;
    const first = this.next().text.toUpperCase();
    const second = this.next().text.toUpperCase();
    this.punct('*');
    const chosen = `${first} ${second}`;
    if (!allowed.includes(chosen)) throw new PartiqlSyntaxError(`Statement wasn't well formed, can't be processed: RETURNING ${chosen} is not supported here`);
    return chosen === 'MODIFIED NEW' ? 'UPDATED_NEW' : chosen === 'MODIFIED OLD' ? 'MODIFIED_OLD' : chosen.replace(' ', '_') as Returning;
  }

  path(): Path {
    const steps: PathStep[] = [{ name: this.identifier() }];
    for (;;) {
      if (this.acceptPunct('.')) steps.push({ name: this.identifier() });
      else if (this.isPunct('[')) {
        this.position += 1;
        const token = this.next();
        if (token.type === 'number' && /^\d+$/.test(token.text)) steps.push({ index: Number(token.text) });
        else if (token.type === 'string') steps.push({ name: token.text });
        else { this.position -= 1; this.fail('a list index'); }
        this.punct(']');
      } else return steps;
    }
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.negation() };
    return this.predicate();
  }

  private predicate(): Condition {
    if (this.isPunct('(')) {
      // A parenthesised condition (operands are never parenthesised on their own here).
      this.position += 1;
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    const token = this.peek();
    if (token.type === 'word' && this.peek(1).type === 'punct' && this.peek(1).text === '(' && token.text.toLowerCase() !== 'size') {
      const call = this.operand();
      if (call.kind !== 'call') return this.fail('a condition');
      return { kind: 'function', name: call.name, args: call.args };
    }
    const left = this.operand();
    if (this.acceptKeyword('IS')) {
      if (left.kind !== 'path') this.fail('an attribute before IS');
      const negated = this.acceptKeyword('NOT');
      const test = this.next().text.toUpperCase();
      if (test !== 'MISSING' && test !== 'NULL') { this.position -= 1; this.fail('MISSING or NULL'); }
      return { kind: 'is', path: left.path, test, negated };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.operand();
      this.keyword('AND');
      return { kind: 'between', operand: left, low, high: this.operand() };
    }
    if (this.acceptKeyword('IN')) {
      const close = this.acceptPunct('[') ? ']' : (this.punct('('), ')');
      const list = [this.operand()];
      while (this.acceptPunct(',')) list.push(this.operand());
      this.punct(close);
      return { kind: 'in', operand: left, list };
    }
    const op = this.peek();
    if (op.type !== 'punct' || !['=', '<>', '!=', '<', '<=', '>', '>='].includes(op.text)) return this.fail('a comparison');
    this.position += 1;
    return { kind: 'compare', op: (op.text === '!=' ? '<>' : op.text) as Comparator, left, right: this.operand() };
  }

  operand(): Operand {
    let left = this.term();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      left = { kind: 'arith', op, left, right: this.term() };
    }
    return left;
  }

  private term(): Operand {
    const token = this.peek();
    if (token.type === 'word' && this.peek(1).type === 'punct' && this.peek(1).text === '(') {
      this.position += 2;
      const args: Operand[] = [];
      if (!this.isPunct(')')) {
        args.push(this.operand());
        while (this.acceptPunct(',')) args.push(this.operand());
      }
      this.punct(')');
      return { kind: 'call', name: token.text.toLowerCase(), args };
    }
    if (token.type === 'word' && ['TRUE', 'FALSE', 'NULL', 'MISSING'].includes(token.text.toUpperCase())) return this.value();
    if (token.type === 'word' || token.type === 'quoted') return { kind: 'path', path: this.path() };
    return this.value();
  }

  value(): ValueNode {
    const token = this.next();
    if (token.type === 'string') return { kind: 'literal', value: { S: token.text } };
    if (token.type === 'number') return { kind: 'literal', value: { N: token.text } };
    if (token.type === 'word') {
      const word = token.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { kind: 'literal', value: { BOOL: word === 'TRUE' } };
      if (word === 'NULL') return { kind: 'literal', value: { NULL: true } };
    }
    if (token.type === 'punct') {
      switch (token.text) {
        case '?': return { kind: 'param', index: this.parameters++ };
        case '-': {
          const number = this.next();
          if (number.type !== 'number') { this.position -= 1; this.fail('a number'); }
          return { kind: 'literal', value: { N: `-${number.text}` } };
        }
        case '{': {
          const entries: [string, ValueNode][] = [];
          if (!this.acceptPunct('}')) {
            do {
              const key = this.next();
              if (key.type !== 'string' && key.type !== 'quoted') { this.position -= 1; this.fail('an attribute name in quotes'); }
              this.punct(':');
              entries.push([key.text, this.value()]);
            } while (this.acceptPunct(','));
            this.punct('}');
          }
          return { kind: 'tuple', entries };
        }
        case '[':
        case '<<': {
          const close = token.text === '[' ? ']' : '>>';
          const items: ValueNode[] = [];
          if (!this.acceptPunct(close)) {
            do items.push(this.value()); while (this.acceptPunct(','));
            this.punct(close);
          }
          return { kind: token.text === '[' ? 'list' : 'bag', items };
        }
      }
    }
    this.position -= 1;
    return this.fail('a value');
  }
}

/** Parses one statement; throws PartiqlSyntaxError with DynamoDB's wording for what it cannot parse. */
export function parseStatement(source: string): Parsed {
  const parser = new Parser(source);
  const statement = parser.statement();
  return { statement, parameterCount: parser.parameters };
}
