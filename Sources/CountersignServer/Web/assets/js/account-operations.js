// Countersign web app: announced operations that affect the member (DESIGN.md 1.7, 1.8).
// An administrator's dangerous change (removal, roles, a key or passkey deletion, account
// recovery) waits for a delay; the member sees it here, live over server-sent events (event type
// "operation", data {"seq","action","operation","at"}), with the time left, and can cancel it
// with a passkey assertion.
//
// Exports: startOperations(page), describeOperation(operation) -> sentence

import { get, post } from './api.js';
import { confirmDialog, countdown, el, replaceChildren, setBusy, showBanner, showError } from './ui.js';
import { getAssertion } from './webauthn.js';

const operations = new Map();
const timers = new Map();

/** A sentence for people about what the operation will do. */
export function describeOperation(op) {
  const details = op.details || {};
  const short = (text) => (text ? `${String(text).slice(0, 10)}…` : '');
  switch (op.kind) {
    case 'member.remove': return 'Remove you from Countersign: your keys are revoked and you can no longer sign in.';
    case 'member.roles': return `Change your roles to: ${(details.roles || []).join(', ') || 'none'}.`;
    case 'key.delete': return `Delete your signing key ${short(op.target)}.`;
    case 'passkey.delete': return `Delete your passkey ${short(op.target)}.`;
    case 'policy.replace': return `Replace the policy ${details.name || op.target} with a new version.`;
    case 'member.recover': return 'Account recovery: a new passkey replaces all of your passkeys, and keys they approved are revoked.';
    case 'key.enrol': return `The administrator enrolled a signing key ${short(op.target)} for you: it can sign approvals as you once the delay ends. If you asked for it, activate it now; if not, cancel it.`;
    default: return `${op.kind} (${op.target || ''})`;
  }
}

async function cancel(page, op) {
  const ok = await confirmDialog({
    title: 'Cancel this change?',
    body: [el('p', {}, describeOperation(op)), el('p', {}, 'Confirm with your passkey: the change will not happen.')],
    confirmLabel: 'Cancel the change', cancelLabel: 'Keep it',
  });
  if (!ok) return;
  const path = `/api/operations/${encodeURIComponent(op.id)}/cancel`;
  const begun = await post(`${path}/options`, {});
  const assertion = await getAssertion(begun.options);
  const cancelled = await post(path, { ceremony: begun.ceremony, response: assertion.json });
  operations.set(cancelled.id, cancelled);
  showBanner('success', 'The change is cancelled.');
  render(page);
}

async function confirmEnrolment(page, op) {
  const ok = await confirmDialog({
    title: 'Activate this key now?',
    body: [el('p', {}, describeOperation(op)), el('p', {}, 'Confirm with your passkey only if you asked the administrator for this key (for the command line or a service).')],
    confirmLabel: 'This was me: activate now', cancelLabel: 'Not now',
  });
  if (!ok) return;
  const path = `/api/operations/${encodeURIComponent(op.id)}/confirm`;
  const begun = await post(`${path}/options`, {});
  const assertion = await getAssertion(begun.options);
  const confirmed = await post(path, { ceremony: begun.ceremony, response: assertion.json });
  operations.set(confirmed.id, confirmed);
  showBanner('success', 'The key is active.');
  render(page);
  if (page.refresh) await page.refresh();
}

function item(page, op) {
  const due = el('span', { class: 'due' });
  const row = el('li', { 'data-operation': op.id, 'data-state': op.state },
    el('p', {}, el('strong', {}, describeOperation(op))), el('p', { class: 'muted' }, due));
  if (timers.has(op.id)) timers.get(op.id)();
  if (op.state === 'pending' && op.dueAt) {
    timers.set(op.id, countdown(due, op.dueAt, { prefix: 'Takes effect in ' }));
  } else if (op.state === 'pending') {
    due.textContent = 'Waits until the new passkey is registered; then the delay starts.';
  } else {
    due.textContent = op.state === 'cancelled' ? 'Cancelled.' : `Finished (${op.state}).`;
  }
  if (op.state === 'pending') {
    const button = el('button', { type: 'button', class: 'button-danger cancel-operation', 'data-operation': op.id }, 'Cancel this change');
    button.addEventListener('click', async () => {
      setBusy(button, true, 'Cancelling…');
      try {
        await cancel(page, op);
      } catch (error) {
        showError(error);
        setBusy(button, false);
      }
    });
    const actions = el('div', { class: 'actions' }, button);
    if (op.kind === 'key.enrol') {
      const activate = el('button', { type: 'button', class: 'confirm-operation', 'data-operation': op.id }, 'This was me: activate now');
      activate.addEventListener('click', async () => {
        setBusy(activate, true, 'Activating…');
        try {
          await confirmEnrolment(page, op);
        } catch (error) {
          showError(error);
          setBusy(activate, false);
        }
      });
      actions.prepend(activate);
    }
    row.append(actions);
  }
  return row;
}

function render(page) {
  const list = document.getElementById('operations');
  const shown = [...operations.values()].sort((a, b) => String(a.dueAt || '~').localeCompare(String(b.dueAt || '~')));
  if (shown.length === 0) {
    replaceChildren(list, el('li', { class: 'muted', id: 'no-operations' }, 'No change to your account is announced.'));
    return;
  }
  replaceChildren(list, shown.map((op) => item(page, op)));
}

/** Loads the pending operations and follows new ones live. */
export async function startOperations(page) {
  const live = document.getElementById('operations-live');
  try {
    const { operations: pending } = await get('/api/operations');
    for (const op of pending || []) operations.set(op.id, op);
  } catch (error) {
    replaceChildren(document.getElementById('operations'), el('li', { class: 'muted' }, 'Announced changes cannot be shown right now.'));
    throw error;
  }
  render(page);
  const source = new EventSource('/api/events', { withCredentials: true });
  source.addEventListener('open', () => { live.textContent = 'Updates live.'; });
  source.addEventListener('error', () => { live.textContent = 'Reconnecting for live updates…'; });
  source.addEventListener('operation', (message) => {
    let op;
    try {
      // {"seq","action","operation":{…},"at"}: the operation as GET /api/operations shows it.
      op = JSON.parse(message.data).operation;
    } catch {
      return;
    }
    if (!op || typeof op.id !== 'string') return;
    const known = operations.has(op.id);
    operations.set(op.id, op);
    render(page);
    if (!known && op.state === 'pending') showBanner('warning', ['A change to your account was announced: ', describeOperation(op)], { focus: false });
  });
  window.addEventListener('pagehide', () => source.close());
}
