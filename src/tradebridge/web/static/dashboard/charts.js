/* Draw every Vega-Lite spec on the page as SVG with the vendored vega-embed (progressive enhancement:
   the tables beside each chart carry the same numbers with JavaScript off). */
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      var holder = document.getElementById(el.getAttribute("data-spec"));
      if (!holder) { return; }
      var spec;
      try { spec = JSON.parse(holder.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, { renderer: "svg", actions: false })
        .then(function () { el.classList.add("drawn"); })
        .catch(function (err) { el.textContent = "chart unavailable: " + err; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
