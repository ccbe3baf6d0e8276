// Countersign web app: the admin page's statement templates: every template (removed ones
// marked), "Remove", and a new template from its JSON, sent exactly as typed (JSON.parse only
// spots a syntax error: it would round numbers of the content skeleton members later sign).
//
// Exports: startTemplates(page), renderTemplates(page)

import { adminRequest } from './adminsign.js';
import { confirmDialog, el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

async function remove(template, page, button) {
  const confirmed = await confirmDialog({
    title: `Remove the template ${template.name}?`,
    body: [el('p', {}, 'Members can no longer start from it; statements made from it keep the comparison with it.')],
    confirmLabel: 'Remove', cancelLabel: 'Keep it',
  });
  if (!confirmed) return;
  setBusy(button, true, 'Removing…');
  try {
    await adminRequest('DELETE', `/api/admin/templates/${encodeURIComponent(template.id)}`);
    showBanner('success', `The template ${template.name} is removed.`);
    await page.refresh();
  } catch (error) {
    showError(error);
    setBusy(button, false);
  }
}

export async function renderTemplates(page) {
  const { templates } = await adminRequest('GET', '/api/admin/templates');
  const list = document.getElementById('templates');
  replaceChildren(list, (templates || []).length ? templates.map((template) => {
    const item = el('li', { dataset: { template: template.id, removed: template.removedAt ? 'true' : 'false' } },
      el('strong', {}, template.name), ' ',
      el('span', { class: 'mono muted' }, `${template.id} · ${template.fields.length} field(s) · added `, timeElement(template.createdAt)),
      template.removedAt ? el('span', { class: 'muted' }, ' · removed ', timeElement(template.removedAt)) : null, ' ');
    if (!template.removedAt) {
      const button = el('button', { type: 'button', class: 'remove-template' }, 'Remove');
      button.addEventListener('click', () => remove(template, page, button).catch(showError));
      item.append(button);
    }
    return item;
  }) : el('li', { class: 'muted' }, 'No templates.'));
}

export function startTemplates(page) {
  const form = document.getElementById('template-form');
  const area = document.getElementById('template-json');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      JSON.parse(area.value);  // a syntax check only: the text is sent as typed
      area.removeAttribute('aria-invalid');
    } catch (error) {
      area.setAttribute('aria-invalid', 'true');
      showBanner('error', `The template is not valid JSON: ${error.message}`);
      return;
    }
    const submit = document.getElementById('template-submit');
    setBusy(submit, true, 'Adding…');
    try {
      const stored = await adminRequest('POST', '/api/admin/templates', undefined, { rawBody: area.value });
      showBanner('success', `The template ${stored.name} is added.`);
      area.value = '';
      await page.refresh();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(submit, false);
    }
  });
}
