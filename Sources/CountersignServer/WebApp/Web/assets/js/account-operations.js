// Countersign web app: announced operations that affect the member (docs/operations.md, 1.8).
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

/**
 * Asks the member to decide on `op` with their passkey: a dialog, then the operation's
 * `${action}/options` ceremony, the passkey assertion and `${action}`. The decided operation
 * replaces the shown one. `action` is "cancel" or "confirm" (a key enrolment only).
 */
async function decide(page, op, action, dialog, done) {
  if (!(await confirmDialog({ ...dialog, body: [el('p', {}, describeOperation(op)), el('p', {}, dialog.body)] }))) return;
  const path = `/api/operations/${encodeURIComponent(op.id)}/${action}`;
  const begun = await post(`${path}/options`, {});
  const assertion = await getAssertion(begun.options);
  const decided = await post(path, { ceremony: begun.ceremony, response: assertion.json });
  operations.set(decided.id, decided);
  showBanner('success', done);
  render(page);
  if (action === 'confirm' && page.refresh) await page.refresh();
}

const cancel = (page, op) => decide(page, op, 'cancel', {
  title: 'Cancel this change?', body: 'Confirm with your passkey: the change will not happen.',
  confirmLabel: 'Cancel the change', cancelLabel: 'Keep it',
}, 'The change is cancelled.');

const confirmEnrolment = (page, op) => decide(page, op, 'confirm', {
  title: 'Activate this key now?',
  body: 'Confirm with your passkey only if you asked the administrator for this key (for the command line or a service).',
  confirmLabel: 'This was me: activate now', cancelLabel: 'Not now',
}, 'The key is active.');

/** A button that runs `action`, busy meanwhile; a failure is shown and the button freed. */
function actionButton(className, op, label, busyLabel, action) {
  const button = el('button', { type: 'button', class: className, 'data-operation': op.id }, label);
  button.addEventListener('click', async () => {
    setBusy(button, true, busyLabel);
    try {
      await action();
    } catch (error) {
      showError(error);
      setBusy(button, false);
    }
  });
  return button;
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
    const actions = el('div', { class: 'actions' }, actionButton('button-danger cancel-operation', op, 'Cancel this change', 'Cancelling…', () => cancel(page, op)));
    if (op.kind === 'key.enrol') {
      actions.prepend(actionButton('confirm-operation', op, 'This was me: activate now', 'Activating…', () => confirmEnrolment(page, op)));
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
