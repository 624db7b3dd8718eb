// Formatters for the Maßnahmen grid (German numbers; "keine Angabe" for empty cells, nothing while loading).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.massnahmenNumber = function (params, decimals, suffix) {
  if (!params.data) { return ""; }
  if (params.value === null || params.value === undefined || params.value === "") { return "keine Angabe"; }
  if (typeof params.value === "string") { return params.value + suffix; }  // typed German text until the row reloads
  return new Intl.NumberFormat("de-DE", { minimumFractionDigits: 0, maximumFractionDigits: decimals })
    .format(params.value) + suffix;
};

// Narrow screens (phones): only the title stays pinned, at a width that leaves room for the editable
// columns (two pinned columns would fill a phone's width and nothing editable could be reached).
(function () {
  var GRID_ID = "massnahmen-grid";
  function fit(api) {
    var element = document.getElementById(GRID_ID);
    var width = element ? element.clientWidth : 0;
    if (!width) { return; }
    var narrow = width < 600;
    api.applyColumnState({
      state: [
        { colId: "code", pinned: narrow ? null : "left" },
        { colId: "title", pinned: "left", width: narrow ? Math.min(170, Math.round(width * 0.45)) : 320 },
      ],
    });
  }
  var watched = null;
  new MutationObserver(function () {
    var element = document.getElementById(GRID_ID);
    if (!element || element === watched || !window.dash_ag_grid) { return; }
    watched = element;
    window.dash_ag_grid.getApiAsync(GRID_ID).then(function (api) {
      fit(api);
      api.addEventListener("gridSizeChanged", function () { fit(api); });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
