// Countersign web app: the account page's passkeys (list and revocation by passkey assertion).
//
// Exports: renderPasskeys(page)

import { get, post } from './api.js';
import { confirmDialog, el, formatTime, replaceChildren, setBusy, showBanner, showError } from './ui.js';
import { getAssertion } from './webauthn.js';

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
      el('span', { class: 'muted' }, `added ${formatTime(passkey.createdAt)}`,
        passkey.lastUsedAt ? `, last used ${formatTime(passkey.lastUsedAt)}` : '', passkey.backedUp ? ', synced' : ''),
      passkey.revokedAt ? [' ', el('span', { class: 'badge badge-revoked' }, `revoked ${formatTime(passkey.revokedAt)}`)] : null);
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
