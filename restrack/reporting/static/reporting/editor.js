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
    if (summary) summary.textContent = Array.from(event.target.selectedOptions, function (option) { return option.text; }).join("; ");
  });

  // The partner picker: the chosen partners as named chips (each with a remove button) and a
  // search field offering every partner by name (the page's <datalist>). The multiple <select>
  // stays in the form, hidden, and is what is posted; without JavaScript it is the picker.
  const pickerText = {
    search: form.dataset.pickerSearchLabel || "Add a partner",
    remove: form.dataset.pickerRemoveLabel || "Remove",
  };
  function enhancePartners(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "true";
    const entry = select.closest("[data-entry]");
    const summary = entry.querySelector("[data-partner-summary]");
    if (summary) summary.remove();
    const chips = document.createElement("ul");
    chips.className = "list-unstyled d-flex flex-wrap gap-1 mb-1";
    chips.setAttribute("data-partner-chips", "");
    chips.setAttribute("aria-live", "polite");
    const search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm";
    search.setAttribute("list", "partner-choices");
    search.setAttribute("data-partner-search", "");
    search.id = select.id + "-search";
    search.placeholder = pickerText.search;
    search.setAttribute("aria-label", pickerText.search);
    search.autocomplete = "off";
    const label = entry.querySelector('label[for="' + select.id + '"]');
    if (label) label.htmlFor = search.id;
    select.hidden = true;
    select.after(chips, search);

    function render() {
      const items = Array.from(select.selectedOptions, function (option) {
        const item = document.createElement("li");
        item.className = "badge rounded-pill text-bg-light border d-inline-flex align-items-center gap-1";
        item.setAttribute("data-partner-chip", option.dataset.code || "");
        item.append(option.text);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm";
        remove.style.fontSize = "0.6em";
        remove.setAttribute("aria-label", pickerText.remove + ": " + option.text);
        remove.addEventListener("click", function () {
          option.selected = false;
          render();
          select.dispatchEvent(new Event("change", { bubbles: true }));
          search.focus();
        });
        item.append(remove);
        return item;
      });
      chips.replaceChildren.apply(chips, items);
    }

    function choose() {
      const wanted = search.value.trim().toLowerCase();
      if (!wanted) return;
      const option = Array.from(select.options).find(function (candidate) {
        return candidate.text.toLowerCase() === wanted || (candidate.dataset.code || "").toLowerCase() === wanted;
      });
      if (!option) return;
      search.value = "";
      if (option.selected) return;
      option.selected = true;
      render();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // Typing a search is not a change to the update: only choosing a partner is.
    search.addEventListener("input", function (event) { event.stopPropagation(); choose(); });
    search.addEventListener("change", function (event) { event.stopPropagation(); choose(); });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); choose(); }
    });
    render();
  }
  form.querySelectorAll("select[data-partner-picker]").forEach(enhancePartners);

  form.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-paragraph-select]")) refreshParagraphChoices(event.target);
  });

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const entry = button.closest("[data-entry]");
    if (button.matches("[data-use-status]")) {
      // The status the paragraphs suggest, chosen: the select takes it and the draft is saved.
      const select = document.getElementById("update-status");
      select.value = button.dataset.useStatus;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      select.focus();
      return;
    }
    if (button.matches("[data-add-entry]")) {
      const added = fromTemplate("entry-template");
      entries.appendChild(added);
      added.querySelectorAll("select[data-partner-picker]").forEach(enhancePartners);
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
  // Leaving with a change not yet sent, or a save still running, would lose the last keystrokes,
  // so the browser asks first; but not when the leaving is the form's own submission (Save now,
  // Submit for review), which carries every field, so nothing typed can be lost by it.
  let leaving = false;  // a submission that carries the whole form is on its way
  let waitingSubmitter = null;  // a Save now held back until the running autosave answers
  function isSubmitButton(element) { return element && element.matches && element.matches("[data-submit-update]"); }
  function markUnsent() { if (!leaving) form.dataset.state = "unsent"; }
  form.addEventListener("input", markUnsent);
  form.addEventListener("change", markUnsent);
  form.addEventListener("htmx:beforeRequest", function (event) {
    if (isSubmitButton(event.detail.elt)) {
      leaving = true;
    } else if (leaving) {
      event.preventDefault();  // an autosave after the submission started: the submission has it all
      return;
    }
    form.dataset.state = "saving";
    form.setAttribute("aria-busy", "true");
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    form.removeAttribute("aria-busy");
    const xhr = event.detail.xhr;
    if (isSubmitButton(event.detail.elt)) {
      if (xhr.status === 200 && xhr.getResponseHeader("HX-Redirect")) return;  // on its way to the result
      leaving = false;
      form.dataset.state = "refused";
      return;
    }
    if (waitingSubmitter) {  // the autosave a Save now waited for has answered (its version is in the form)
      const submitter = waitingSubmitter;
      waitingSubmitter = null;
      form.requestSubmit(submitter);
      return;
    }
    if (form.dataset.state !== "saving") return;  // changed again while saving: another save follows
    form.dataset.state = xhr.status === 200 ? "saved" : "refused";
  });
  form.addEventListener("submit", function (event) {
    // A submission sent while an autosave runs would carry the version that save replaces and be
    // refused as stale: wait for the autosave's answer, then send it.
    if (form.dataset.state === "saving" && form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      waitingSubmitter = event.submitter || form.querySelector('button[type="submit"]');
      return;
    }
    leaving = true;
    form.dataset.state = "saving";
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) leaving = false;  // back from the next page (bfcache): editing again
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    if (form.dataset.state === "unsent" || form.dataset.state === "saving") event.preventDefault();
  });
})();
