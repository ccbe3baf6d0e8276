// Countersign web app: the account page's passkeys (list, revocation by passkey assertion,
// adding a passkey for another device, and signing out everywhere).
//
// Exports: renderPasskeys(page), wirePasskeyActions(page)

import { get, post } from './api.js';
import { confirmDialog, el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';
import { createPasskey, getAssertion } from './webauthn.js';

/** Adds a passkey: first an assertion by a passkey the member has, then the new credential. */
async function addPasskey(page) {
  const begun = await post('/api/passkeys/add/options', {});
  const assertion = await getAssertion(begun.assertion.options);
  const created = await createPasskey(begun.registration.options);
  await post('/api/passkeys/add', {
    assertion: { ceremony: begun.assertion.ceremony, response: assertion.json },
    registration: { ceremony: begun.registration.ceremony, response: created.json },
  });
  showBanner('success', 'The new passkey is added. It can sign you in from now on.');
  await page.refresh();
}

/** Ends every session of the member, this one too. */
async function signOutEverywhere() {
  const ok = await confirmDialog({
    title: 'Sign out everywhere?',
    body: [el('p', {}, 'Every browser signed in to your account, this one included, is signed out.')],
    confirmLabel: 'Sign out everywhere',
  });
  if (!ok) return;
  await post('/api/logout/everywhere', {});
  window.location.assign('/login');
}

/** Wires the passkey section's buttons ("Add a passkey", "Sign out everywhere"). */
export function wirePasskeyActions(page) {
  const wire = (id, busyText, action) => {
    const button = document.getElementById(id);
    if (!button) return;
    button.addEventListener('click', async () => {
      setBusy(button, true, busyText);
      try {
        await action();
      } catch (error) {
        showError(error);
      } finally {
        setBusy(button, false);
      }
    });
  };
  wire('add-passkey', 'Adding…', () => addPasskey(page));
  wire('sign-out-everywhere', 'Signing out…', signOutEverywhere);
}

async function revoke(page, passkey) {
  const ok = await confirmDialog({
    title: 'Revoke this passkey?',
    body: [el('p', {}, 'It will no longer sign you in or approve keys. Keys it approved stay valid. Confirm with one of your passkeys.')],
    confirmLabel: 'Revoke the passkey',
  });
  if (!ok) return;
  const path = `/api/passkeys/${encodeURIComponent(passkey.id)}/revoke`;
  const begun = await post(`${path}/options`, {});
  const assertion = await getAssertion(begun.options);
  await post(path, { ceremony: begun.ceremony, response: assertion.json });
  showBanner('success', 'The passkey is revoked.');
  await page.refresh();
}

export async function renderPasskeys(page) {
  const { passkeys } = await get('/api/passkeys');
  const list = document.getElementById('passkeys');
  const live = passkeys.filter((passkey) => !passkey.revokedAt);
  replaceChildren(list, passkeys.map((passkey) => {
    const item = el('li', { 'data-passkey': passkey.id },
      el('span', { class: 'mono', title: passkey.id }, `${passkey.id.slice(0, 12)}…`), ' ',
      el('span', { class: 'muted' }, 'added ', timeElement(passkey.createdAt),
        passkey.lastUsedAt ? [', last used ', timeElement(passkey.lastUsedAt)] : '', passkey.backedUp ? ', synced' : ''),
      passkey.revokedAt ? [' ', el('span', { class: 'badge badge-revoked' }, 'revoked ', timeElement(passkey.revokedAt))] : null);
    if (!passkey.revokedAt && live.length > 1) {
      const button = el('button', { type: 'button', class: 'button-danger' }, 'Revoke');
      button.addEventListener('click', async () => {
        setBusy(button, true, 'Revoking…');
        try {
          await revoke(page, passkey);
        } catch (error) {
          showError(error);
        } finally {
          setBusy(button, false);
        }
      });
      item.append(' ', button);
    }
    return item;
  }));
  if (passkeys.length === 0) replaceChildren(list, el('li', { class: 'muted' }, 'No passkey.'));
}
