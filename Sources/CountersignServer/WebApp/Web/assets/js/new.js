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
import { createPolicyEditor } from './policy-editor.js';
import { createExplainer } from './policy-explain.js';
import { el, loadSession, renderHeader, replaceChildren, setBusy, showError, showBanner } from './ui.js';

const MAX_CONTENT_BYTES = 1024 * 1024;

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
let editor = null;
let explainer = null;

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
  const { policy, error } = editor.read();
  return error ? { error } : { policy };
}

function scheduleExplain() {
  if (explainer) explainer.schedule(policyPart, showError);
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
  editor = createPolicyEditor(builder, { members });
  explainer = createExplainer(policyText, { request: (part) => post('/api/policies/explain', part) });
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
