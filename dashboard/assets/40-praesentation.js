/* Presentation mode: keys and presenter clickers (which send PageDown/PageUp or arrow keys) press the
   deck's buttons, so every slide change goes through the same callback as a click.
   → PageDown Space: next · ← PageUp: back · Esc: leave (back to the page the presentation came from).
   "Vollbild" asks the browser for full screen (only allowed after a user gesture, hence a button). */
(function () {
  var FORWARD = ['ArrowRight', 'PageDown', ' ', 'Spacebar'];
  var BACK = ['ArrowLeft', 'PageUp'];

  function press(id) {
    var element = document.getElementById(id);
    if (element) { element.click(); }
  }

  document.addEventListener('keydown', function (event) {
    if (!document.querySelector('.presentation') || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) { return; }
    if (FORWARD.indexOf(event.key) !== -1) {
      event.preventDefault();
      press('praesentation-weiter');
    } else if (BACK.indexOf(event.key) !== -1) {
      event.preventDefault();
      press('praesentation-zurueck');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      press('praesentation-beenden');
    }
  });

  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest && event.target.closest('#praesentation-vollbild');
    if (!button) { return; }
    var deck = document.querySelector('.presentation');
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (deck && deck.requestFullscreen) { deck.requestFullscreen(); }
  });
})();
