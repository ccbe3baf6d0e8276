// Countersign web app: the admin page's stored policies: the latest version of each, its
// versions on demand, a new policy, or a new version of one (announced: it waits for the delay).
// Policies are written with the same visual editor as the new-statement page (policy-editor.js,
// over the active members of GET /api/admin/members); JSON is the fallback for what the editor
// does not offer, and a version the editor cannot show opens as JSON with the reason. The policy
// being written is explained in words by the server as the new-statement page explains it
// (POST /api/admin/policies/explain, policy-explain.js), with what its creator will change: a
// stored policy has no creator yet.
//
// Exports: startPolicies(page), renderPolicies(page)

import { adminRequest } from './adminsign.js';
import { createPolicyEditor } from './policy-editor.js';
import { createExplainer } from './policy-explain.js';
import { el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

let editor = null;
let editorMembers = '';
let explainer = null;
const EXPLAIN_HINT = 'Choose who must approve to see the policy explained.';

/** Explains the form's policy shortly after the last change. */
function scheduleExplain() {
  if (explainer) explainer.schedule(formPolicy, showError);
}

function asJSON(on) {
  document.getElementById('policy-as-json').checked = on;
  document.getElementById('policy-json-box').hidden = !on;
  document.getElementById('admin-policy-editor').hidden = on;
}

function note(text) {
  const node = document.getElementById('policy-editor-note');
  node.textContent = text || '';
  node.hidden = !text;
}

function edit(policy) {
  document.getElementById('policy-id').value = policy ? policy.id : '';
  document.getElementById('policy-name').value = policy ? policy.name : '';
  document.getElementById('policy-json').value = policy ? JSON.stringify(policy.policy, null, 2) : '';
  document.getElementById('policy-form-title').textContent = policy ? `New version of ${policy.name}` : 'New policy';
  note('');
  if (!policy) {
    if (editor) editor.reset();
    asJSON(false);
    if (explainer) explainer.clear(EXPLAIN_HINT);
  } else {
    const reason = editor ? editor.load(policy.policy) : 'the member list is not loaded';
    asJSON(reason !== null);
    if (reason) note(`The visual editor cannot show this policy (${reason}); it is shown as JSON.`);
    scheduleExplain();
  }
  document.getElementById('policy-name').focus();
}

async function showVersions(item, policy) {
  const detail = await adminRequest('GET', `/api/admin/policies/${encodeURIComponent(policy.id)}`);
  const versions = el('ol', { class: 'versions' }, (detail.versions || []).map((version) => el('li', {},
    `version ${version.version}, `, timeElement(version.createdAt), `: ${version.name}`, el('pre', { class: 'mono' }, JSON.stringify(version.policy, null, 2)))));
  const old = item.querySelector('.versions');
  if (old) old.remove();
  item.append(versions);
}

/** (Re)builds the editor when the active members or their roles changed. */
async function prepareEditor() {
  const { members } = await adminRequest('GET', '/api/admin/members?status=active');
  const directory = (members || []).map((member) => ({ id: member.id, name: member.name, roles: member.roles || [] }));
  const signature = JSON.stringify(directory);
  if (editor && signature === editorMembers) return;
  editorMembers = signature;
  editor = createPolicyEditor(document.getElementById('admin-policy-editor'), { members: directory, prefix: 'ap-' });
}

export async function renderPolicies(page) {
  void page;
  await prepareEditor();
  const { policies } = await adminRequest('GET', '/api/admin/policies');
  const list = document.getElementById('policies');
  replaceChildren(list, (policies || []).map((policy) => {
    const item = el('li', { 'data-policy': policy.id }, el('strong', {}, policy.name), ' ',
      el('span', { class: 'mono muted' }, `${policy.id} · version ${policy.version}`), ' ');
    const versions = el('button', { type: 'button' }, 'Versions');
    versions.addEventListener('click', () => showVersions(item, policy).catch(showError));
    const replace = el('button', { type: 'button' }, 'New version');
    replace.addEventListener('click', () => edit(policy));
    item.append(versions, ' ', replace);
    return item;
  }));
  if (!policies || policies.length === 0) replaceChildren(list, el('li', { class: 'muted' }, 'No stored policy.'));
}

/** The policy the form holds: from the editor, or the JSON fallback; or {error}. */
function formPolicy() {
  if (!document.getElementById('policy-as-json').checked) return editor ? editor.read() : { error: 'The member list is not loaded yet.' };
  const area = document.getElementById('policy-json');
  try {
    const policy = JSON.parse(area.value);
    area.removeAttribute('aria-invalid');
    return { policy };
  } catch (error) {
    area.setAttribute('aria-invalid', 'true');
    return { error: `The policy is not valid JSON: ${error.message}` };
  }
}

export function startPolicies(page) {
  const form = document.getElementById('policy-form');
  document.getElementById('policy-new').addEventListener('click', () => edit(null));
  explainer = createExplainer(document.getElementById('admin-policy-text'), {
    request: (part) => adminRequest('POST', '/api/admin/policies/explain', part),
    noteNode: document.getElementById('admin-policy-creator'),
  });
  for (const source of [document.getElementById('admin-policy-editor'), document.getElementById('policy-json')]) {
    source.addEventListener('input', scheduleExplain);
    source.addEventListener('change', scheduleExplain);
  }
  document.getElementById('policy-as-json').addEventListener('change', (event) => {
    if (event.target.checked) {
      const { policy } = editor ? editor.read() : {};
      if (policy && !document.getElementById('policy-json').value.trim()) {
        document.getElementById('policy-json').value = JSON.stringify(policy, null, 2);
      }
    }
    asJSON(event.target.checked);
    scheduleExplain();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { policy, error } = formPolicy();
    if (error) {
      showBanner('error', error);
      return;
    }
    const id = document.getElementById('policy-id').value;
    const submit = document.getElementById('policy-submit');
    setBusy(submit, true, 'Storing…');
    try {
      const reply = await adminRequest('POST', id ? `/api/admin/policies/${encodeURIComponent(id)}` : '/api/admin/policies',
        { name: document.getElementById('policy-name').value.trim(), policy });
      if (reply && reply.kind === 'policy.replace') showBanner('success', ['The new version is announced and takes effect at ', timeElement(reply.dueAt), ' unless cancelled.']);
      else showBanner('success', 'The policy is stored.');
      edit(null);
      await page.refresh();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(submit, false);
    }
  });
}
