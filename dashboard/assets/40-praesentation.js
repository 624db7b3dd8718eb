/* Presentation mode: the slide position is counted here, in the browser, and handed to Dash
   (dash_clientside.set_props on the store "praesentation-folie-nr"), so quick presses of a clicker or
   a held key each move exactly one slide; the server renders the slide the position ends on.
   → PageDown Space: next · ← PageUp: back · Esc: leave (back to the page the presentation came from).
   The buttons "Weiter" and "Zurück" do the same on a click. "Vollbild" asks the browser for full screen
   (allowed only after a user gesture, hence a button). */
(function () {
  var FORWARD = ['ArrowRight', 'PageDown', ' ', 'Spacebar'];
  var BACK = ['ArrowLeft', 'PageUp'];
  var deck = null;  // the presentation element the position belongs to
  var position = 0;

  function current() {
    var found = document.querySelector('.presentation');
    if (found !== deck) { deck = found; position = 0; }  // a newly opened presentation starts at its first slide
    return deck;
  }

  function slideCount() {
    var boxes = deck.querySelectorAll('#praesentation-folien input[type=checkbox]');
    var checked = deck.querySelectorAll('#praesentation-folien input[type=checkbox]:checked');
    return checked.length || boxes.length || 1;
  }

  function move(step) {
    if (!current() || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var next = step === 0 ? 0 : Math.max(0, Math.min(position + step, slideCount() - 1));
    if (next === position && step !== 0) { return; }
    position = next;
    window.dash_clientside.set_props('praesentation-folie-nr', {data: position});
  }

  document.addEventListener('keydown', function (event) {
    if (!current() || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) { return; }
    if (FORWARD.indexOf(event.key) !== -1) {
      event.preventDefault();
      move(1);
    } else if (BACK.indexOf(event.key) !== -1) {
      event.preventDefault();
      move(-1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      var exit = document.getElementById('praesentation-beenden');
      if (exit) { exit.click(); }
    }
  });

  document.addEventListener('click', function (event) {
    if (!current() || !event.target || !event.target.closest) { return; }
    if (event.target.closest('#praesentation-weiter')) { move(1); }
    else if (event.target.closest('#praesentation-zurueck')) { move(-1); }
    else if (event.target.closest('#praesentation-vollbild')) {
      if (document.fullscreenElement) { document.exitFullscreen(); } else if (deck.requestFullscreen) { deck.requestFullscreen(); }
    }
  });

  document.addEventListener('change', function (event) {
    // another choice of slides starts the deck again at its first slide
    if (current() && event.target && event.target.closest && event.target.closest('#praesentation-folien')) { move(0); }
  });
})();
