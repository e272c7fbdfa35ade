import { ListQueryError } from './errors.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'keyword' | 'end';

export interface Token {
  kind: TokenKind;
  /** keywords upper-cased; strings unescaped; identifiers as written */
  text: string;
  pos: number;
}

const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'STARTS_WITH', 'ORDER', 'BY', 'GROUP', 'LIMIT', 'TRUE', 'FALSE',
  'ASC', 'DESC', 'LIKE',
]);

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_.]/.test(c);

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const syntax = (msg: string, pos: number) => new ListQueryError(`invalid query: syntax error at position ${pos + 1}: ${msg}`);
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, pos: start });
      i++;
    } else if (c === "'" || c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= query.length) throw syntax(`unterminated string starting with ${c}`, start);
        const ch = query[i];
        if (ch === '\\' && i + 1 < query.length) {
          text += query[i + 1];
          i += 2;
        } else if (ch === c) {
          if (query[i + 1] === c) {
            text += c;
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          text += ch;
          i++;
        }
      }
      tokens.push({ kind: 'string', text, pos: start });
    } else if (c === '`') {
      const end = query.indexOf('`', i + 1);
      if (end < 0) throw syntax('unterminated backtick-quoted name', start);
      const name = query.slice(i + 1, end);
      if (!name) throw syntax('empty backtick-quoted name', start);
      tokens.push({ kind: 'ident', text: name, pos: start });
      i = end + 1;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(query[i + 1] ?? ''))) {
      i++;
      while (i < query.length && /[0-9.eE]/.test(query[i])) i++;
      const text = query.slice(start, i);
      if (!Number.isFinite(Number(text))) throw syntax(`invalid number ${text}`, start);
      tokens.push({ kind: 'number', text, pos: start });
    } else if ('=!<>'.includes(c)) {
      const two = query.slice(i, i + 2);
      const op = ['!=', '<>', '>=', '<='].includes(two) ? two : c;
      if (op === '!') throw syntax("unexpected '!'", start);
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos: start });
      i += op.length;
    } else if (isIdentStart(c)) {
      while (i < query.length && isIdentPart(query[i])) i++;
      const word = query.slice(start, i);
      const upper = word.toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { kind: 'keyword', text: upper, pos: start } : { kind: 'ident', text: word, pos: start });
    } else {
      throw syntax(`unexpected character ${JSON.stringify(c)}`, start);
    }
  }
  tokens.push({ kind: 'end', text: '', pos: query.length });
  return tokens;
}
