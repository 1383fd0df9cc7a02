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
