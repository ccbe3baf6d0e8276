// Countersign web app: the administration page (/admin), for the holder of the ADMIN_KEY.
// The key is entered once per tab and signs every request (adminsign.js); the sections live in
// admin-members.js, admin-policies.js, admin-operations.js, admin-templates.js and
// admin-audit.js (the statements overview and the audit view, read-only). A member session is not needed
// (it only fills the header).

import { renderAudit, startAudit } from './admin-audit.js';
import { AdminKeyError, forgetAdminKey, hasAdminKey, setAdminKey } from './adminsign.js';
import { renderMembers, startMembers } from './admin-members.js';
import { renderOperations, startOperations } from './admin-operations.js';
import { renderPolicies, startPolicies } from './admin-policies.js';
import { renderTemplates, startTemplates } from './admin-templates.js';
import { clearBanner, loadSession, renderHeader, showBanner, showError } from './ui.js';

const page = {
  async refresh() {
    await Promise.all([renderMembers(page), renderPolicies(page), renderOperations(page), renderTemplates(page), renderAudit(page)]);
  },
};

function showKeyState() {
  const ready = hasAdminKey();
  document.getElementById('admin-key-form').hidden = ready;
  document.getElementById('admin-key-ready').hidden = !ready;
  document.getElementById('admin-sections').hidden = !ready;
}

async function main() {
  renderHeader(await loadSession({ required: false }));
  startMembers(page);
  startPolicies(page);
  startOperations(page);
  startTemplates(page);
  startAudit();
  const form = document.getElementById('admin-key-form');
  const input = document.getElementById('admin-key');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await setAdminKey(input.value);
      input.value = '';
      input.removeAttribute('aria-invalid');
      showKeyState();
      clearBanner();
      await page.refresh();
      showBanner('success', 'The admin key is loaded for this tab.', { focus: false });
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      if (error instanceof AdminKeyError) showBanner('error', error.message);
      else showError(error);
      if (error && error.status === 401) { forgetAdminKey(); showKeyState(); }
    }
  });
  document.getElementById('forget-admin-key').addEventListener('click', () => {
    forgetAdminKey();
    showKeyState();
    showBanner('info', 'The admin key is forgotten. Enter it again to continue.');
    input.focus();
  });
  showKeyState();
}

main().catch((error) => showError(error));
