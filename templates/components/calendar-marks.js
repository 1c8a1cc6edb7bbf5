/* Inlined before a page's calendar lists by calendar-list.html.j2, and run after each list, so that each is marked before it is painted: marking the lists against the reader's date later, from a file, shifted the page (Lighthouse CLS 0.30). */
(function () {
  "use strict";
  // The build date is not the reader's today, so past and next entries are marked again here,
  // against the reader's own local date; on the build date nothing changes.
  function localISODate(date) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }
  function mark(today) {
    var iso = today || localISODate(new Date());
    var labels = document.querySelector("ul.hb-cal[data-past-label]").dataset;
    var upcoming = 0, lastNext = null;
    // The next three entries are marked, and every other entry due the same day as the third.
    document.querySelectorAll("ul.hb-cal .hb-cal__item").forEach(function (item) {
      var head = item.querySelector(".hb-cal__head");
      var date = head.querySelector("time").getAttribute("datetime");
      var kind = null;
      if (date < iso) {
        kind = "past";
      } else if (upcoming < 3 || date === lastNext) {
        upcoming += 1;
        lastNext = date;
        kind = "next";
      }
      item.classList.remove("hb-cal__item--past", "hb-cal__item--next");
      var old = head.querySelector(".hb-cal__badge");
      if (old) old.remove();
      if (!kind) return;
      item.classList.add("hb-cal__item--" + kind);
      var badge = document.createElement("span");
      badge.className = "hb-cal__badge";
      // The space ends the badge's word for search and copied text; it is not drawn.
      badge.textContent = labels[kind + "Label"] + " ";
      head.prepend(badge);
    });
    fold(labels);
  }
  // A month whose dates have all passed is folded behind a button under its heading, so a
  // phone reader starts at what is still to come; the month stays in the jump links.
  function fold(labels) {
    document.querySelectorAll("ul.hb-cal").forEach(function (list) {
      var items = list.querySelectorAll(".hb-cal__item").length;
      var past = items && items === list.querySelectorAll(".hb-cal__item--past").length;
      var button = list.previousElementSibling;
      if (!button || !button.classList.contains("hb-cal__show")) button = null;
      if (!past) {
        if (button) button.remove();
        list.hidden = false;
        return;
      }
      if (!button) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "hb-cal__show md-button";
        button.textContent = labels.showLabel;
        button.setAttribute("aria-controls", list.id);
        list.parentNode.insertBefore(button, list);
      }
      button.setAttribute("aria-expanded", "false");
      list.hidden = true;
      button.onclick = function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        list.hidden = open;
      };
    });
  }
  // Called after each month's list as the page is read: a slow phone may paint the months
  // above before the parser reaches the last one, so each is marked before it can be seen.
  window.handbookMarkCalendars = mark;
})();
