// Warns a signed-in person before the server ends their session for inactivity,
// then takes them to the sign-in page once it has ended.
//
// The server pushes the session's expiry on with every request, so a request is
// what counts: a page load or an htmx request, in this tab or another (tabs share
// the time of the last request through localStorage). Someone typing a long note
// makes no requests, so recent typing or clicking in this tab quietly keeps the
// session alive instead of interrupting them.

const WARN_BEFORE_MS = 2 * 60 * 1000;
const RECENT_INTERACTION_MS = 5 * 60 * 1000;
const CHECK_EVERY_MS = 15 * 1000;
const STORAGE_KEY = "vsh:last-request-at";

const now = () => Date.now();

function readShared() {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
  } catch {
    return 0;
  }
}

function writeShared(time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time));
  } catch {
    // Storage may be turned off; this tab still keeps its own time.
  }
}

function formatTime(time) {
  return new Date(time).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

function isTyping() {
  const active = document.activeElement;
  return Boolean(active && active.matches("input, textarea, select, [contenteditable]"));
}

export function startIdleSessionNotice(body) {
  const minutes = Number(body.dataset.sessionIdleMinutes);
  const loginUrl = body.dataset.sessionLoginUrl;
  const keepaliveUrl = body.dataset.sessionKeepaliveUrl;
  const notice = document.querySelector("[data-session-notice]");
  if (!minutes || !loginUrl || !notice) {
    return;
  }
  const idleMs = minutes * 60 * 1000;
  const expiryText = notice.querySelector("[data-session-expiry-time]");
  const stayButton = notice.querySelector("[data-session-stay]");
  let lastRequestAt = now();
  let lastInteractionAt = 0;
  let keepalivePending = false;
  let timer = null;

  writeShared(lastRequestAt);

  const latestRequest = () => Math.max(lastRequestAt, readShared());

  function showNotice(expiresAt) {
    if (expiryText) {
      expiryText.textContent = formatTime(expiresAt);
    }
    if (notice.hidden) {
      notice.hidden = false;
      // Move focus to the button unless that would interrupt someone in a form.
      if (stayButton && !isTyping()) {
        stayButton.focus();
      }
    }
  }

  function requestMade() {
    lastRequestAt = now();
    writeShared(lastRequestAt);
    schedule();
  }

  function keepAlive() {
    if (!keepaliveUrl || keepalivePending) {
      return;
    }
    keepalivePending = true;
    fetch(keepaliveUrl, { credentials: "same-origin", cache: "no-store" })
      .then(requestMade)
      .catch(() => {
        // Leave things as they are: the notice still warns before sign-out.
      })
      .finally(() => {
        keepalivePending = false;
      });
  }

  function check() {
    const expiresAt = latestRequest() + idleMs;
    const remaining = expiresAt - now();
    if (remaining <= 0) {
      const next = window.location.pathname + window.location.search;
      window.location.assign(`${loginUrl}?signed_out=idle&next=${encodeURIComponent(next)}`);
      return;
    }
    if (remaining <= WARN_BEFORE_MS) {
      if (now() - lastInteractionAt < RECENT_INTERACTION_MS && notice.hidden) {
        keepAlive();
      } else {
        showNotice(expiresAt);
      }
    } else {
      notice.hidden = true;
    }
    schedule(Math.min(remaining, CHECK_EVERY_MS));
  }

  function schedule(delay = 0) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, delay);
  }

  for (const type of ["keydown", "pointerdown", "input"]) {
    document.addEventListener(
      type,
      () => {
        lastInteractionAt = now();
      },
      { capture: true, passive: true },
    );
  }
  if (stayButton) {
    stayButton.addEventListener("click", keepAlive);
  }
  body.addEventListener("htmx:afterRequest", requestMade);
  check();
}
