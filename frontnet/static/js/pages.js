/* Copy an expected name, or put it in the name field: no library, works on phones. */
if (!window.fnPagesCopy) {
  window.fnPagesCopy = true;
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var text = copy.getAttribute("data-copy");
      var done = function () { copy.textContent = copy.getAttribute("data-done"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        var area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } finally { area.remove(); }
      }
    }
    var fill = event.target.closest("[data-fill]");
    if (fill) {
      var input = document.getElementById(fill.getAttribute("data-target"));
      if (input) { input.value = fill.getAttribute("data-fill"); input.dispatchEvent(new Event("input", {bubbles: true})); input.focus(); }
    }
  });
}
