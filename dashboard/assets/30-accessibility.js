/* Keyboard and screen-reader fixes for parts the app does not render itself (plotly's mode bar,
   Dash's dropdown and slider). Applied whenever the page changes, batched to one pass per frame.
   - Chart toolbars (a hover tool) stay out of the tab order, so reaching a grid takes few Tab presses.
   - Dropdowns: Dash puts an invisible, aria-hidden stand-in into the tab order that forwards focus to
     the real button; the button itself becomes the tab stop instead and is named by its <label>.
   - Sliders and file uploads are named by their <label> as well.
   - The date range picker's wrapper is a plain group of two inputs; the popup state Dash puts on it
     (aria-expanded) is not allowed there and confuses screen readers. */
(function () {
  var pending = false;

  function labelIdFor(controlId) {
    if (!controlId) { return null; }
    var label = document.querySelector('label[for="' + CSS.escape(controlId) + '"]');
    if (!label) { return null; }
    if (!label.id) { label.id = controlId + '--name'; }
    return label.id;
  }

  function nameBy(element, labelId, keep) {
    var current = element.getAttribute('aria-labelledby') || '';
    if (labelId && current.split(' ').indexOf(labelId) === -1) {
      element.setAttribute('aria-labelledby', (labelId + ' ' + (keep ? current : '')).trim());
    }
  }

  function apply() {
    pending = false;
    document.querySelectorAll('.modebar-btn:not([tabindex])').forEach(function (button) {
      button.setAttribute('tabindex', '-1');
    });
    document.querySelectorAll('.dash-dropdown-wrapper > button.dash-dropdown').forEach(function (button) {
      if (!button.disabled && button.getAttribute('tabindex') !== '0') { button.setAttribute('tabindex', '0'); }
      nameBy(button, labelIdFor(button.id), true);
    });
    document.querySelectorAll('.dash-slider-container [role="slider"]').forEach(function (thumb) {
      var container = thumb.closest('.dash-slider-container');
      nameBy(thumb, labelIdFor(container && container.id), false);
    });

    // dcc.Upload's hidden file input is named by the <label> of the upload area.
    document.querySelectorAll('input[type="file"]:not([aria-labelledby])').forEach(function (input) {
      var upload = input.parentElement && input.parentElement.closest('[id]');
      nameBy(input, labelIdFor(upload && upload.id), false);
    });

    document.querySelectorAll('.dash-datepicker-input-wrapper[aria-expanded]').forEach(function (wrapper) {
      wrapper.removeAttribute('aria-expanded');
      wrapper.removeAttribute('aria-haspopup');
      wrapper.removeAttribute('aria-labelledby');
      wrapper.setAttribute('role', 'group');
    });
  }

  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(apply); }
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['aria-expanded'],
  });
})();
