// hindsight: draws the ```mermaid blocks of a record page with the bundled mermaid
// (static/mermaid/, MIT, see its LICENSE), in the page's light or dark theme, again when
// the theme changes. Without scripts, or if a diagram does not parse, its source stays.
(function () {
  "use strict";
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.diagram"));
  if (!window.mermaid || !figures.length) return;
  var doc = document.documentElement, count = 0, system = window.matchMedia("(prefers-color-scheme: dark)");
  function dark() { return doc.dataset.theme ? doc.dataset.theme === "dark" : system.matches; }
  function draw() {
    var theme = dark() ? "dark" : "default";
    // Edge labels on a darker ground than mermaid's dark theme gives them (4.4:1 there).
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: theme,
      themeVariables: theme === "dark" ? { edgeLabelBackground: "#3a3f45" } : {} });
    figures.forEach(function (figure) {
      var source = figure.querySelector(".diagram-source");
      var drawn = figure.querySelector(".diagram-drawn");
      if (!source || (drawn && drawn.dataset.theme === theme)) return;
      var id = "hs-diagram-" + (++count);
      figure.dataset.state = "drawing";
      window.mermaid.render(id, source.textContent).then(function (result) {
        if (!drawn) {
          drawn = document.createElement("div");
          drawn.className = "diagram-drawn";
          figure.appendChild(drawn);
        }
        drawn.innerHTML = result.svg;
        drawn.dataset.theme = theme;
        source.hidden = true;
        figure.dataset.state = "drawn";
      }, function () {
        // Mermaid leaves its error picture in the page: remove it, keep the source.
        var left = document.getElementById("d" + id);
        if (left) left.remove();
        source.hidden = false;
        figure.dataset.state = "error";
      });
    });
  }
  draw();
  new MutationObserver(draw).observe(doc, { attributes: true, attributeFilter: ["data-theme"] });
  if (system.addEventListener) system.addEventListener("change", draw);
})();
