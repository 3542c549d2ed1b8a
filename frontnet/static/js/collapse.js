/* On a phone, a long block marked data-collapse-narrow (the change history) starts folded;
   its summary opens it. Left open when the reader is paging through it (data-keep-open). */
(function () {
  if (!window.matchMedia || !window.matchMedia("(max-width: 640px)").matches) return;
  document.querySelectorAll("details[data-collapse-narrow]:not([data-keep-open])").forEach(function (box) {
    box.removeAttribute("open");
  });
})();
