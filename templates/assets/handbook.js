/* handbook: small progressive enhancements; the site works without them. */
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameSearchDialog);
  } else {
    nameSearchDialog();
  }
})();
