// pressgen studio: the little the pages do without a reload. Every page works without it.
"use strict";

// Build page: follow the running build.
(function followBuild() {
  var job = document.getElementById("build-job");
  if (!job || job.dataset.finished === "yes") return;
  var bar = document.getElementById("build-progress");
  var count = document.getElementById("build-count");
  var label = document.getElementById("build-label");
  function poll() {
    fetch("/build/status", { cache: "no-store" }).then(function (answer) { return answer.json(); }).then(function (state) {
      if (!state) return;
      if (state.total) { bar.max = state.total; bar.value = state.done; count.textContent = state.done + " / " + state.total + " " + state.what; }
      label.textContent = state.label;
      if (state.finished) { location.reload(); } else { setTimeout(poll, 700); }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 500);
})();

// File editor: a problem's line is selected and scrolled to.
(function goToLine() {
  var area = document.querySelector("textarea[data-line]");
  if (!area || !area.dataset.line) return;
  var line = parseInt(area.dataset.line, 10);
  var lines = area.value.split("\n");
  if (!(line >= 1 && line <= lines.length)) return;
  var start = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
  area.focus();
  area.setSelectionRange(start, start + lines[line - 1].length);
  area.scrollTop = Math.max(0, (line - 5) * 18);
})();

// Race tables: move a row up or down (the order at the flag), with the keyboard as with the mouse.
// The form sends rows in the order of their numbers: a move renumbers the fields' names.
(function movableRows() {
  document.querySelectorAll("table.edit").forEach(function (table) {
    var prefix = table.dataset.prefix;
    var body = table.tBodies[0];
    table.tHead.rows[0].appendChild(document.createElement("th")).textContent = table.dataset.order;
    function renumber() {
      Array.prototype.forEach.call(body.rows, function (row, k) {
        row.cells[0].firstChild.textContent = String(k + 1);
        row.querySelectorAll("[name]").forEach(function (field) {
          field.name = field.name.replace(new RegExp("^" + prefix + "-\\d+-"), prefix + "-" + k + "-");
        });
        row.querySelectorAll("[aria-label]").forEach(function (field) {
          field.setAttribute("aria-label", field.getAttribute("aria-label").replace(/\d+$/, String(k + 1)));
        });
      });
    }
    Array.prototype.forEach.call(body.rows, function (row) {
      var cell = row.insertCell(-1);
      [["up", -1], ["down", 1]].forEach(function (move) {
        var button = cell.appendChild(document.createElement("button"));
        button.type = "button";
        button.className = "move";
        button.textContent = move[1] < 0 ? "↑" : "↓";
        button.setAttribute("aria-label", table.dataset[move[0]]);
        button.addEventListener("click", function () {
          var other = move[1] < 0 ? row.previousElementSibling : row.nextElementSibling;
          if (!other) return;
          body.insertBefore(row, move[1] < 0 ? other : other.nextElementSibling);
          renumber();
          button.focus();
        });
      });
    });
  });
})();

// Translation page: a unit saved or accepted without leaving the page. The server answers with the
// page as it is now; the unit and the release's translation status are taken from it.
(function translationUnits() {
  var units = document.getElementById("units");
  if (!units || !window.fetch || !window.DOMParser) return;
  units.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("unit-form")) return;
    event.preventDefault();
    var section = form.closest("section.unit");
    var action = (event.submitter && event.submitter.getAttribute("formaction")) || form.getAttribute("action");
    section.setAttribute("aria-busy", "true");
    fetch(action, { method: "POST", body: new URLSearchParams(new FormData(form)), cache: "no-store" })
      .then(function (answer) { return answer.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var unit = fresh.getElementById(section.id);
        var status = fresh.getElementById("translation-status");
        if (!unit || !status) {  // not the translation page (a refusal of the whole request): show it
          document.replaceChild(document.adoptNode(fresh.documentElement), document.documentElement);
          return;
        }
        section.replaceWith(unit);
        document.getElementById("translation-status").replaceWith(status);
        var area = unit.querySelector("textarea");
        if (area) area.focus();
      })
      .catch(function () { section.removeAttribute("aria-busy"); form.submit(); });
  });
})();
