// Starts GOV.UK Frontend and MOJ Frontend components, and the idle-session notice.
// Loaded as a module from base.html; nothing runs inline, so a strict Content
// Security Policy (script-src 'self') holds.
import { initAll as initGovUK } from "../dist/govuk-frontend.min.js";
import { initAll as initMoj } from "../dist/moj-frontend.min.js";
import { startIdleSessionNotice } from "./session.js";

// GOV.UK Frontend only starts its components when the body says it may.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

initGovUK();
initMoj();
startIdleSessionNotice(document.body);

// Content swapped in by htmx gets its components started too.
document.body.addEventListener("htmx:load", (event) => {
  const scope = event.detail && event.detail.elt;
  if (scope && scope !== document.body) {
    initGovUK({ scope });
    initMoj(scope);
  }
});
