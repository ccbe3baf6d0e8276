// New statement from a template: the template pre-fills the title, the content text (its exact
// JSON, indented) and optionally the policy; each labelled field edits one value of the content
// text in place (only that value's characters change, written as JSON: a string is quoted and
// escaped, a number must be a JSON number and is copied as typed). The content text stays the
// one source of what is signed: the member sees and can edit it, and before creating reviews the
// readable content with what differs from the template highlighted, beside that exact text.
//
// Exports: startTemplates({templates, titleInput, contentInput, onPolicy}) -> {
//   current() -> template | null, review(text) -> Promise<boolean> }

import { nodeAt, numberLiteral, parseText, reindent, replaceNode } from './jsontext.js';
import { readableContent, templateMarks, visibleText } from './readable.js';
import { confirmDialog, el, replaceChildren } from './ui.js';

/** The text a field's input shows for a content value. */
function inputValue(node) {
  if (node.type === 'string') return node.value;
  return node.raw;
}

/** The JSON literal a field's input stands for, or {error}. */
function literalFor(kind, input) {
  if (kind === 'boolean') return { literal: input.checked ? 'true' : 'false' };
  if (kind === 'number') {
    const typed = input.value.trim();
    return numberLiteral(typed) ? { literal: typed } : { error: 'Enter a number as JSON writes it, e.g. 2500000 or 0.25.' };
  }
  return { literal: JSON.stringify(input.value) };
}

export function startTemplates({ templates, titleInput, contentInput, onPolicy }) {
  const section = document.getElementById('template-section');
  const select = document.getElementById('template-select');
  const fieldsBox = document.getElementById('template-fields');
  let chosen = null;
  let inputs = [];
  section.hidden = templates.length === 0;
  for (const template of templates) select.append(el('option', { value: template.id }, template.name));

  function contentRoot() {
    try {
      return parseText(contentInput.value);
    } catch {
      return null;
    }
  }

  /** Shows each field's current value from the content text (a field the text lost is disabled). */
  function refreshFields() {
    const root = contentRoot();
    for (const entry of inputs) {
      const node = root && nodeAt(root, entry.field.pointer);
      const usable = node && (node.type === entry.kind || (entry.kind === 'boolean' && (node.type === 'true' || node.type === 'false')));
      entry.input.disabled = !usable;
      entry.error.hidden = usable;
      entry.error.textContent = usable ? '' : 'The content no longer holds this field as its template had it; edit the JSON instead.';
      if (!usable || document.activeElement === entry.input) continue;
      if (entry.kind === 'boolean') entry.input.checked = node.type === 'true';
      else entry.input.value = inputValue(node);
    }
  }

  function writeField(entry) {
    const root = contentRoot();
    const node = root && nodeAt(root, entry.field.pointer);
    if (!node) return refreshFields();
    const { literal, error } = literalFor(entry.kind, entry.input);
    entry.error.textContent = error || '';
    entry.error.hidden = !error;
    if (error) entry.input.setAttribute('aria-invalid', 'true');
    else entry.input.removeAttribute('aria-invalid');
    if (error) return undefined;
    contentInput.value = replaceNode(contentInput.value, node, literal);
    contentInput.dispatchEvent(new Event('input', { bubbles: true }));
    return undefined;
  }

  function fieldInput(field, index, node) {
    const id = `template-field-${index}`;
    const kind = node.type === 'true' || node.type === 'false' ? 'boolean' : node.type;
    const input = kind === 'boolean'
      ? el('input', { type: 'checkbox', id, dataset: { pointer: field.pointer } })
      : el('input', { type: 'text', id, inputmode: kind === 'number' ? 'decimal' : undefined, spellcheck: kind === 'number' ? 'false' : undefined,
        'aria-describedby': `${id}-where ${id}-error`, dataset: { pointer: field.pointer } });
    const error = el('p', { class: 'error-text', id: `${id}-error`, hidden: true });
    const entry = { field, kind, input, error };
    input.addEventListener(kind === 'boolean' ? 'change' : 'input', () => writeField(entry));
    inputs.push(entry);
    const label = el('label', { for: id }, el('bdi', {}, visibleText(field.label)));
    return el('div', { class: kind === 'boolean' ? 'field inline' : 'field' },
      kind === 'boolean' ? [input, label] : [label, input],
      el('p', { class: 'hint', id: `${id}-where` }, field.hint ? [el('bdi', {}, visibleText(field.hint)), ' · '] : null,
        `${kind} at `, el('code', {}, visibleText(field.pointer))),
      error);
  }

  function choose() {
    chosen = templates.find((template) => template.id === select.value) || null;
    inputs = [];
    if (!chosen) {
      replaceChildren(fieldsBox);
      onPolicy(null);
      return;
    }
    if (chosen.title) titleInput.value = chosen.title;
    contentInput.value = reindent(chosen.contentText);
    contentInput.dispatchEvent(new Event('input', { bubbles: true }));
    const root = parseText(contentInput.value);
    replaceChildren(fieldsBox, chosen.fields.map((field, index) => {
      const node = nodeAt(root, field.pointer);
      return node ? fieldInput(field, index, node) : null;
    }));
    refreshFields();
    onPolicy(chosen.policy);
  }

  select.addEventListener('change', choose);
  contentInput.addEventListener('input', refreshFields);

  /** The review before creating: the readable content with the differences, beside the exact text. */
  async function review(text) {
    const root = parseText(text);
    const { marks, removed } = templateMarks(parseText(chosen.contentText), root, chosen.fields);
    const changed = [...marks.values()].filter((mark) => mark.kind !== 'filled').length + removed.length;
    return confirmDialog({
      title: 'Review the statement',
      body: [
        el('p', { id: 'review-summary', class: changed ? 'diff-summary' : '' }, changed
          ? `${changed} change${changed === 1 ? '' : 's'} outside the fields of the template "${chosen.name}", highlighted.`
          : `Only the fields of the template "${chosen.name}" were filled in.`),
        removed.length ? el('p', {}, 'Removed from the template: ', removed.map((pointer, index) => [index ? ', ' : '', el('code', {}, visibleText(pointer))])) : null,
        el('div', { id: 'review-readable' }, readableContent(root, { marks })),
        el('p', { class: 'hint' }, 'The content exactly as typed; everyone signs its canonical form:'),
        el('pre', { class: 'mono', id: 'review-exact' }, visibleText(text)),
      ],
      confirmLabel: 'Create statement',
      cancelLabel: 'Back to the form',
    });
  }

  return { current: () => chosen, review };
}
