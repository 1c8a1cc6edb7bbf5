/* handbook: the reply-by sentence, in the reader's time. handbook.js loads this file only on a page that needs it. */
(function () {
  "use strict";

  // Reply-by calculator: the same rules as handbook/replyby.py (read its docstring).
  var DAY = 86400000;
  var partsCache = {};
  function localParts(ms, zone) {
    var fmt = partsCache[zone] || (partsCache[zone] = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }));
    var p = {};
    fmt.formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return { y: +p.year, m: +p.month, d: +p.day, H: +p.hour % 24, M: +p.minute, S: +p.second };
  }
  function offset(ms, zone) {
    var p = localParts(ms, zone);
    return Date.UTC(p.y, p.m - 1, p.d, p.H, p.M, p.S) - Math.floor(ms / 1000) * 1000;
  }
  function toUtc(day, minutes, zone) {
    var guess = day + minutes * 60000;
    var first = offset(guess, zone);
    var result = guess - first;
    var second = offset(result, zone);
    return second === first ? result : guess - second;
  }
  function isoDay(day) { return new Date(day).toISOString().slice(0, 10); }
  function weekday(day) { return (new Date(day).getUTCDay() + 6) % 7; }
  function minutesOf(hhmm) { var p = hhmm.split(":"); return +p[0] * 60 + +p[1]; }

  function replyBy(isoSent, sla, office) {
    office = office || officeData();
    var zone = office.timezone;
    var sent = Date.parse(isoSent);
    var local = localParts(sent, zone);
    var today = Date.UTC(local.y, local.m - 1, local.d);
    var nowMinutes = local.H * 60 + local.M;
    var closed = {};
    office.closed.forEach(function (d) { closed[d] = true; });
    function hoursOf(day) { return office.hours[String(weekday(day))]; }
    function isOpen(day) { return Boolean(hoursOf(day)) && !closed[isoDay(day)]; }
    function nextOpen(day) {
      for (var i = 1; i <= 400; i++) if (isOpen(day + i * DAY)) return day + i * DAY;
      throw new Error("the office never opens");
    }
    var result;
    if (sla.unit === "hours") {
      result = sent + sla.within * 3600000;
    } else if (sla.unit === "days") {
      var later = today + sla.within * DAY;
      result = toUtc(later, sla.by === "end_of_day" ? 23 * 60 + 59 : nowMinutes, zone);
    } else if (sla.unit === "business_hours") {
      var remaining = sla.within * 60;
      var day = today;
      var cursor = nowMinutes;
      for (var n = 0; n < 800 && result === undefined; n++) {
        if (isOpen(day)) {
          var h = hoursOf(day);
          var start = Math.max(cursor, minutesOf(h[0]));
          var end = minutesOf(h[1]);
          if (start < end) {
            if (remaining <= end - start) result = toUtc(day, start + remaining, zone);
            else remaining -= end - start;
          }
        }
        day += DAY;
        cursor = 0;
      }
    } else {
      var target = today;
      if (sla.within === 0) {
        var openNow = isOpen(today) && nowMinutes < minutesOf(hoursOf(today)[1]);
        target = openNow ? today : nextOpen(today);
      } else {
        for (var k = 0; k < sla.within; k++) target = nextOpen(target);
      }
      var th = hoursOf(target);
      var at = sla.by === "end_of_day"
        ? minutesOf(th[1])
        : Math.min(Math.max(nowMinutes, minutesOf(th[0])), minutesOf(th[1]));
      result = toUtc(target, at, zone);
    }
    return new Date(result).toISOString();
  }
  window.handbookReplyBy = replyBy;

  function officeData() {
    var node = document.getElementById("hb-office");
    return node ? JSON.parse(node.textContent) : null;
  }

  function showReplyBy() {
    var box = document.querySelector("[data-hb-replyby]");
    var office = officeData();
    if (!box || !office) return;
    var lang = document.documentElement.lang || "en";
    // The day and the time go into the sentence apart, so each language joins them its own
    // way ("el lunes, 7 de diciembre, a las 14:00"), which Intl's one string does not.
    var day = new Intl.DateTimeFormat(lang, { weekday: "long", month: "long", day: "numeric" });
    var time = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit" });
    var now = new Date().toISOString();
    var ack = new Date(replyBy(now, office.acknowledge, office));
    var answer = new Date(replyBy(now, office.answer, office));
    var text = box.dataset.template
      .replace("{ack_day}", day.format(ack))
      .replace("{ack_time}", time.format(ack))
      .replace("{answer_day}", day.format(answer))
      .replace("{answer_time}", time.format(answer));
    var out = box.querySelector(".hb-replyby__out") || box.querySelector(".hb-replyby__text");
    out.textContent = text;
    box.hidden = false;
  }

  (window.handbookModules = window.handbookModules || {}).replyby = showReplyBy;
  showReplyBy();
})();
