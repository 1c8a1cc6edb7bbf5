/* handbook: calendar links named for screen readers; handbook.js loads this file only on a calendar page. The marks against the reader's date are inlined in the page (components/calendar-marks.js), to run before the first paint. */
(function () {
  "use strict";

  // Each "Add to my calendar" link is named with its entry's name and date (WCAG 2.4.9,
  // read out of context in a list of links), from the list's one template: written into
  // every link by the page, the same words would weigh 0.7 kB gzipped on the site calendar
  // (the first month's list carries it, for every list of the page).
  // Without JavaScript the link's purpose still shows from its list item (WCAG 2.4.4).
  function nameAddLinks() {
    // The date in full, as in a sentence ("7 maja 2027"): the card's is short for the eye.
    var full = { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" };
    var first = document.querySelector("ul.hb-cal[data-add-label]");
    if (!first) return;
    document.querySelectorAll("ul.hb-cal .hb-cal__item").forEach(function (item) {
      var link = item.querySelector("a[download]");
      var name = item.querySelector(".hb-cal__head strong");
      var date = item.querySelector(".hb-cal__head time");
      if (!link || !name || !date) return;
      var label = first.dataset.addLabel
        .replace("{name}", function () { return name.textContent; })
        .replace("{date}", function () {
          return new Date(date.dateTime).toLocaleDateString(document.documentElement.lang, full);
        });
      link.setAttribute("aria-label", label);
    });
  }

  (window.handbookModules = window.handbookModules || {}).calendar = nameAddLinks;
  nameAddLinks();
})();
