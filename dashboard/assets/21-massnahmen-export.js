// Export buttons of the Maßnahmen page: disabled with a note while the server prepares the file;
// the download response sets the cookie "massnahmen-export" to the link's token, which ends that state.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    massnahmenExport: {
        start: function () {
            window.massnahmenExportSince = Date.now();
            return [true, true, "Export läuft … die Datei wird vorbereitet.", false];
        },
        poll: function (_n, token) {
            const noUpdate = window.dash_clientside.no_update;
            const cookie = document.cookie.split("; ").find((item) => item.startsWith("massnahmen-export="));
            const started = cookie && cookie.split("=")[1] === token;
            const givenUp = Date.now() - (window.massnahmenExportSince || 0) > 180000;
            if (!started && !givenUp) {
                return [noUpdate, noUpdate, noUpdate, noUpdate, noUpdate];
            }
            const next = Math.random().toString(36).slice(2, 12);
            const note = started ? "Download gestartet." : "";
            return [false, false, note, true, next];
        },
    },
});
