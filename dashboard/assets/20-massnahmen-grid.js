// Formatters for the Maßnahmen grid (German numbers; "keine Angabe" for empty cells, nothing while loading).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.massnahmenNumber = function (params, decimals, suffix) {
  if (!params.data) { return ""; }
  if (params.value === null || params.value === undefined || params.value === "") { return "keine Angabe"; }
  return new Intl.NumberFormat("de-DE", { minimumFractionDigits: 0, maximumFractionDigits: decimals })
    .format(params.value) + suffix;
};

// Narrow screens (phones): keep only the title pinned, at a width that leaves room for the editable columns.
dagfuncs.massnahmenFitNarrow = function (params) {
  var narrow = params.clientWidth < 600;
  params.api.applyColumnState({
    state: [
      { colId: "code", pinned: narrow ? null : "left" },
      { colId: "title", pinned: "left", width: narrow ? Math.min(170, Math.round(params.clientWidth * 0.45)) : 320 },
    ],
  });
};
