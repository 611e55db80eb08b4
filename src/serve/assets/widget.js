// ticketlint's checks on any <textarea> of a helpdesk's own form:
//   <script src="https://ticketlint.example/widget.js" defer></script>
//   <textarea name="message" data-ticketlint></textarea>
// Advice appears under each marked textarea as the customer types. The page
// must be allowed by the server's --cors-origin. Text is shown as text only.
(function () {
  "use strict";
  const script = document.currentScript;
  const server = new URL(script ? script.src : "/", location.href).origin;

  function attach(textarea) {
    if (textarea.dataset.ticketlintAttached) return;
    textarea.dataset.ticketlintAttached = "1";
    const panel = document.createElement("ul");
    panel.className = "ticketlint-advice";
    panel.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", panel);
    let timer = 0, sequence = 0;
    const check = async () => {
      const mine = ++sequence;
      if (!textarea.value.trim()) { panel.replaceChildren(); return; }
      try {
        const response = await fetch(server + "/v1/lint", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ text: textarea.value }),
        });
        if (!response.ok || mine !== sequence) return;
        const file = (await response.json()).files[0];
        panel.replaceChildren(...file.diagnostics.map((d) => {
          const li = document.createElement("li");
          li.dataset.rule = d.rule;
          li.textContent = d.suggestion ? `${d.message} — ${d.suggestion}` : d.message;
          return li;
        }));
      } catch (_) { /* the form works without advice */ }
    };
    textarea.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 400); });
  }

  function attachAll() {
    document.querySelectorAll("textarea[data-ticketlint]").forEach(attach);
  }
  window.ticketlint = { attach };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
  else attachAll();
})();
