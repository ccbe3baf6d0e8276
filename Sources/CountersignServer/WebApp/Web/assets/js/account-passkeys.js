// Countersign web app: the account page's passkeys (list with each one's provider name and
// icon and the member's own label, renaming, revocation by passkey assertion, adding a passkey
// for another device, and signing out everywhere).
//
// Exports: renderPasskeys(page), wirePasskeyActions(page)

import { get, post, put } from './api.js';
import { confirmDialog, el, replaceChildren, showBanner, timeElement, whileBusy } from './ui.js';
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
    button.addEventListener('click', () => whileBusy(button, busyText, action));
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

/** The member names a passkey ("work laptop"); an empty name clears the label. */
async function rename(page, passkey) {
  const input = el('input', { type: 'text', id: 'passkey-label-input', maxlength: '64', value: passkey.label || '', autocomplete: 'off' });
  const ok = await confirmDialog({
    title: 'Name this passkey',
    body: [el('label', { for: 'passkey-label-input' }, 'Name (leave empty to show the provider\'s name)'), input],
    confirmLabel: 'Save the name',
  });
  if (!ok) return;
  const text = input.value.trim();
  await put(`/api/passkeys/${encodeURIComponent(passkey.id)}/label`, { label: text === '' ? null : text });
  showBanner('success', 'The passkey\'s name is saved.');
  await page.refresh();
}

/** The provider's icon (its dark variant when the reader's system is dark), or nothing. */
function providerIcon(provider) {
  if (!provider || !provider.icon) return null;
  const image = el('img', { class: 'provider-icon', src: provider.icon, alt: '', width: '20', height: '20' });
  if (!provider.iconDark) return image;
  return el('picture', {}, el('source', { srcset: provider.iconDark, media: '(prefers-color-scheme: dark)' }), image);
}

/** A button that shows busy while `action` runs and reports its error. */
function actionButton(label, busyLabel, className, action) {
  const button = el('button', { type: 'button', class: className }, label);
  button.addEventListener('click', () => whileBusy(button, busyLabel, action));
  return button;
}

export async function renderPasskeys(page) {
  const { passkeys } = await get('/api/passkeys');
  const list = document.getElementById('passkeys');
  const live = passkeys.filter((passkey) => !passkey.revokedAt);
  replaceChildren(list, passkeys.map((passkey) => {
    const providerName = passkey.provider ? passkey.provider.name : null;
    const title = passkey.label || providerName || 'Passkey';
    const item = el('li', { 'data-passkey': passkey.id, class: 'passkey' },
      providerIcon(passkey.provider), ' ',
      el('strong', { class: 'passkey-name' }, title), ' ',
      passkey.label && providerName ? [el('span', { class: 'muted passkey-provider' }, providerName), ' '] : null,
      el('span', { class: 'mono muted', title: passkey.id }, `${passkey.id.slice(0, 12)}…`), ' ',
      el('span', { class: 'muted' }, 'added ', timeElement(passkey.createdAt),
        passkey.lastUsedAt ? [', last used ', timeElement(passkey.lastUsedAt)] : '', passkey.backedUp ? ', synced' : ''),
      passkey.revokedAt ? [' ', el('span', { class: 'badge badge-revoked' }, 'revoked ', timeElement(passkey.revokedAt))] : null);
    if (!passkey.revokedAt) {
      item.append(' ', actionButton('Rename', 'Saving…', 'button-quiet', () => rename(page, passkey)));
    }
    if (!passkey.revokedAt && live.length > 1) {
      item.append(' ', actionButton('Revoke', 'Revoking…', 'button-danger', () => revoke(page, passkey)));
    }
    return item;
  }));
  if (passkeys.length === 0) replaceChildren(list, el('li', { class: 'muted' }, 'No passkey.'));
}
