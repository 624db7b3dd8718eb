/* The "Herunterladen" menu of every chart (layouts/chart_frame.py): PNG and SVG drawn by Plotly with the
   German file name the figure carries in layout.meta.datei, CSV of the chart's data in German Excel
   format (BOM, ";", decimal comma, TT.MM.JJJJ) written from the figure's data, and "Link kopieren",
   which copies the page's URL: the URL holds every filter, so it reproduces exactly this view.
   One delegated click handler serves every menu, also those of pages loaded later. */
(function () {
  var ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$/;

  function plotOf(graphId) {
    var host = document.getElementById(graphId);
    if (!host) { return null; }
    return host.classList.contains('js-plotly-plot') ? host : host.querySelector('.js-plotly-plot');
  }

  function fileStem(plot) {
    var meta = plot.layout && plot.layout.meta;
    return (meta && meta.datei) || 'klikks_diagramm';
  }

  function say(button, text) {
    var menu = button.closest('.chart-download');
    var status = menu && menu.querySelector('.chart-download-status');
    if (status) { status.textContent = text; }
  }

  function isoDay(value) {
    var match = ISO_DAY.exec(value);
    return match ? match[3] + '.' + match[2] + '.' + match[1] : null;
  }

  function cell(value) {
    if (value === null || value === undefined || (typeof value === 'number' && isNaN(value))) { return ''; }
    if (typeof value === 'number') { return String(value).replace('.', ','); }
    var text = String(value);
    var day = isoDay(text);
    if (day) { return day; }
    text = text.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '').replace(/&amp;/g, '&');
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }  // a spreadsheet would run it as a formula
    if (/[";\r\n]/.test(text)) { text = '"' + text.replace(/"/g, '""') + '"'; }
    return text;
  }

  function axisTitle(layout, axis) {
    var title = layout[axis] && layout[axis].title;
    return (title && (title.text || (typeof title === 'string' ? title : ''))) || '';
  }

  /* A trace whose markers carry values on a colour scale (the map's colour bar and CSV data). */
  function colourScaled(trace) {
    return Boolean(trace.marker && trace.marker.showscale && Array.isArray(trace.marker.color));
  }

  /* One series of the figure: its category labels and its values. */
  function series(trace, layout) {
    var horizontal = trace.orientation === 'h' || (trace.type === 'funnel' && trace.orientation !== 'v');
    if (colourScaled(trace)) {  // the map: one value per state, its colour
      return { categories: trace.text || [], values: trace.marker.color, header: 'Land' };
    }
    var categories = (horizontal ? trace.y : trace.x) || [];
    var values = (horizontal ? trace.x : trace.y) || [];
    if (trace.base) {  // a timeline bar: from its base (a day) for a length in milliseconds
      values = values.map(function (length, i) {
        var start = new Date(trace.base[i]);
        var end = new Date(start.getTime() + Number(length) - 86400000);
        return cell(trace.base[i]) + ' – ' + cell(end.toISOString().slice(0, 10));
      });
    }
    return {
      categories: categories,
      values: values,
      header: axisTitle(layout, horizontal ? 'yaxis' : 'xaxis'),
      unit: axisTitle(layout, horizontal ? 'xaxis' : 'yaxis'),
    };
  }

  /* A wide table (one row per category, one column per series) when every category occurs once per series,
     otherwise a long one (series; category; value). */
  function csvOf(plot) {
    var layout = plot.layout || {};
    var scaled = (plot.data || []).filter(colourScaled);  // of a map: only the values behind its colours
    var traces = scaled.length ? scaled : plot.data || [];
    var parts = traces.map(function (trace) { return series(trace, layout); });
    var names = traces.map(function (trace, i) { return trace.name || parts[i].unit || 'Wert ' + (i + 1); });
    var meta = layout.meta || {};
    var header = meta.kategorie || (parts[0] && parts[0].header) || 'Kategorie';
    var wide = parts.every(function (part) {
      return new Set(part.categories.map(String)).size === part.categories.length;
    });
    var lines = [];
    if (wide) {
      var order = [];
      var seen = {};
      parts.forEach(function (part) {
        part.categories.forEach(function (category) {
          if (!seen.hasOwnProperty(category)) { seen[category] = true; order.push(category); }
        });
      });
      lines.push([header].concat(names).map(cell).join(';'));
      order.forEach(function (category) {
        var row = [cell(category)];
        parts.forEach(function (part) {
          var at = part.categories.map(String).indexOf(String(category));
          row.push(at === -1 ? '' : cell(part.values[at]));
        });
        lines.push(row.join(';'));
      });
    } else {
      lines.push(['Reihe', header, 'Wert'].map(cell).join(';'));
      parts.forEach(function (part, i) {
        part.categories.forEach(function (category, j) {
          lines.push([cell(names[i]), cell(category), cell(part.values[j])].join(';'));
        });
      });
    }
    return '\ufeff' + lines.join('\r\n') + '\r\n';
  }

  function save(text, name) {
    var url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function copyLink(button) {
    var url = window.location.href;
    var done = function () { say(button, 'Link kopiert.'); };
    var failed = function () { say(button, 'Kopieren nicht möglich – Link: ' + url); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, failed);
      return;
    }
    var field = document.createElement('textarea');
    field.value = url;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.appendChild(field);
    field.select();
    try { (document.execCommand('copy') ? done : failed)(); } catch (error) { failed(); }
    field.remove();
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-chart][data-action]');
    if (!button) { return; }
    var action = button.getAttribute('data-action');
    if (action === 'link') { copyLink(button); return; }
    var plot = plotOf(button.getAttribute('data-chart'));
    if (!plot || !window.Plotly || !plot.layout) { say(button, 'Das Diagramm wird noch geladen.'); return; }
    var stem = fileStem(plot);
    if (action === 'csv') {
      save(csvOf(plot), stem + '.csv');
      say(button, 'CSV-Datei wird heruntergeladen.');
      return;
    }
    var size = plot._fullLayout || {};
    window.Plotly.downloadImage(plot, {
      format: action, filename: stem, width: size.width, height: size.height, scale: action === 'png' ? 2 : 1,
    }).then(function () {
      say(button, (action === 'png' ? 'Bild' : 'Vektorgrafik') + ' wird heruntergeladen.');
    }, function () {
      say(button, 'Das Bild konnte nicht erstellt werden.');
    });
  });
})();
