// Countersign web app: the admin page's stored policies: the latest version of each, its
// versions on demand, a new policy, or a new version of one (announced: it waits for the delay).
//
// Exports: startPolicies(page), renderPolicies(page)

import { adminRequest } from './adminsign.js';
import { el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

function edit(policy) {
  document.getElementById('policy-id').value = policy ? policy.id : '';
  document.getElementById('policy-name').value = policy ? policy.name : '';
  document.getElementById('policy-json').value = policy ? JSON.stringify(policy.policy, null, 2) : '';
  document.getElementById('policy-form-title').textContent = policy ? `New version of ${policy.name}` : 'New policy';
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

export async function renderPolicies(page) {
  void page;
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

export function startPolicies(page) {
  const form = document.getElementById('policy-form');
  document.getElementById('policy-new').addEventListener('click', () => edit(null));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const area = document.getElementById('policy-json');
    let policy;
    try {
      policy = JSON.parse(area.value);
      area.removeAttribute('aria-invalid');
    } catch (error) {
      area.setAttribute('aria-invalid', 'true');
      showBanner('error', `The policy is not valid JSON: ${error.message}`);
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
