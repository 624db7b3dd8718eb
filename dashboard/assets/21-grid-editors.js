// Cell editors for German input (see layouts/editing.py).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// Numbers are edited as text in German form ("1.234,5"); the server parses and checks them strictly.
// An unchanged text gives back the original value, so opening and closing the editor changes nothing.
dagfuncs.GermanNumberEditor = class {
  init(params) {
    this.params = params;
    var value = params.value;
    if (typeof value === "number") {
      this.initial = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 10 }).format(value);
    } else {
      this.initial = value === null || value === undefined ? "" : String(value);
    }
    this.input = document.createElement("input");
    this.input.type = "text";
    this.input.inputMode = "decimal";
    this.input.className = "ag-input-field-input ag-text-field-input grid-number-editor";
    this.input.setAttribute("aria-label", (params.colDef.headerName || "Zahl") + " (z. B. 1.234,5)");
    var typed = params.eventKey && params.eventKey.length === 1 ? params.eventKey : null;
    this.startedByTyping = typed !== null;
    this.input.value = typed !== null ? typed : this.initial;
  }
  getGui() { return this.input; }
  afterGuiAttached() {
    this.input.focus();
    if (!this.startedByTyping) { this.input.select(); }
  }
  getValue() {
    var text = this.input.value.trim();
    return text === this.initial.trim() ? this.params.value : text;
  }
};

// A list of choices that opens at once (one Enter starts editing and shows it), marks the current value and
// shows colour, icon and label per option. Arrow keys move, Enter or a click takes the choice, Escape cancels.
dagfuncs.ChoiceEditor = class {
  init(params) {
    this.params = params;
    this.options = params.options || [];
    this.value = params.value;
    this.index = Math.max(0, this.options.findIndex(function (o) { return o.value === params.value; }));
    this.list = document.createElement("div");
    this.list.className = "grid-choice-editor";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", params.colDef.headerName || "Auswahl");
    this.list.tabIndex = 0;
    var self = this;
    this.items = this.options.map(function (option, i) {
      var item = document.createElement("div");
      item.className = "grid-choice-option";
      item.setAttribute("role", "option");
      item.dataset.value = option.value;
      var swatch = document.createElement("span");
      swatch.className = "grid-choice-swatch";
      swatch.style.backgroundColor = option.colour;
      swatch.textContent = option.icon || "";
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + option.label));
      if (option.value === params.value) { item.classList.add("grid-choice-current"); }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () {
        self.select(i);
        params.stopEditing();
      });
      self.list.appendChild(item);
      return item;
    });
    this.list.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        event.stopPropagation();
        var step = event.key === "ArrowDown" ? 1 : -1;
        self.select((self.index + step + self.options.length) % self.options.length);
      }
    });
    this.highlight(this.index);
  }
  select(i) {
    if (this.options[i]) { this.value = this.options[i].value; }
    this.highlight(i);
  }
  highlight(i) {
    this.index = i;
    this.items.forEach(function (item, j) { item.setAttribute("aria-selected", j === i ? "true" : "false"); });
    if (this.items[i] && this.items[i].scrollIntoView) { this.items[i].scrollIntoView({ block: "nearest" }); }
  }
  getGui() { return this.list; }
  afterGuiAttached() { this.list.focus(); }
  isPopup() { return true; }
  getValue() { return this.value; }
};
