/* Keyboard users: chart toolbars (plotly's mode bar, a hover tool) stay out of the tab order,
   so reaching a grid does not take dozens of Tab presses. */
(function () {
  var pending = false;
  function untab() {
    pending = false;
    document.querySelectorAll('.modebar-btn:not([tabindex])').forEach(function (button) {
      button.setAttribute('tabindex', '-1');
    });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(untab); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
