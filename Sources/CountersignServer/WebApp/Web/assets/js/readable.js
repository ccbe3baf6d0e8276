// Countersign web app: statement content as a readable document, never misrepresenting the JSON
// that is signed (docs/webapp.md, "Readable statements"). The page always shows that exact JSON
// beside this view.
//
// The rules:
//  - Objects are key/value tables, arrays numbered lists, nested as deep as the content goes.
//  - Numbers are shown from their JSON characters, never through JavaScript's number type: the
//    digits are exactly those of the JSON (an exponent is written out when that takes at most 40
//    digits, else the JSON form is kept), grouped with the reader's separators; the JSON
//    characters are in the title and data-raw.
//  - A string is shown as a date only when it is unambiguous: a calendar date YYYY-MM-DD, or an
//    RFC 3339 date-time with seconds and an explicit offset (Z or ±hh:mm). The exact text is shown
//    beside it. Anything else (03/04/2026, a time without an offset) stays text.
//  - Invisible and direction-changing characters (bidirectional overrides, isolates and marks,
//    zero-width characters, controls, tag characters, fillers) are shown as a visible marker
//    naming their code point, never applied; every value is isolated (<bdi>) so right-to-left text
//    cannot reorder what is around it. Line feeds break lines; long texts wrap.
//
// Exports (stable):
//   readableContent(node, {marks}) -> Element   node from jsontext.parseText; marks: Map of
//                                    pointer -> {kind: 'filled'|'changed'|'added', was} (diff)
//   visibleText(string) -> Node[]    the string with invisible characters as markers
//   formatNumberText(raw) -> string  the exact digits of a JSON number, grouped
//   dateText(string) -> {date: Date, dateOnly} | null   an unambiguous date, or null
//   templateMarks(templateRoot, contentRoot, fields) -> {marks, removed}  the differences

import { pointerOf, sameValue } from './jsontext.js';
import { el } from './ui.js';

/** Code points shown as markers instead of being rendered. */
function isInvisible(code) {
  return (code < 0x20 && code !== 0x0A) || (code >= 0x7F && code <= 0x9F)
    || code === 0x00AD || code === 0x034F || code === 0x061C || code === 0x115F || code === 0x1160
    || code === 0x17B4 || code === 0x17B5 || (code >= 0x180B && code <= 0x180F)
    || (code >= 0x200B && code <= 0x200F) || (code >= 0x2028 && code <= 0x202E)
    || (code >= 0x2060 && code <= 0x206F) || code === 0x3164 || code === 0xFEFF || code === 0xFFA0
    || (code >= 0xFFF9 && code <= 0xFFFB) || (code >= 0x1D173 && code <= 0x1D17A)
    || (code >= 0xE0000 && code <= 0xE007F) || (code >= 0xD800 && code <= 0xDFFF);
}

const NAMES = {
  0x09: 'tab', 0x0D: 'carriage return', 0x00AD: 'soft hyphen', 0x061C: 'Arabic letter mark',
  0x200B: 'zero width space', 0x200C: 'zero width non-joiner', 0x200D: 'zero width joiner',
  0x200E: 'left-to-right mark', 0x200F: 'right-to-left mark', 0x2028: 'line separator',
  0x2029: 'paragraph separator', 0x202A: 'left-to-right embedding', 0x202B: 'right-to-left embedding',
  0x202C: 'pop directional formatting', 0x202D: 'left-to-right override', 0x202E: 'right-to-left override',
  0x2060: 'word joiner', 0x2066: 'left-to-right isolate', 0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate', 0x2069: 'pop directional isolate', 0xFEFF: 'zero width no-break space',
};

function codePointName(code) {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex}`;
}

export function visibleText(text) {
  const nodes = [];
  let run = '';
  for (const character of text) {
    const code = character.codePointAt(0);
    if (!isInvisible(code)) {
      run += character;
      continue;
    }
    if (run) nodes.push(document.createTextNode(run));
    run = '';
    const name = NAMES[code] || 'invisible or control character';
    nodes.push(el('span', { class: 'invisible-char', title: `${codePointName(code)} ${name}: shown, not applied`, dataset: { codePoint: codePointName(code) } },
      `⟦${codePointName(code)}⟧`));
  }
  if (run) nodes.push(document.createTextNode(run));
  return nodes;
}

let separators = null;
function localeSeparators() {
  if (!separators) {
    const parts = new Intl.NumberFormat(undefined).formatToParts(12345.5);
    separators = {
      group: (parts.find((part) => part.type === 'group') || { value: ',' }).value,
      decimal: (parts.find((part) => part.type === 'decimal') || { value: '.' }).value,
    };
  }
  return separators;
}

const MAX_WRITTEN_DIGITS = 40;

export function formatNumberText(raw) {
  const match = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!match) return raw;
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (Math.abs(exponent) > MAX_WRITTEN_DIGITS || Math.max(point, digits.length - point) > MAX_WRITTEN_DIGITS) return raw;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const decimals = digits.slice(point).replace(/0+$/, '');
  const { group, decimal } = localeSeparators();
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return sign + grouped + (decimals ? decimal + decimals : '');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function validDay(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function dateText(text) {
  let match = DATE.exec(text);
  if (match) {
    const [year, month, day] = match.slice(1, 4).map(Number);
    return validDay(year, month, day) ? { date: new Date(Date.UTC(year, month - 1, day)), dateOnly: true } : null;
  }
  match = DATE_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const offset = match[8];
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : { date, dateOnly: false };
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' });
const momentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'long' });

function stringValue(value) {
  const date = dateText(value);
  if (date) {
    return el('span', { class: 'readable-date' },
      el('time', { datetime: value, title: `exact text: ${value}` }, (date.dateOnly ? dayFormat : momentFormat).format(date.date)),
      ' ', el('span', { class: 'mono muted raw-text' }, value));
  }
  if (value === '') return el('span', { class: 'muted', title: 'an empty string' }, '(empty text)');
  return el('bdi', { class: 'readable-string' }, visibleText(value));
}

function scalar(node) {
  switch (node.type) {
    case 'string': return stringValue(node.value);
    case 'number': return el('span', { class: 'readable-number', title: `JSON number ${node.raw}`, dataset: { raw: node.raw } },
      formatNumberText(node.raw));
    case 'null': return el('span', { class: 'muted', title: 'JSON null' }, 'null');
    default: return el('span', { class: 'readable-literal' }, node.type);
  }
}

const MARK_TEXT = { filled: 'filled in', changed: 'changed from the template', added: 'not in the template' };

function marked(value, pointer, marks) {
  const mark = marks && marks.get(pointer);
  if (!mark) return value;
  return el('span', { class: `diff diff-${mark.kind}`, dataset: { diff: mark.kind, pointer } }, el('span', { class: 'diff-value' }, value),
    el('span', { class: 'diff-note' }, ` ${MARK_TEXT[mark.kind]}`,
      mark.was !== undefined ? [' (template: ', el('bdi', { class: 'mono' }, visibleText(mark.was)), ')'] : null));
}

function render(node, tokens, marks) {
  const pointer = pointerOf(tokens);
  let value;
  if (node.type === 'object') {
    value = node.entries.length === 0 ? el('span', { class: 'muted' }, '(no entries)')
      : el('table', { class: 'readable-object' }, el('tbody', {}, node.entries.map((entry) => el('tr', {},
        el('th', { scope: 'row' }, el('bdi', {}, visibleText(entry.key))),
        el('td', {}, render(entry.node, [...tokens, entry.key], marks))))));
  } else if (node.type === 'array') {
    value = node.items.length === 0 ? el('span', { class: 'muted' }, '(empty list)')
      : el('ol', { class: 'readable-array' }, node.items.map((item, index) => el('li', {}, render(item, [...tokens, index], marks))));
  } else {
    value = scalar(node);
  }
  const wrapped = marked(value, pointer, marks);
  if (wrapped !== value) return wrapped;
  if (node.type !== 'object' && node.type !== 'array') return el('span', { dataset: { pointer } }, value);
  return value;
}

export function readableContent(node, { marks } = {}) {
  return el('div', { class: 'readable' }, render(node, [], marks));
}

function shortText(node) {
  const text = node.type === 'string' ? JSON.stringify(node.value) : (node.raw || node.type);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * The differences between a template's content and a statement's: every value at a template
 * field's pointer that was filled in, every other value that changed or was added, and the
 * pointers of template values that are gone.
 */
export function templateMarks(templateRoot, contentRoot, fields = []) {
  const fieldPointers = new Set(fields.map((field) => field.pointer));
  const marks = new Map();
  const removed = [];
  const walk = (template, content, tokens) => {
    const pointer = pointerOf(tokens);
    if (template.type === 'object' && content.type === 'object') {
      for (const entry of content.entries) {
        const other = template.entries.find((candidate) => candidate.key === entry.key);
        if (other) walk(other.node, entry.node, [...tokens, entry.key]);
        else marks.set(pointerOf([...tokens, entry.key]), { kind: 'added' });
      }
      for (const entry of template.entries) {
        if (!content.entries.some((candidate) => candidate.key === entry.key)) removed.push(pointerOf([...tokens, entry.key]));
      }
      return;
    }
    if (template.type === 'array' && content.type === 'array') {
      content.items.forEach((item, index) => {
        if (index < template.items.length) walk(template.items[index], item, [...tokens, index]);
        else marks.set(pointerOf([...tokens, index]), { kind: 'added' });
      });
      for (let index = content.items.length; index < template.items.length; index += 1) removed.push(pointerOf([...tokens, index]));
      return;
    }
    if (sameValue(template, content)) return;
    marks.set(pointer, { kind: fieldPointers.has(pointer) ? 'filled' : 'changed', was: shortText(template) });
  };
  walk(templateRoot, contentRoot, []);
  return { marks, removed };
}
