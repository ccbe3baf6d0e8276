// Countersign web app: the member's email address for notifications, on the account page.
// The address is set here (the server mails it a confirmation link), confirmed when the member
// opens that link (/account#confirm-email=TOKEN: the page sends the token with the session, then
// removes it from the address bar), or removed. An address that is not confirmed receives
// nothing but its confirmation mail. A link from a notification (/account#operation=ID) points at
// an announced operation: the page scrolls to it; cancelling still takes the passkey.
//
// Exports: startEmail(page), followLink()

import { api, get, post, del } from './api.js';
import { el, replaceChildren, setBusy, showBanner, showError } from './ui.js';

const put = (path, body) => api(path, { method: 'PUT', body });

function render(state) {
  const status = document.getElementById('email-status');
  const input = document.getElementById('email-address');
  const remove = document.getElementById('email-remove');
  const form = document.getElementById('email-form');
  if (!state.mail) {
    replaceChildren(status, 'This server sends no email, so there is nothing to set here.');
    form.hidden = true;
    return;
  }
  form.hidden = false;
  if (!state.address) {
    replaceChildren(status, 'No address: announcements reach you only in this app.');
  } else if (state.confirmed) {
    replaceChildren(status, 'Notifications go to ', el('strong', {}, state.address), '.');
  } else {
    replaceChildren(status, el('strong', {}, state.address), ' waits for confirmation: open the link we mailed to it. Until then it receives nothing else.');
  }
  status.dataset.state = !state.address ? 'none' : state.confirmed ? 'confirmed' : 'unconfirmed';
  if (state.address && document.activeElement !== input) input.value = state.address;
  remove.hidden = !state.address;
}

/** Confirms the address from a #confirm-email=TOKEN link, then clears the token from the URL. */
async function confirmFromLink() {
  const match = /^#confirm-email=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  try {
    const state = await post('/api/account/email/confirm', { token: match[1] });
    showBanner('success', `Your address ${state.address} is confirmed: notifications will go to it.`);
    return state;
  } catch (error) {
    showError(error);
    return null;
  }
}

/** Loads the address section and wires its form. */
export async function startEmail() {
  const confirmed = await confirmFromLink();
  render(confirmed || await get('/api/account/email'));
  // A link opened while the page is already open changes only the fragment: no reload.
  window.addEventListener('hashchange', async () => {
    const state = await confirmFromLink();
    if (state) render(state);
    followLink();
  });
  const form = document.getElementById('email-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = document.getElementById('email-save');
    setBusy(button, true, 'Saving…');
    try {
      const state = await put('/api/account/email', { address: document.getElementById('email-address').value.trim() });
      render(state);
      showBanner('success', `We mailed a confirmation link to ${state.address}.`);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(button, false);
    }
  });
  document.getElementById('email-remove').addEventListener('click', async () => {
    try {
      render(await del('/api/account/email'));
      document.getElementById('email-address').value = '';
      showBanner('success', 'Your address is removed: no more mail.');
    } catch (error) {
      showError(error);
    }
  });
}

/** A #operation=ID link from a mail: marks and scrolls to that operation once it is listed. */
export function followLink() {
  const match = /^#operation=([A-Za-z0-9_-]{1,80})$/.exec(location.hash);
  if (!match) return;
  const item = document.querySelector(`#operations li[data-operation="${match[1]}"]`);
  if (!item) {
    showBanner('info', 'The change this link points to is no longer pending.');
    return;
  }
  item.classList.add('linked');
  item.scrollIntoView({ block: 'center' });
  const button = item.querySelector('.cancel-operation');
  if (button) button.focus();
}
