// Countersign web app: the admin page's delayed dangerous operations: the list by state with
// the time left, and withdrawing one the admin announced.
//
// Exports: startOperations(page), renderOperations(page)

import { adminRequest } from './adminsign.js';
import { confirmDialog, countdown, el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

const stops = [];

function subject(page, op) {
  const member = (page.members || []).find((candidate) => candidate.id === op.member);
  return member ? member.name : op.member || op.target || '';
}

export async function renderOperations(page) {
  const state = document.getElementById('operation-state').value;
  const { operations } = await adminRequest('GET', `/api/admin/operations?state=${encodeURIComponent(state)}`);
  while (stops.length) stops.pop()();
  const list = document.getElementById('admin-operations');
  if (!operations || operations.length === 0) {
    replaceChildren(list, el('li', { class: 'muted' }, `No ${state} operation.`));
    return;
  }
  replaceChildren(list, operations.map((op) => {
    const due = el('span', { class: 'due' });
    const item = el('li', { 'data-operation': op.id, 'data-state': op.state },
      el('strong', {}, op.kind), ` ${subject(page, op)} `, el('span', { class: `badge badge-${op.state === 'pending' ? 'pending' : op.state === 'done' ? 'approved' : 'cancelled'}` }, op.state),
      ' ', el('span', { class: 'muted' }, 'announced ', timeElement(op.scheduledAt)), ' ', due,
      op.cancelledBy ? el('span', { class: 'muted' }, ` cancelled by ${op.cancelledBy}`) : null);
    if (op.state === 'pending' && op.dueAt) stops.push(countdown(due, op.dueAt, { prefix: 'due in ' }));
    else if (op.state === 'pending') due.textContent = 'waits for the member\'s new passkey';
    else if (op.decidedAt) due.replaceChildren('decided ', timeElement(op.decidedAt));
    if (op.state === 'pending') {
      const cancel = el('button', { type: 'button', class: 'button-danger' }, 'Withdraw');
      cancel.addEventListener('click', async () => {
        if (!(await confirmDialog({ title: 'Withdraw this operation?', body: [el('p', {}, `${op.kind} for ${subject(page, op)} will not happen.`)], confirmLabel: 'Withdraw' }))) return;
        setBusy(cancel, true, 'Withdrawing…');
        try {
          await adminRequest('POST', `/api/admin/operations/${encodeURIComponent(op.id)}/cancel`, {});
          showBanner('success', 'The operation is withdrawn.');
          await renderOperations(page);
        } catch (error) {
          showError(error);
        } finally {
          setBusy(cancel, false);
        }
      });
      item.append(' ', cancel);
    }
    return item;
  }));
}

export function startOperations(page) {
  document.getElementById('operation-state').addEventListener('change', () => renderOperations(page).catch(showError));
}
