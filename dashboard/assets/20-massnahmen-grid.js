// Formatters for the Maßnahmen grid (German numbers; "keine Angabe" for empty cells, nothing while loading).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.massnahmenNumber = function (params, decimals, suffix) {
  if (!params.data) { return ""; }
  if (params.value === null || params.value === undefined || params.value === "") { return "keine Angabe"; }
  if (typeof params.value === "string") { return params.value + suffix; }  // typed German text until the row reloads
  return new Intl.NumberFormat("de-DE", { minimumFractionDigits: 0, maximumFractionDigits: decimals })
    .format(params.value) + suffix;
};
