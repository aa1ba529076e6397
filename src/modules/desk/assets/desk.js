// Small behaviours the desk needs beyond htmx; no inline handlers anywhere (strict CSP).
(() => {
  const live = () => document.getElementById("live-status");
  const setLive = (online) => {
    const el = live();
    if (!el) return;
    el.textContent = online ? el.dataset.online : el.dataset.offline;
    el.classList.toggle("offline", !online);
  };
  document.body.addEventListener("htmx:sseOpen", () => setLive(true));
  document.body.addEventListener("htmx:sseError", () => setLive(false));

  // Errors from htmx requests land in the toast (the server marks them with HX-Retarget); clear it later.
  document.body.addEventListener("htmx:afterSwap", (e) => {
    const toast = document.getElementById("toast");
    if (e.detail.target === toast)
      setTimeout(() => {
        toast.textContent = "";
      }, 8000);
  });
  // A network failure (server down) also needs saying.
  document.body.addEventListener("htmx:sendError", () => {
    const toast = document.getElementById("toast");
    if (toast)
      toast.textContent =
        document.documentElement.lang === "en"
          ? "The server cannot be reached. Check the connection and try again."
          : "Server tidak dapat dihubungi. Periksa koneksi lalu coba lagi.";
  });

  // Document viewer: rotate and zoom images with buttons carrying data-viewer="rotate|zoom-in|zoom-out|reset".
  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-viewer]");
    if (!button) return;
    const figure = button.closest("[data-viewer-root]");
    const img = figure?.querySelector("img");
    if (!img) return;
    const state = { rotate: Number(img.dataset.rotate || 0), zoom: Number(img.dataset.zoom || 1) };
    const action = button.dataset.viewer;
    if (action === "rotate") state.rotate = (state.rotate + 90) % 360;
    if (action === "zoom-in") state.zoom = Math.min(4, state.zoom * 1.25);
    if (action === "zoom-out") state.zoom = Math.max(0.5, state.zoom / 1.25);
    if (action === "reset") {
      state.rotate = 0;
      state.zoom = 1;
    }
    img.dataset.rotate = String(state.rotate);
    img.dataset.zoom = String(state.zoom);
    img.style.transform = `rotate(${state.rotate}deg) scale(${state.zoom})`;
  });

  // Keyboard: "/" jumps to the search box, as in most web mail and chat tools.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.target.closest("input, textarea, select")) return;
    const search = document.querySelector('input[name="search"]');
    if (search) {
      e.preventDefault();
      search.focus();
    }
  });

  // Forms that ask for confirmation: data-confirm="question" on the form.
  document.addEventListener(
    "submit",
    (e) => {
      const form = e.target;
      if (form.dataset?.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
    },
    true,
  );
})();
