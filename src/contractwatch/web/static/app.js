/* contractwatch: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters: apply on change; collapse the panel on narrow screens.
  var form = document.getElementById("filters");
  if (form) {
    form.addEventListener("change", function (e) {
      if (e.target.matches("input[type=checkbox], select")) form.submit();
    });
    var box = form.querySelector("[data-collapse-narrow]");
    if (box && window.matchMedia("(max-width: 800px)").matches) box.removeAttribute("open");
  }

  // Document page: legend buttons and event cards focus the highlights.
  var text = document.getElementById("doc-text");
  if (!text) return;
  var marks = text.querySelectorAll("mark.hl");
  function only(fn) {
    text.classList.add("focusing");
    marks.forEach(function (m) { m.classList.toggle("on", fn(m)); });
  }
  function clear() {
    text.classList.remove("focusing");
    marks.forEach(function (m) { m.classList.remove("on"); });
  }
  var pressed = null;
  function press(btn, fn) {
    document.querySelectorAll("[aria-pressed=true]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    if (pressed === btn) { pressed = null; clear(); return; }
    pressed = btn;
    btn.setAttribute("aria-pressed", "true");
    only(fn);
  }
  document.querySelectorAll(".legend .lg").forEach(function (btn) {
    var f = btn.getAttribute("data-field");
    var test = function (m) { return (" " + m.getAttribute("data-fields") + " ").indexOf(" " + f + " ") >= 0; };
    btn.setAttribute("aria-pressed", "false");
    btn.addEventListener("mouseenter", function () { if (!pressed) only(test); });
    btn.addEventListener("mouseleave", function () { if (!pressed) clear(); });
    btn.addEventListener("click", function () { press(btn, test); });
  });
  document.querySelectorAll(".focus-ev").forEach(function (btn) {
    var n = btn.getAttribute("data-event");
    var test = function (m) { return (" " + m.getAttribute("data-events") + " ").indexOf(" " + n + " ") >= 0; };
    btn.addEventListener("click", function () {
      press(btn, test);
      var first = Array.prototype.find.call(marks, test);
      if (pressed === btn && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });
})();
