/* The update editor: add, move and delete paragraphs and commitments in the page; htmx saves the
 * whole form a moment after every change (see the form's hx-trigger). Saves are queued, never run
 * in parallel, so a tab cannot make its own next save stale. */
(function () {
  "use strict";

  // Show the server's explanation for refusals (400 invalid, 403 not allowed, 409 stale) instead of
  // dropping them, which is htmx's default for error statuses.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "(400|403|409)", swap: true, error: false },
    { code: "...", swap: false, error: true },
  ];

  const form = document.getElementById("update-editor");
  if (!form) return;
  const entries = document.getElementById("entries");
  const commitments = document.getElementById("commitments");
  let counter = 0;

  function changed() {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function renumber() {
    entries.querySelectorAll("[data-entry]").forEach(function (entry, index) {
      const label = entry.querySelector("[data-entry-number]");
      label.textContent = label.textContent.replace(/\s*\d*$/, " " + (index + 1));
    });
  }

  function fromTemplate(id) {
    const key = "new-" + Date.now().toString(36) + "-" + (counter += 1);
    const html = document.getElementById(id).innerHTML.replaceAll("__KEY__", key);
    const holder = document.createElement(id === "commitment-template" ? "tbody" : "div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  // Paragraph choices in commitments follow the paragraphs as they are now in the page.
  function refreshParagraphChoices(select) {
    const chosen = select.value;
    const options = [new Option("—", "")];
    entries.querySelectorAll("[data-entry]").forEach(function (entry, index) {
      const label = entry.querySelector("[data-entry-number]").textContent.trim();
      const idField = entry.querySelector('input[name$="-id"]');
      options.push(new Option(label, idField.value || entry.dataset.key));
    });
    select.replaceChildren.apply(select, options);
    select.value = chosen;
  }

  // The partners chosen, in words: a long list box hides what is selected.
  form.addEventListener("change", function (event) {
    if (!event.target.matches('select[name$="-partners"]')) return;
    const summary = event.target.closest("[data-entry]").querySelector("[data-partner-summary]");
    summary.textContent = Array.from(event.target.selectedOptions, function (option) { return option.text; }).join(", ");
  });

  form.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-paragraph-select]")) refreshParagraphChoices(event.target);
  });

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const entry = button.closest("[data-entry]");
    if (button.matches("[data-add-entry]")) {
      const added = fromTemplate("entry-template");
      entries.appendChild(added);
      renumber();
      added.querySelector("textarea").focus();
      changed();
    } else if (button.matches("[data-move]") && entry) {
      const sibling = button.dataset.move === "up" ? entry.previousElementSibling : entry.nextElementSibling;
      if (!sibling) return;
      if (button.dataset.move === "up") sibling.before(entry); else sibling.after(entry);
      renumber();
      button.focus();
      changed();
    } else if (button.matches("[data-delete]") && entry) {
      const next = entry.nextElementSibling || entry.previousElementSibling;
      entry.remove();
      renumber();
      (next ? next.querySelector("textarea") : form.querySelector("[data-add-entry]")).focus();
      changed();
    } else if (button.matches("[data-add-commitment]")) {
      const row = fromTemplate("commitment-template");
      commitments.appendChild(row);
      const promised = row.querySelector('[name$="-promised_in"]');
      refreshParagraphChoices(promised);
      const last = entries.querySelector("[data-entry]:last-child");
      if (last) promised.value = last.querySelector('input[name$="-id"]').value || last.dataset.key;
      row.querySelector("textarea").focus();
    } else if (button.matches("[data-delete-commitment]")) {
      button.closest("[data-commitment]").remove();
      changed();
    }
  });

  // "Save mine over theirs" after a conflict: take the stored version number and save again.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-adopt-version]");
    if (!button) return;
    document.getElementById("update-version").value = button.dataset.adoptVersion;
    changed();
  });

  // data-state on the form says where the saving stands: unsent, saving, saved or refused.
  // Leaving with a change not yet sent, or a save still running, would lose the last keystrokes.
  function markUnsent() { form.dataset.state = "unsent"; }
  form.addEventListener("input", markUnsent);
  form.addEventListener("change", markUnsent);
  form.addEventListener("htmx:beforeRequest", function () {
    form.dataset.state = "saving";
    form.setAttribute("aria-busy", "true");
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    form.removeAttribute("aria-busy");
    if (form.dataset.state !== "saving") return;  // changed again while saving: another save follows
    form.dataset.state = event.detail.xhr.status === 200 ? "saved" : "refused";
  });
  form.addEventListener("submit", function () { form.dataset.state = "saving"; });
  window.addEventListener("beforeunload", function (event) {
    if (form.dataset.state === "unsent" || form.dataset.state === "saving") event.preventDefault();
  });
})();
