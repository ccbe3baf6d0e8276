// Countersign web app: JSON text read without changing it.
//
// JSON.parse turns every number into a double, so 2500000.50 and 1e21 come back as a number whose
// printed form is not what was written. The pages that show or edit what members sign read the
// text with parseText instead: each value keeps where it is in the text and, for numbers and
// literals, its exact characters. Nothing here ever re-serialises a value.
//
// Exports (stable):
//   parseText(text) -> node      throws SyntaxError (with the offset) on text that is not JSON
//       node: {type: 'object'|'array'|'string'|'number'|'true'|'false'|'null', start, end, raw,
//              value (strings: the decoded string), entries: [{key, node}] (objects),
//              items: [node] (arrays)}
//   nodeAt(root, pointer) -> node | null     RFC 6901 JSON Pointer ("/parties/0/name")
//   pointerOf(tokens) -> string              the pointer of a path of keys and indexes
//   replaceNode(text, node, literal) -> text the text with the node's span replaced
//   reindent(text) -> text                   two-space indentation, whitespace changes only
//   sameValue(a, b) -> boolean               equal JSON values (numbers by value, objects by member)
//   numberLiteral(text) -> boolean           text is one JSON number

const WHITESPACE = ' \t\n\r';
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function numberLiteral(text) {
  return NUMBER.test(text);
}

/** Parses JSON text into nodes that keep their place and exact characters. */
export function parseText(text) {
  let i = 0;
  const fail = (what) => { throw new SyntaxError(`${what} at offset ${i}`); };
  const skip = () => { while (i < text.length && WHITESPACE.includes(text[i])) i += 1; };
  const parseString = () => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i += 1;
      else if (text.charCodeAt(i) < 0x20) fail('a control character in a string');
      i += 1;
    }
    if (i >= text.length) fail('an unterminated string');
    i += 1;
    const raw = text.slice(start, i);
    return { type: 'string', start, end: i, raw, value: JSON.parse(raw) };
  };
  const parseValue = (depth) => {
    if (depth > 256) fail('nesting too deep');
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i += 1;
      const entries = [];
      skip();
      if (text[i] === '}') { i += 1; return { type: 'object', start, end: i, entries }; }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('a member name');
        const key = parseString().value;
        skip();
        if (text[i] !== ':') fail('":"');
        i += 1;
        entries.push({ key, node: parseValue(depth + 1) });
        skip();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === '}') { i += 1; return { type: 'object', start, end: i, entries }; }
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      i += 1;
      const items = [];
      skip();
      if (text[i] === ']') { i += 1; return { type: 'array', start, end: i, items }; }
      for (;;) {
        items.push(parseValue(depth + 1));
        skip();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === ']') { i += 1; return { type: 'array', start, end: i, items }; }
        fail('"," or "]"');
      }
    }
    if (c === '"') return parseString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return { type: literal, start, end: i, raw: literal };
      }
    }
    let j = i;
    while (j < text.length && '+-0123456789.eE'.includes(text[j])) j += 1;
    const raw = text.slice(i, j);
    if (!NUMBER.test(raw)) fail('a JSON value');
    i = j;
    return { type: 'number', start, end: i, raw };
  };
  const root = parseValue(0);
  skip();
  if (i !== text.length) fail('text after the JSON value');
  return root;
}

/** The tokens of an RFC 6901 pointer, or null when it is not one. */
function pointerTokens(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  const tokens = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) return null;
    tokens.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return tokens;
}

export function pointerOf(tokens) {
  return tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function nodeAt(root, pointer) {
  const tokens = pointerTokens(pointer);
  if (!tokens) return null;
  let node = root;
  for (const token of tokens) {
    if (node.type === 'object') {
      const entry = node.entries.find((candidate) => candidate.key === token);
      if (!entry) return null;
      node = entry.node;
    } else if (node.type === 'array') {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= node.items.length) return null;
      node = node.items[Number(token)];
    } else {
      return null;
    }
  }
  return node;
}

export function replaceNode(text, node, literal) {
  return text.slice(0, node.start) + literal + text.slice(node.end);
}

/** Equal JSON values: numbers by value (the server refuses numbers a double would round). */
export function sameValue(a, b) {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'string': return a.value === b.value;
    case 'number': return Number(a.raw) === Number(b.raw);
    case 'array': return a.items.length === b.items.length && a.items.every((item, index) => sameValue(item, b.items[index]));
    case 'object': return a.entries.length === b.entries.length
      && a.entries.every((entry) => { const other = b.entries.find((candidate) => candidate.key === entry.key); return other && sameValue(entry.node, other.node); });
    default: return true;
  }
}

/**
 * Re-indents JSON text (two spaces) without parsing its values: strings, numbers and literals are
 * copied exactly as written and only the whitespace between tokens changes. `text` must be JSON.
 */
export function reindent(text) {
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (j < text.length && WHITESPACE.includes(text[j])) j += 1;
      if (text[j] === close) {
        out += c + close;
        i = j + 1;
      } else {
        depth += 1;
        out += c + newline();
        i += 1;
      }
    } else if (c === '}' || c === ']') {
      depth -= 1;
      out += newline() + c;
      i += 1;
    } else if (c === ',') {
      out += `,${newline()}`;
      i += 1;
    } else if (c === ':') {
      out += ': ';
      i += 1;
    } else if (WHITESPACE.includes(c)) {
      i += 1;
    } else {
      let j = i;
      while (j < text.length && !`${WHITESPACE},:{}[]"`.includes(text[j])) j += 1;
      out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}
