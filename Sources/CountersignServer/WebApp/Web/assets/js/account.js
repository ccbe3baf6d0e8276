// Countersign web app: the account page (/account). The member's signing keys (with an "on this
// device" marker), this browser's key (restore from the encrypted copy, or register a key for
// this device), rotation and revocation of keys and passkeys, and the announced operations that
// affect the member, live, with a Cancel by passkey, and the address for notifications by email. Page wiring only; the sections live in
// account-keys.js, account-passkeys.js and account-operations.js.

import { loadSession, renderHeader, showError } from './ui.js';
import { renderDevice, renderKeys } from './account-keys.js';
import { renderPasskeys, wirePasskeyActions } from './account-passkeys.js';
import { startOperations } from './account-operations.js';
import { followLink, startEmail } from './account-email.js';
import { watchIdentity } from './logwatch.js';

async function main() {
  const member = await loadSession();
  if (!member) return;
  renderHeader(member);
  watchIdentity(member);
  const page = { member };
  page.refresh = async () => {
    await Promise.all([renderKeys(page), renderPasskeys(page)]);
    await renderDevice(page);
  };
  wirePasskeyActions(page);
  await Promise.all([page.refresh(), startOperations(page).then(followLink), startEmail()]);
}

main().catch((error) => showError(error));
