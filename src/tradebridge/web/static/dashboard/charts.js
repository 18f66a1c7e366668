/* Draw every chart spec on the page (Vega-Lite or Vega) as SVG with the vendored vega-embed
   (progressive enhancement: the tables beside each chart carry the same numbers with JavaScript off).

   The page's Content-Security-Policy has no 'unsafe-eval', so expressions are parsed to an AST and
   run by Vega's expression interpreter (vega-interpreter) instead of compiled with new Function().
   Each chart offers its own export menu: SVG and PNG only (no source view, no external editor).
   Labels of that menu come from the chart element's data-save-svg / data-save-png / data-menu
   attributes (translated by the server); without them vega-embed's English defaults are used. */
(function () {
  "use strict";
  function options(el) {
    var vega = window.vega || {};
    var i18n = {};
    if (el.dataset.saveSvg) { i18n.SVG_ACTION = el.dataset.saveSvg; }
    if (el.dataset.savePng) { i18n.PNG_ACTION = el.dataset.savePng; }
    if (el.dataset.menu) { i18n.CLICK_TO_VIEW_ACTIONS = el.dataset.menu; }
    return {
      renderer: "svg",
      ast: true,
      expr: vega.expressionInterpreter,
      actions: { export: { svg: true, png: true }, source: false, compiled: false, editor: false },
      downloadFileName: el.id || "chart",
      scaleFactor: 2,
      i18n: i18n
    };
  }
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      var holder = document.getElementById(el.getAttribute("data-spec"));
      if (!holder) { return; }
      var spec;
      try { spec = JSON.parse(holder.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, options(el))
        .then(function () { el.classList.add("drawn"); })
        .catch(function (err) { el.textContent = "chart unavailable: " + err; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
