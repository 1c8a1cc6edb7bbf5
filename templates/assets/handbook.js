/* handbook: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  function nameSearchDialog() {
    // Material's search dialog has role="dialog" but no accessible name; reuse the
    // (already translated) label of its search field.
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = document.querySelector(".md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label") && input) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
    }
  }

  // On paper a link is only useful with its address: print it after the link, resolved to
  // a full URL (CSS attr(href) alone would print "../rules/").
  function markPrintLinks() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^(#|mailto:|tel:|javascript:)/.test(href) || a.classList.contains("headerlink")) return;
      if (a.textContent.trim() === a.href || a.textContent.trim() === href) return;
      a.setAttribute("data-print-href", a.href);
    });
  }


  // Each page loads only the code it uses: a module beside this file, by the element that
  // needs it. The module runs itself once loaded and registers in window.handbookModules, so
  // a page swapped in by instant navigation runs it again without loading it again.
  var MODULES = {
    quiz: "[data-hb-quiz]",
    calendar: "ul.hb-cal",
    replyby: "[data-hb-replyby]",
    video: ".hb-video",
    texts: "#hb-theme-texts"
  };
  var modules = window.handbookModules = window.handbookModules || {};
  var self = document.currentScript || document.querySelector('script[src*="assets/handbook.js"]');
  var here = self ? self.src : location.href;
  var requested = {};
  function loadModules() {
    Object.keys(MODULES).forEach(function (name) {
      if (!document.querySelector(MODULES[name])) return;
      if (modules[name]) {
        modules[name]();
      } else if (!requested[name] && !document.querySelector('script[src*="handbook-' + name + '.js"]')) {
        requested[name] = true;
        var script = document.createElement("script");
        script.src = new URL("handbook-" + name + ".js", here).href;
        document.body.appendChild(script);
      }
    });
  }

  function start() {
    markPrintLinks();
    nameSearchDialog();
    loadModules();
  }
  // Material's instant navigation swaps pages without a reload; its document$ observable
  // announces each one. Without it, run once on load.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
