// New statement: optionally started from a template (new-template.js), a title, JSON content
// (validated, pretty-printed, size-limited) and a policy: a stored one, the template's default,
// or one written with the form below. The policy is explained in words by
// the server (POST /api/policies/explain: the same wording and checks as the statement will get)
// before anything is created.
//
// The content is sent as the creator typed it ("contentText"), never re-serialised here: the
// server reads it strictly (I-JSON) and everyone signs its canonical form. JSON.parse would turn
// 1e400 into null, round 12345678901234567890 and keep only the last of two equal names, so it
// is used only to spot a syntax error early; the server's refusal (duplicate names, numbers a
// double cannot hold exactly, lone surrogates, with line and column) is shown next to the field.

import { ApiError, get, post } from './api.js';
import { reindent } from './jsontext.js';
import { startTemplates } from './new-template.js';
import { el, loadSession, renderHeader, replaceChildren, setBusy, showError, showBanner } from './ui.js';

const MAX_CONTENT_BYTES = 1024 * 1024;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

const form = document.getElementById('statement-form');
const titleInput = document.getElementById('title');
const contentInput = document.getElementById('content');
const policyText = document.getElementById('policy-text');
const builder = document.getElementById('policy-builder');
const storedBox = document.getElementById('stored-policy');
const storedSelect = document.getElementById('stored-select');
let member = null;
let members = [];
let policies = [];
let templates = null;
// The chosen template's default policy (JSON), sent as an inline policy when chosen.
let templatePolicy = null;
let explainTimer = null;
let explainSeq = 0;

function fieldError(input, errorId, message) {
  const node = document.getElementById(errorId);
  node.textContent = message || '';
  node.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** The content text exactly as typed, or an error message (empty, too large, not JSON). */
function readContent() {
  const text = contentInput.value;
  if (!text.trim()) return { error: 'Enter the content as JSON, e.g. {"amount": 1000000}.' };
  if (new TextEncoder().encode(text).length > MAX_CONTENT_BYTES) return { error: 'The content is larger than 1 MiB.' };
  try {
    JSON.parse(text);  // a syntax check only: the parsed value is never sent
  } catch (error) {
    return { error: `This is not valid JSON: ${error.message}` };
  }
  return { text };
}

/** True for the server's refusals of the content itself, shown next to the field. */
function isContentRefusal(error) {
  return error instanceof ApiError && (error.code.startsWith('statement_content_') || error.code === 'invalid_json');
}

function validateContent() {
  const { error } = readContent();
  fieldError(contentInput, 'content-error', error);
  return !error;
}

function number(id, label, value, { min = 0, max = 1000 } = {}) {
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('input', { type: 'number', id, min: String(min), max: String(max), step: '1', value: String(value), inputmode: 'numeric' }));
}

function text(id, label, hint) {
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('input', { type: 'text', id, placeholder: hint, 'aria-describedby': `${id}-hint` }),
    el('p', { class: 'hint', id: `${id}-hint` }, 'ISO 8601 duration, e.g. P7D (7 days) or PT24H (24 hours); empty for none.'));
}

function buildForm() {
  const rows = members.map((entry, index) => el('tr', {},
    el('td', {}, el('input', { type: 'checkbox', id: `signer-${index}`, dataset: { member: entry.id } })),
    el('td', {}, el('label', { for: `signer-${index}` }, entry.name), entry.roles.length ? el('span', { class: 'muted' }, ` (${entry.roles.join(', ')})`) : null),
    el('td', {}, el('input', { type: 'number', id: `weight-${index}`, min: '1', max: '100', value: '1', 'aria-label': `weight of ${entry.name}` })),
    el('td', {}, el('input', { type: 'checkbox', id: `required-${index}`, 'aria-label': `${entry.name} must approve` }))));
  const roles = [...new Set(members.flatMap((entry) => entry.roles))].sort();
  const roleRows = roles.map((role, index) => el('tr', {},
    el('td', {}, el('input', { type: 'checkbox', id: `role-${index}`, dataset: { role } })),
    el('td', {}, el('label', { for: `role-${index}` }, `Anyone with role ${role}`)),
    el('td', {}, el('input', { type: 'number', id: `role-weight-${index}`, min: '1', max: '100', value: '1', 'aria-label': `weight of role ${role}` })),
    el('td', {}, '')));
  replaceChildren(builder,
    el('table', {}, el('caption', { class: 'sr-only' }, 'Signers'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Signer'), el('th', { scope: 'col' }, 'Who'),
        el('th', { scope: 'col' }, 'Weight'), el('th', { scope: 'col' }, 'Must approve'))),
      el('tbody', {}, rows, roleRows)),
    el('div', { class: 'grid-2' },
      number('threshold', 'Approvals needed (total weight)', 1, { min: 1 }),
      text('expires-after', 'Expires after', 'e.g. P30D'),
      text('timelock', 'Time lock after approval', 'e.g. PT24H')),
    el('div', { class: 'field inline' }, el('input', { type: 'checkbox', id: 'step-up' }),
      el('label', { for: 'step-up' }, 'Each approval needs a fresh passkey check (step-up)')),
    el('div', { class: 'field inline' }, el('input', { type: 'checkbox', id: 'self-approval', checked: true }),
      el('label', { for: 'self-approval' }, 'The creator\'s own approval counts')));
}

/** The policy the form describes, or {error}. */
function formPolicy() {
  const signers = [];
  const required = [];
  members.forEach((entry, index) => {
    if (!document.getElementById(`signer-${index}`).checked) return;
    signers.push({ member: entry.id, weight: Number(document.getElementById(`weight-${index}`).value) });
    if (document.getElementById(`required-${index}`).checked) required.push(entry.id);
  });
  builder.querySelectorAll('input[data-role]').forEach((box) => {
    if (!box.checked) return;
    const weight = Number(document.getElementById(box.id.replace('role-', 'role-weight-')).value);
    signers.push({ role: box.dataset.role, weight });
  });
  if (!signers.length) return { error: 'Choose at least one signer.' };
  if (signers.some((entry) => !Number.isInteger(entry.weight) || entry.weight < 1)) return { error: 'Weights are whole numbers from 1.' };
  const threshold = Number(document.getElementById('threshold').value);
  const total = signers.reduce((sum, entry) => sum + entry.weight, 0);
  if (!Number.isInteger(threshold) || threshold < 1) return { error: 'The approvals needed must be a whole number from 1.' };
  if (threshold > total) return { error: `The signers chosen weigh ${total} in all; they can never reach ${threshold}.` };
  const policy = { threshold, signers };
  if (required.length) policy.required = required;
  for (const [id, key] of [['expires-after', 'expiresAfter'], ['timelock', 'timelock']]) {
    const value = document.getElementById(id).value.trim();
    if (!value) continue;
    if (!DURATION.test(value)) return { error: `"${value}" is not a duration like P7D or PT24H.` };
    policy[key] = value;
  }
  if (document.getElementById('step-up').checked) policy.stepUp = true;
  if (!document.getElementById('self-approval').checked) policy.allowSelfApproval = false;
  return { policy };
}

function usingStored() {
  return document.getElementById('policy-stored-choice').checked;
}

function usingTemplatePolicy() {
  return document.getElementById('policy-template-choice').checked && templatePolicy !== null;
}

/** Shows the policy source chosen: the stored list, the template's default or the form. */
function showPolicySource() {
  storedBox.hidden = !usingStored();
  document.getElementById('template-policy').hidden = !usingTemplatePolicy();
  builder.hidden = usingStored() || usingTemplatePolicy();
  scheduleExplain();
}

/** A template was chosen (policy: its default policy JSON or null) or none. */
function templatePolicyChanged(policy) {
  templatePolicy = policy || null;
  const option = document.getElementById('policy-template-option');
  const choice = document.getElementById('policy-template-choice');
  option.hidden = templatePolicy === null;
  if (templatePolicy) {
    document.getElementById('template-policy-json').textContent = JSON.stringify(templatePolicy, null, 2);
    choice.checked = true;
  } else if (choice.checked) {
    document.getElementById('policy-form-choice').checked = true;
  }
  showPolicySource();
}

/** The body's policy part: {policy} or {policyId}, or {error}. */
function policyPart() {
  if (usingTemplatePolicy()) return { policy: templatePolicy };
  if (usingStored()) {
    return storedSelect.value ? { policyId: storedSelect.value } : { error: 'There are no stored policies; write one instead.' };
  }
  const { policy, error } = formPolicy();
  return error ? { error } : { policy };
}

async function explain() {
  const part = policyPart();
  const seq = ++explainSeq;
  if (part.error) {
    policyText.textContent = part.error;
    policyText.className = 'error-text';
    return false;
  }
  try {
    const { text: words } = await post('/api/policies/explain', part);
    if (seq !== explainSeq) return true;
    policyText.textContent = `Needs: ${words}.`;
    policyText.className = '';
    return true;
  } catch (error) {
    if (seq !== explainSeq) return false;
    if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
    policyText.textContent = error.message;
    policyText.className = 'error-text';
    return false;
  }
}

function scheduleExplain() {
  clearTimeout(explainTimer);
  explainTimer = setTimeout(() => explain().catch(showError), 300);
}

async function submit(event) {
  event.preventDefault();
  const button = document.getElementById('create');
  const title = titleInput.value.trim();
  fieldError(titleInput, 'title-error', title ? '' : 'Give the statement a title.');
  const contentOk = validateContent();
  if (!title) { titleInput.focus(); return; }
  if (!contentOk) { contentInput.focus(); return; }
  const part = policyPart();
  if (part.error) {
    showBanner('error', part.error);
    return;
  }
  const contentText = readContent().text;
  const template = templates && templates.current();
  if (template && !(await templates.review(contentText))) return;
  setBusy(button, true, 'Creating…');
  try {
    const body = { title, contentText, ...part };
    if (template) body.templateId = template.id;
    const view = await post('/api/statements', body);
    location.assign(`/statements/${encodeURIComponent(view.statement.id)}`);
  } catch (error) {
    setBusy(button, false);
    if (isContentRefusal(error)) {
      fieldError(contentInput, 'content-error', error.message);
      contentInput.focus();
      return;
    }
    showError(error);
  }
}

async function main() {
  member = await loadSession();
  if (!member) return;
  renderHeader(member);
  let stored;
  [{ members }, { policies }, { templates: stored }] = await Promise.all([get('/api/members'), get('/api/policies'), get('/api/templates')]);
  buildForm();
  templates = startTemplates({ templates: stored, titleInput, contentInput, onPolicy: templatePolicyChanged });
  replaceChildren(storedSelect, policies.map((policy) => el('option', { value: policy.id }, `${policy.name} (version ${policy.version})`)));
  document.getElementById('policy-stored-choice').disabled = policies.length === 0;
  for (const choice of document.querySelectorAll('input[name="policy-source"]')) {
    choice.addEventListener('change', showPolicySource);
  }
  builder.addEventListener('input', scheduleExplain);
  builder.addEventListener('change', scheduleExplain);
  storedSelect.addEventListener('change', scheduleExplain);
  contentInput.addEventListener('blur', validateContent);
  document.getElementById('pretty').addEventListener('click', () => {
    const { text: typed, error } = readContent();
    if (error) {
      fieldError(contentInput, 'content-error', error);
      contentInput.focus();
      return;
    }
    contentInput.value = reindent(typed);
    fieldError(contentInput, 'content-error', '');
  });
  form.addEventListener('submit', submit);
}

main().catch(showError);
